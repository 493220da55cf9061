"""`wwt-sms sms get-many`: one row per line given, in the order given, however the lookups
complete and however often an ID repeats; JSON keeps IDs above 2^53 - 1 exact."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.keys import KEY
from wwt_sms._cli import ExitCode
from wwt_sms_mock import LiveServer, serve_in_thread

from .test_coverage_cli_in_process import Run

BIG = 2**53 + 1  # a demo message; not exact as a JavaScript number
LINES = ["211", "212", "211", "abc", str(BIG), "213", "212"]


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with serve_in_thread() as url:
        yield url


def get_many(server: LiveServer, *args: str) -> Run:
    return Run("--base-url", server, "--api-key", KEY, "--json", "sms", "get-many", *args)


@pytest.mark.parametrize("mode", [[], ["--batch"]], ids=["per-id", "batch"])
def test_one_row_per_line_in_input_order(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch, mode: list[str]
) -> None:
    # The first lookup is the slowest: answered in completion order, 211 would come last.
    server.mock.reset()
    server.mock.force(delay=0.3, id=211, times=1)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(LINES) + "\n"))
    result = get_many(server, "-", "--concurrency", "4", *mode)
    assert result.code == ExitCode.API_ERROR  # the line "abc"
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [str(r["id"]) for r in records] == LINES
    assert [r["ok"] for r in records] == [True, True, True, False, True, True, True]


def test_json_ids_above_2_53_are_strings(server: LiveServer) -> None:
    one = Run("--base-url", server, "--api-key", KEY, "--json", "sms", "get", str(BIG))
    assert one.code == ExitCode.OK
    assert json.loads(one.out)["id"] == str(BIG)
    small = Run("--base-url", server, "--api-key", KEY, "--json", "sms", "get", "211")
    assert json.loads(small.out)["id"] == 211  # exact in JavaScript: a number, as the API's


@pytest.mark.parametrize("mode", [[], ["--batch"]], ids=["per-id", "batch"])
def test_json_rows_keep_large_ids_exact(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch, mode: list[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{BIG}\n211\n"))
    result = get_many(server, "-", *mode)
    assert [json.loads(line)["id"] for line in result.out.splitlines()] == [str(BIG), 211]
    assert f'"id": "{BIG}"' in result.out


def test_the_window_holds_a_bounded_number_of_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from wwt_sms import _cli_many

    seen: list[int] = []
    original = _cli_many._write_front

    def write_front(window: Any, rows: Any, progress: Any) -> bool:
        seen.append(len(window))
        return original(window, rows, progress)

    monkeypatch.setattr(_cli_many, "_write_front", write_front)
    monkeypatch.setattr("sys.stdin", io.StringIO("211\n" * 200))
    result = Run("--mock", "--json", "sms", "get-many", "-", "--concurrency", "3")
    assert result.code == ExitCode.OK
    assert len(result.out.splitlines()) == 200
    assert max(seen) == _cli_many.REORDER_FACTOR * 3
