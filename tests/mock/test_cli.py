"""`wwt-sms-mock serve` as a real subprocess: readiness line, requests, clean exits."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from wwt_sms_mock._cli import main

from .conftest import KEY

pytestmark = pytest.mark.network
SCRIPT = shutil.which("wwt-sms-mock", path=str(Path(sys.executable).parent))


@contextmanager
def running(*command: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [*command, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("wwt-sms-mock ready: http://127.0.0.1:"), line
        yield process, line.split("ready: ", 1)[1].strip()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_console_script_serves_and_stops_cleanly(sig: signal.Signals) -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve") as (process, url):
        assert url.endswith("/rest")
        assert httpx.get(url + "/sms/211", headers={"X-API-KEY": KEY}).status_code == 200
        process.send_signal(sig)
        out, err = process.communicate(timeout=10)
        assert process.returncode == 0, err
        assert out == ""  # exactly one line, already read
        assert "Traceback" not in err


def test_python_dash_m_with_options() -> None:
    command = (
        sys.executable,
        "-m",
        "wwt_sms_mock",
        "serve",
        "--quirks",
        "--seed",
        "5",
        "--self-check",
    )
    with running(*command) as (process, url):
        data = httpx.get(url + "/sms/211", headers={"X-API-KEY": KEY}).json()
        assert data["id"] == "211"
        assert data["time_in"] == "2017-01-17 09:11:41"
        state = httpx.get(url.removesuffix("/rest") + "/__mock/state").json()
        assert state["style"] == "vendor"
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
        assert process.returncode == 0


def test_base_path_option() -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve", "--base-path", "/") as (process, url):
        assert httpx.get(url + "/sms/211", headers={"X-API-KEY": KEY}).status_code == 200
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)


def test_port_in_use_fails_without_a_traceback() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "wwt_sms_mock", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode != 0
    assert "ready" not in result.stdout


def test_help_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "serve" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
