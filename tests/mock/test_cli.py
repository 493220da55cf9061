"""`wwt-sms-mock serve` as a real subprocess: readiness line, requests, clean exits."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from wwt_sms_mock._cli import main

from .conftest import KEY

pytestmark = pytest.mark.network
SCRIPT = shutil.which("wwt-sms-mock", path=str(Path(sys.executable).parent))


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The process's first stdout line; AssertionError if none comes within `timeout` s."""
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"no readiness line within {timeout} s") from None


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
        line = _first_line(process, timeout=30)
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


def test_style_option() -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve", "--style", "canonical") as (process, url):
        response = httpx.get(url + "/sms/999", headers={"X-API-KEY": KEY})
        assert (response.status_code, response.json()["error"]) == (404, 20)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
    assert main(["serve", "--style", "loud", "--port", "0"]) == 2


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
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for promise in (
        "--control-token",
        "WWT_SMS_MOCK_CONTROL_TOKEN",
        "X-Mock-Token",
        "--no-realtime",
        "follows the wall clock",
        "(default)",
    ):
        assert promise in text
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_the_standalone_clock_follows_the_wall_by_default() -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve") as (process, url):
        state = url.removesuffix("/rest") + "/__mock/state"
        first = httpx.get(state).json()["now"]
        time.sleep(0.05)
        assert httpx.get(state).json()["now"] > first
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)


def test_no_realtime_keeps_the_clock_still() -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve", "--no-realtime") as (process, url):
        state = url.removesuffix("/rest") + "/__mock/state"
        time.sleep(0.05)
        assert httpx.get(state).json()["now"] == 0
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)


BLOCK = "import sys; sys.modules.update(dict.fromkeys({names}))\n"


@pytest.mark.parametrize("missing", ["yaml", "uvicorn", "jsonschema"])
def test_serve_without_the_mock_extra_names_it(missing: str) -> None:
    code = BLOCK.format(names=[missing]) + (
        "from wwt_sms_mock._cli import main\nraise SystemExit(main(['serve', '--port', '0']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert 'pip install "wwt-sms[mock]"' in result.stderr
    assert missing in result.stderr
    assert "Traceback" not in result.stderr


def test_the_package_without_respx_names_the_extra() -> None:
    code = BLOCK.format(names=["respx"]) + (
        "import wwt_sms_mock\n"
        "try:\n    wwt_sms_mock.WwtMock\n"
        "except ModuleNotFoundError as exc:\n    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert 'pip install "wwt-sms[mock]"' in result.stdout
    assert "respx" in result.stdout
