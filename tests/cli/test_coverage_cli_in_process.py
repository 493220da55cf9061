"""`wwt-sms` called in-process (`main(argv, stdout=, stderr=)`): every command, format and exit
code, where coverage can see them.

`test_cli.py` runs the real console script in a subprocess, which the coverage configuration
does not follow; these run the same paths through `main` (fast: no interpreter start-up).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wwt_sms
from wwt_sms import _cli
from wwt_sms._cli import ExitCode
from wwt_sms_mock import LiveServer, serve_in_thread

IDS = "211\n212\n# a comment\n\n999999\nabc\n9007199254740993\n"


class Run:
    """One in-process run of the CLI: exit code, stdout, stderr."""

    def __init__(self, *argv: str, stderr: io.StringIO | None = None) -> None:
        out, err = io.StringIO(), stderr or io.StringIO()
        self.code = _cli.main(list(argv), stdout=out, stderr=err)
        self.out, self.err = out.getvalue(), err.getvalue()

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WWT_API_KEY", "WWT_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with serve_in_thread() as url:
        yield url


def test_sms_get_prints_a_table_with_finality() -> None:
    run = Run("--mock", "sms", "get", "211")
    assert run.code == ExitCode.OK, run.err
    lines = dict(line.split(None, 1) for line in run.out.splitlines())
    assert lines["status"] == "delivered (final)"
    assert lines["time_dr"] == "2017-01-17T09:11:45+00:00"


def test_a_pending_message_shows_dashes_and_not_final() -> None:
    run = Run("--mock", "sms", "get", "212")
    lines = dict(line.split(None, 1) for line in run.out.splitlines())
    assert lines["status"].endswith("(not final)")
    assert lines["time_dr"] == "-"


def test_sms_get_by_reference_as_json() -> None:
    run = Run("--mock", "--json", "sms", "get", "--reference", "ext19")
    assert run.code == ExitCode.OK
    assert run.json()["id"] == 211
    assert run.json()["price"] == "0.23"


@pytest.mark.parametrize("as_json", [False, True])
def test_task_get_in_both_forms(as_json: bool) -> None:
    run = Run("--mock", *(["--json"] if as_json else []), "task", "get", "77")
    assert run.code == ExitCode.OK
    if as_json:
        assert run.json()["total"] == 2
    else:
        lines = dict(line.split(None, 1) for line in run.out.splitlines())
        assert lines["originator"] == "alpha_name"
        assert lines["total_price"] == "0.4"


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--mock", "sms", "get", "999999"], ExitCode.API_ERROR, "SmsNotFoundError (API code 20)"),
        (["--mock", "task", "get", "5"], ExitCode.API_ERROR, "TaskNotFoundError"),
        (["--mock", "sms", "get", "0"], ExitCode.USAGE, "ClientValidationError"),
        (
            ["--mock", "sms", "get", "-r", "not/ok"],
            ExitCode.USAGE,
            "a reference is 1 to 50 printable ASCII",
        ),
        (["sms", "get", "211"], ExitCode.USAGE, "WWT_API_KEY"),
        (["sms", "get", "abc"], ExitCode.USAGE, "not an ID"),
        (["--timeout", "soon", "sms", "get", "1"], ExitCode.USAGE, "not a number of seconds"),
        (["sms", "get-many", "-", "--concurrency", "0"], ExitCode.USAGE, "positive integer"),
        (["task"], ExitCode.USAGE, "ACTION"),
    ],
)
def test_errors_go_to_stderr_with_their_exit_code(
    argv: list[str], code: ExitCode, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run = Run(*argv)
    assert run.code == code
    assert message in run.err + capsys.readouterr().err  # argparse writes to sys.stderr


def test_help_exits_ok_and_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert Run("--help").code == ExitCode.OK
    assert "exit codes: 0 ok" in capsys.readouterr().out


def test_wait_reaches_a_final_status_in_virtual_time() -> None:
    run = Run("--mock", "--json", "sms", "wait", "213", "--timeout", "60", "--poll-interval", "2")
    assert run.code == ExitCode.OK, run.err
    assert run.json()["status"] == "delivered"


def test_wait_gives_up_at_its_deadline() -> None:
    run = Run("--mock", "sms", "wait", "213", "--timeout", "4", "--poll-interval", "1")
    assert run.code == ExitCode.NOT_FINAL
    assert "WaitTimeoutError" in run.err


def test_get_many_table_from_a_file(tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text(IDS)
    run = Run("--mock", "sms", "get-many", str(ids), "--concurrency", "3")
    assert run.code == ExitCode.API_ERROR
    header, *rows = run.out.splitlines()
    assert header.split()[:2] == ["id", "status"]
    by_id = {row.split()[0]: row for row in rows}
    assert set(by_id) == {"211", "212", "999999", "abc", "9007199254740993"}
    assert "SmsNotFoundError" in by_id["999999"]
    assert "ClientValidationError" in by_id["abc"]
    assert run.err == ""  # no progress bar: not a terminal


def test_get_many_csv_and_json_lines_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(IDS))
    rows = list(csv.DictReader(io.StringIO(Run("--mock", "sms", "get-many", "-",
                                               "--format", "csv").out)))  # fmt: skip
    assert {row["id"] for row in rows} == {"211", "212", "999999", "abc", "9007199254740993"}
    bad = next(row for row in rows if row["id"] == "999999")
    assert (bad["error_type"], bad["error_code"]) == ("SmsNotFoundError", "20")
    monkeypatch.setattr("sys.stdin", io.StringIO("211\n212\n"))
    run = Run("--mock", "--json", "sms", "get-many", "-")
    assert run.code == ExitCode.OK
    assert sorted(json.loads(line)["id"] for line in run.out.splitlines()) == [211, 212]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_get_many_draws_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("211\n212\n"))
    run = Run("--mock", "sms", "get-many", "-", stderr=Terminal())
    assert run.code == ExitCode.OK
    assert "2/2" in run.err
    assert run.err.endswith("\n")


def test_a_missing_ids_file_is_a_usage_error(tmp_path: Path) -> None:
    run = Run("--mock", "sms", "get-many", str(tmp_path / "absent.txt"))
    assert run.code == ExitCode.USAGE
    assert "absent.txt" in run.err


def test_key_and_base_url_from_the_environment(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WWT_API_KEY", "test_fromenv0001")
    monkeypatch.setenv("WWT_BASE_URL", str(server))
    run = Run("--json", "sms", "get", "211")
    assert run.code == ExitCode.OK, run.err
    assert server.mock.journal.last.path.endswith("/sms/211")


def test_a_malformed_answer_is_an_unexpected_response(server: LiveServer) -> None:
    server.mock.force(fault="malformed", times=1)
    run = Run("--api-key", "test_cli000001", "--base-url", server, "sms", "get", "211")
    assert run.code == ExitCode.UNEXPECTED_RESPONSE
    assert "UnexpectedResponseError" in run.err


def test_a_refused_connection_is_a_transport_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: None)  # the retries' backoff
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed when the block ends: nothing listens
    run = Run("--api-key", "test_cli000001", "--base-url", f"http://127.0.0.1:{port}/rest",
              "sms", "get", "211")  # fmt: skip
    assert run.code == ExitCode.TRANSPORT
    assert "APIConnectionError" in run.err


def test_an_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> ExitCode:
        raise KeyboardInterrupt

    monkeypatch.setattr(_cli, "_run", interrupted)
    assert Run("--mock", "sms", "get", "211").code == 130


def test_mock_without_the_mock_package_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "wwt_sms_mock", None)  # `import` raises ImportError
    run = Run("--mock", "sms", "get", "211")
    assert run.code == ExitCode.USAGE
    assert "pip install 'wwt-sms[cli]'" in run.err


def _all_actions(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.Action]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                for where, found in _all_actions(sub):
                    yield f"{name} {where}".strip(), found
        else:
            yield "", action


def test_every_option_and_argument_has_help() -> None:
    missing = [
        f"{where} {action.dest}"
        for where, action in _all_actions(_cli._parser())
        if not action.help or action.help == argparse.SUPPRESS
    ]
    assert missing == []


def test_version() -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit) as caught, contextlib.redirect_stdout(out):
        _cli._parser().parse_args(["--version"])
    assert caught.value.code == 0
    assert out.getvalue().strip() == f"wwt-sms {wwt_sms.__version__}"
    assert Run("--version").code == ExitCode.OK


def test_missing_key_speaks_of_the_options() -> None:
    run = Run("sms", "get", "211")
    assert run.code == ExitCode.USAGE
    assert "--api-key KEY" in run.err
    assert "WWT_API_KEY" in run.err
    assert "--mock" in run.err


def test_sdk_argument_names_become_option_names() -> None:
    run = Run("--api-key", "k", "--base-url", "ftp://x", "sms", "get", "211")
    assert run.code == ExitCode.USAGE
    assert "--base-url must be an http(s) URL" in run.err


@pytest.mark.parametrize(
    ("argv", "error_type", "code"),
    [
        (["--json", "sms", "get", "x"], "UsageError", ExitCode.USAGE),
        (["--json", "sms", "get", "211"], "UsageError", ExitCode.USAGE),
        (["--json", "--mock", "sms", "get", "999999"], "SmsNotFoundError", ExitCode.API_ERROR),
        (["--json", "--mock", "sms", "get-many", "/no/such/file"], "FileNotFoundError", 2),
    ],
)
def test_json_errors(argv: list[str], error_type: str, code: int) -> None:
    run = Run(*argv)
    assert run.code == code
    error = json.loads(run.err)
    assert (error["error_type"], error["exit_code"]) == (error_type, code)
    if error_type == "SmsNotFoundError":
        assert error["error_code"] == 20


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_output_ends_quietly() -> None:
    err = io.StringIO()
    code = _cli.main(["--mock", "sms", "get", "211"], stdout=_ClosedPipe(), stderr=err)
    assert (code, err.getvalue()) == (ExitCode.OK, "")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_wiped_before_each_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("211\n212\n"))
    terminal = _Terminal()
    code = _cli.main(["--mock", "sms", "get-many", "-"], stdout=terminal, stderr=terminal)
    assert code == ExitCode.OK
    shown = terminal.getvalue()
    lines = [line.rsplit("\r", 1)[-1].replace("\x1b[2K", "") for line in shown.split("\n")]
    assert [line for line in lines if line.startswith("[")] == ["[" + "#" * 30 + "] 2/2"]
