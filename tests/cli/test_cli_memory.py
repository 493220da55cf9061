"""`wwt-sms get-many` holds a bounded amount whatever the number of IDs: the embedded mock
keeps a short journal and is reached through its transport (respx records nothing); a failed
row waits in the window without the traceback of its lookup, and reads as the same error on
its own.

No memory is measured here: `benchmarks/bench_cli_memory.py` does that."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.keys import KEY
from wwt_sms import _cli, _cli_many, _cli_mock
from wwt_sms._cli import ExitCode
from wwt_sms._cli_output import Rows
from wwt_sms._exceptions import WwtError
from wwt_sms_mock import LiveServer, WwtMock, serve_in_thread

from .test_coverage_cli_in_process import Run

LINES = 1000
CONCURRENCY = 4


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with serve_in_thread() as url:
        yield url


@pytest.mark.parametrize("mode", [[], ["--batch"]], ids=["per-id", "batch"])
def test_the_embedded_mock_keeps_little_of_what_it_was_asked(
    monkeypatch: pytest.MonkeyPatch, mode: list[str]
) -> None:
    mocks: list[WwtMock] = []

    def demo_mock(base_url: str | None) -> WwtMock | None:
        mock = _cli_mock.demo_mock(base_url)
        assert mock is not None  # the mock extra is installed for the tests
        mocks.append(mock)
        return mock

    monkeypatch.setattr(_cli, "demo_mock", demo_mock)
    monkeypatch.setattr("sys.stdin", io.StringIO("211\n" * LINES))
    result = Run("--mock", "--json", "sms", "get-many", "-", "--concurrency", str(CONCURRENCY),
                 *mode)  # fmt: skip
    assert result.code == ExitCode.OK, result.err
    assert len(result.out.splitlines()) == LINES
    (mock,) = mocks
    assert 0 < len(mock.journal) <= _cli_mock.MOCK_JOURNAL_SIZE
    with pytest.raises(RuntimeError, match="not active"):
        _ = mock.router  # never started: respx records nothing


def test_a_failed_row_has_no_traceback_and_says_what_the_single_lookup_says(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[WwtError] = []
    original = Rows.row

    def row(self: Rows, id: int | str, sms: Any, error: WwtError | None) -> None:
        if error is not None:
            errors.append(error)
        original(self, id, sms, error)

    monkeypatch.setattr(Rows, "row", row)
    monkeypatch.setattr("sys.stdin", io.StringIO("999999\n211\n"))
    options = ("--base-url", server, "--api-key", KEY, "--json")
    many = Run(*options, "sms", "get-many", "-")
    single = Run(*options, "sms", "get", "999999")
    assert many.code == single.code == ExitCode.API_ERROR
    (error,) = errors
    assert error.__traceback__ is None
    failed, found = map(json.loads, many.out.splitlines())
    said = json.loads(single.err)
    assert {k: failed[k] for k in ("error_type", "error_code", "error")} == {
        k: said[k] for k in ("error_type", "error_code", "error")
    }
    assert (failed["ok"], found["ok"]) == (False, True)


def test_tracebacks_are_dropped_along_a_chain_that_loops() -> None:
    def raised(error: BaseException) -> BaseException:
        try:
            raise error
        except BaseException as caught:
            return caught

    first, second = raised(WwtError("first")), raised(ValueError("second"))
    first.__cause__, second.__context__ = second, first  # a loop: must still end
    assert isinstance(first, WwtError)
    assert _cli_many._without_tracebacks(first) is first
    assert first.__traceback__ is None
    assert second.__traceback__ is None
    assert first.__cause__ is second  # kept: a connection error's row names the cause's host
