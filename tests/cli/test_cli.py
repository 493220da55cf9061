"""`wwt-sms`, run as the real console script in a subprocess."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import pty
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wwt_sms import Task
from wwt_sms import __version__ as wwt_sms_version
from wwt_sms._cli import ExitCode
from wwt_sms_mock import serve_in_thread

SCRIPT = shutil.which("wwt-sms", path=str(Path(sys.executable).parent)) or "wwt-sms"
ENV = {k: v for k, v in os.environ.items() if not k.startswith("WWT_")}


def wwt_sms(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, *args], input=stdin, capture_output=True, text=True, timeout=60, env=env or ENV
    )


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_in_thread() as url:
        yield url


def test_the_readme_main_job_prints_a_demo_status() -> None:
    result = wwt_sms("--mock", "sms", "get", "211")
    assert result.returncode == ExitCode.OK, result.stderr
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines["status"] == "delivered (final)"
    assert lines["reference"] == "ext19"
    assert lines["price"] == "0.23"
    assert result.stderr == ""


def test_json_output_is_exact_and_machine_readable() -> None:
    result = wwt_sms("--mock", "--json", "sms", "get", "--reference", "ext19")
    record = json.loads(result.stdout)
    assert record["id"] == 211
    assert record["msisdn"] == "380972000001"
    assert record["price"] == "0.23"
    assert record["time_in"] == "2017-01-17T09:11:41+00:00"


def test_task_lookup_prints_every_counter_as_an_integer() -> None:
    result = wwt_sms("--mock", "--json", "task", "get", "77")
    record = json.loads(result.stdout)
    counters = [f.name for f in dataclasses.fields(Task) if f.type == "int"]
    assert all(isinstance(record[name], int) for name in counters)
    assert record["total"] == 2


def test_an_api_error_goes_to_stderr_with_its_code() -> None:
    result = wwt_sms("--mock", "sms", "get", "999999")
    assert result.returncode == ExitCode.API_ERROR
    assert result.stdout == ""
    assert "SmsNotFoundError (API code 20)" in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["sms", "get", "abc"], "not an ID: 'abc'"),
        (["sms", "get", "--reference", "not/one segment"], "1 to 50 printable ASCII characters"),
        (["sms", "get", "0"], "id must be between 1 and"),
        (["sms"], "required: ACTION"),
        (["bogus"], "invalid choice: 'bogus'"),
    ],
)
def test_usage_errors_exit_with_the_usage_code_and_say_why(args: list[str], says: str) -> None:
    result = wwt_sms("--mock", *args)
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""
    assert result.stderr.startswith("error: "), result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_api_key_is_a_usage_error_in_cli_terms() -> None:
    result = wwt_sms("sms", "get", "211")
    assert result.returncode == ExitCode.USAGE
    for hint in ("--api-key", "WWT_API_KEY", "--mock"):
        assert hint in result.stderr
    assert "api_key=" not in result.stderr


def test_a_refused_connection_is_a_transport_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens
    result = wwt_sms(
        "--api-key",
        "test_cli000001",
        "--base-url",
        f"http://127.0.0.1:{port}/rest",
        "--timeout",
        "2",
        "sms",
        "get",
        "211",
    )
    assert result.returncode == ExitCode.TRANSPORT
    assert "APIConnectionError" in result.stderr


def test_key_and_base_url_come_from_the_environment(server: str) -> None:
    env = {**ENV, "WWT_API_KEY": "test_fromenv0001", "WWT_BASE_URL": server}
    result = wwt_sms("--json", "sms", "get", "211", env=env)
    assert result.returncode == ExitCode.OK, result.stderr
    entry = server.mock.journal.last  # type: ignore[attr-defined]
    assert entry.path.endswith("/sms/211")
    assert "test_fromenv0001" not in repr(entry)


def test_a_malformed_answer_is_an_unexpected_response(server: str) -> None:
    server.mock.force(fault="malformed", times=1)  # type: ignore[attr-defined]
    result = wwt_sms("--api-key", "test_cli000001", "--base-url", server, "sms", "get", "211")
    assert result.returncode == ExitCode.UNEXPECTED_RESPONSE, result.stderr
    assert "UnexpectedResponseError" in result.stderr


def test_wait_follows_the_mock_virtual_time_to_a_final_status() -> None:
    result = wwt_sms(
        "--mock", "--json", "sms", "wait", "213", "--timeout", "60", "--poll-interval", "2"
    )
    assert result.returncode == ExitCode.OK, result.stderr
    assert json.loads(result.stdout)["status"] == "delivered"


def test_wait_gives_up_at_its_deadline() -> None:
    result = wwt_sms("--mock", "sms", "wait", "213", "--timeout", "4", "--poll-interval", "1")
    assert result.returncode == ExitCode.NOT_FINAL
    assert "WaitTimeoutError" in result.stderr


IDS = "211\n212\n# a comment\n\n999999\nabc\n9007199254740993\n"


def test_get_many_streams_a_row_per_id_and_reports_failures(tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text(IDS)
    result = wwt_sms("--mock", "sms", "get-many", str(ids), "--concurrency", "4")
    assert result.returncode == ExitCode.API_ERROR
    header, *rows = result.stdout.splitlines()
    assert header.split()[:2] == ["id", "status"]
    by_id = {row.split()[0]: row for row in rows}
    assert set(by_id) == {"211", "212", "999999", "abc", "9007199254740993"}
    assert "delivered" in by_id["211"]
    assert "SmsNotFoundError" in by_id["999999"]
    assert "ClientValidationError" in by_id["abc"]
    assert result.stderr == ""  # no progress bar: stderr is not a terminal


def test_get_many_csv_from_stdin() -> None:
    result = wwt_sms("--mock", "sms", "get-many", "-", "--format", "csv", stdin=IDS)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    good = next(row for row in rows if row["id"] == "211")
    assert (good["status"], good["price"], good["error"]) == ("delivered", "0.23", "")
    bad = next(row for row in rows if row["id"] == "999999")
    assert (bad["error_type"], bad["error_code"]) == ("SmsNotFoundError", "20")


def test_get_many_json_lines_and_all_good_exits_zero() -> None:
    result = wwt_sms("--mock", "--json", "sms", "get-many", "-", stdin="211\n212\n")
    assert result.returncode == ExitCode.OK
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["id"] for r in records) == [211, 212]
    assert all(r["ok"] for r in records)


def test_get_many_draws_a_progress_bar_when_stderr_is_a_terminal() -> None:
    leader, follower = pty.openpty()
    try:
        process = subprocess.run(
            [SCRIPT, "--mock", "sms", "get-many", "-"],
            input=b"211\n212\n",
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=60,
            env=ENV,
        )
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert process.returncode == ExitCode.OK
    assert b"2/2" in drawn


def test_help_lists_the_exit_codes() -> None:
    result = wwt_sms("--help")
    assert result.returncode == ExitCode.OK
    assert "exit codes" in result.stdout


def test_version_names_the_package_version() -> None:
    result = wwt_sms("--version")
    assert result.returncode == ExitCode.OK
    assert result.stdout.strip() == f"wwt-sms {wwt_sms_version}"


@pytest.mark.parametrize(
    ("args", "error_type", "exit_code"),
    [
        (["--json", "sms", "get", "abc"], "UsageError", ExitCode.USAGE),
        (["--json", "--mock", "sms", "get", "999999"], "SmsNotFoundError", ExitCode.API_ERROR),
        (["--json", "sms", "get", "211"], "UsageError", ExitCode.USAGE),  # no API key
    ],
)
def test_json_makes_errors_json_too(args: list[str], error_type: str, exit_code: int) -> None:
    result = wwt_sms(*args)
    assert result.returncode == exit_code
    error = json.loads(result.stderr)
    assert (error["error_type"], error["exit_code"]) == (error_type, exit_code)
    assert error["error"]


def test_piping_into_head_ends_quietly() -> None:
    ids = "".join(f"{211 + n % 2}\n" for n in range(4000))
    process = subprocess.Popen(
        [SCRIPT, "--mock", "sms", "get-many", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdin.write(ids.encode())
    process.stdin.close()
    first = process.stdout.readline()  # what `head -1` reads, then it leaves
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == ExitCode.OK, stderr
    assert first.split()[:2] == [b"id", b"status"]
    assert stderr == ""


def _terminal_output(args: list[str], stdin: bytes) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on one pseudo-terminal; what that terminal showed."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [SCRIPT, *args], stdin=subprocess.PIPE, stdout=follower, stderr=follower, env=ENV
        )
        os.close(follower)
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        returncode = process.wait(timeout=60)
    finally:
        os.close(leader)
    return returncode, shown.decode()


def test_get_many_on_a_terminal_keeps_the_progress_bar_off_the_rows() -> None:
    code, shown = _terminal_output(["--mock", "sms", "get-many", "-"], b"211\n212\n213\n")
    assert code == ExitCode.OK
    assert "3/3" in shown
    # What each terminal line finally shows: the text after its last carriage return and
    # erase. A row written after the bar without wiping it would read "[###...] 1/3211 ...".
    # (The terminal turns each newline into CR LF.)
    screen = shown.replace("\r\n", "\n").split("\n")
    lines = [line.rsplit("\r", 1)[-1].replace("\x1b[2K", "") for line in screen]
    rows = [line for line in lines if line.strip() and not line.startswith("[")]
    assert rows[0].split()[:2] == ["id", "status"]
    assert sorted(row.split()[0] for row in rows[1:]) == ["211", "212", "213"]
    assert all("/3" not in row for row in rows)
