"""`wwt-sms` errors say where: a connection failure names the host it could not reach."""

from __future__ import annotations

import io
import json
import socket

import pytest

from wwt_sms._cli import ExitCode

from .test_coverage_cli_in_process import Run

pytestmark = pytest.mark.network


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_connection_error_names_the_host() -> None:
    base = f"http://127.0.0.1:{_closed_port()}/rest"
    result = Run("--base-url", base, "--api-key", "test_clierror01", "sms", "get", "211")
    assert result.code == ExitCode.TRANSPORT
    assert result.err.startswith("error: APIConnectionError: ")
    assert f"(host {base.removesuffix('/rest')})" in result.err


def test_a_connection_error_row_names_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    base = f"http://127.0.0.1:{_closed_port()}/rest"
    monkeypatch.setattr("sys.stdin", io.StringIO("211\n"))
    result = Run("--base-url", base, "--api-key", "test_clierror01", "--json", "sms",
                 "get-many", "-")  # fmt: skip
    (row,) = map(json.loads, result.out.splitlines())
    assert row["error_type"] == "APIConnectionError"
    assert f"(host {base.removesuffix('/rest')})" in row["error"]
