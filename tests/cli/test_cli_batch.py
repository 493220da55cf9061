"""`wwt-sms sms get-many --batch`: the mass-status call behind get-many, a batch's rows at a time,
failures per row, progress per ID."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.keys import KEY
from wwt_sms._cli import ExitCode
from wwt_sms_mock import LiveServer, serve_in_thread

from .test_cli import ENV, SCRIPT
from .test_coverage_cli_in_process import IDS, Run, Terminal

MANY = range(50_001, 50_251)  # three batches


@pytest.fixture
def server() -> Iterator[LiveServer]:
    with serve_in_thread() as url:
        for id in MANY:
            url.mock.add_message(id=id, status="delivered", reference=f"m{id}")
        yield url


def run(server: LiveServer, *args: str, stderr: io.StringIO | None = None) -> Run:
    return Run("--base-url", server, "--api-key", KEY, "sms", "get-many", "--batch", *args,
               stderr=stderr)  # fmt: skip


def test_rows_from_a_file_one_request_for_every_id(tmp_path: Path, server: LiveServer) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text(IDS + "211\n")
    result = run(server, str(ids))
    assert result.code == ExitCode.API_ERROR
    header, *rows = result.out.splitlines()
    assert header.split()[:2] == ["id", "status"]
    by_id = {row.split()[0]: row for row in rows}
    # One row per line, in the file's order: 211 twice in the file, twice in the output.
    assert [row.split()[0] for row in rows] == [
        "211", "212", "999999", "abc", "9007199254740993", "211"
    ]  # fmt: skip
    assert "delivered" in by_id["211"]
    assert "SmsNotFoundError: SMS 999999 not found" in by_id["999999"]
    assert "ClientValidationError" in by_id["abc"]
    (call,) = server.mock.assert_called(operation="getSmsStatuses")
    assert call.method == "POST"
    server.mock.assert_not_called(operation="getSmsById")


def test_json_lines_per_batch_and_progress_per_id(
    monkeypatch: pytest.MonkeyPatch, server: LiveServer
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(map(str, MANY)) + "\n"))
    terminal = Terminal()
    result = Run("--base-url", server, "--api-key", KEY, "--json", "sms", "get-many", "--batch",
                 "-", stderr=terminal)  # fmt: skip
    assert result.code == ExitCode.OK
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r["id"] for r in records] == list(MANY)
    assert all(r["ok"] and r["status"] == "delivered" for r in records)
    assert records[0]["reference"] == "m50001"
    assert len(server.mock.assert_called(operation="getSmsStatuses")) == 3
    assert "250/250" in result.err
    assert "100/250" in result.err  # the bar moves as each batch's rows are written


def test_a_failed_batch_fails_its_rows_and_the_others_go_on(
    monkeypatch: pytest.MonkeyPatch, server: LiveServer
) -> None:
    server.mock.force(error=24, operation="getSmsStatuses", times=1)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(map(str, MANY)) + "\n"))
    result = run(server, "-", "--format", "csv")
    assert result.code == ExitCode.API_ERROR
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == len(MANY)
    failed = [row for row in rows if row["error_type"]]
    assert [row["id"] for row in failed] == [str(id) for id in MANY[:100]]
    assert {(row["error_type"], row["error_code"]) for row in failed} == {
        ("InvalidQueryPayloadError", "24")
    }


def test_the_console_script_with_the_embedded_mock() -> None:
    result = subprocess.run(
        [SCRIPT, "--mock", "--json", "sms", "get-many", "--batch", "-"],
        input="211\n212\n999999\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )
    assert result.returncode == ExitCode.API_ERROR, result.stderr
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert records[211]["status"] == "delivered"
    assert "time_in" not in records[212]  # the mass-status call does not give it
    assert (records[999999]["ok"], records[999999]["error_code"]) == (False, 20)
