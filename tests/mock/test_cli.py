"""`wwt-sms-mock serve` as a real subprocess: readiness line, requests, clean exits."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests import launcher
from tests.keys import KEY
from wwt_sms_mock._cli import main

pytestmark = pytest.mark.network
SCRIPT = shutil.which("wwt-sms-mock", path=str(Path(sys.executable).parent))


@contextmanager
def running(*command: str) -> Iterator[launcher.Launched]:
    """`COMMAND --port 0` until its ready line (tests/launcher.py), stopped afterwards."""
    with launcher.launched([*command, "--port", "0"]) as server:
        assert server.url.startswith("http://127.0.0.1:"), server.url
        yield server


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_console_script_serves_and_stops_cleanly(sig: signal.Signals) -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve") as server:
        url = server.url
        assert url.endswith("/rest")
        assert httpx.get(url + "/sms/211", headers={"X-API-KEY": KEY}).status_code == 200
        finished = server.finish(sig)
        assert finished.returncode == 0, finished.stderr
        assert finished.stdout == ""  # nothing after the ready line
        assert "Traceback" not in finished.stderr


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
    with running(*command) as server:
        url = server.url
        data = httpx.get(url + "/sms/211", headers={"X-API-KEY": KEY}).json()
        assert data["id"] == "211"
        assert data["time_in"] == "2017-01-17 09:11:41"
        state = httpx.get(url.removesuffix("/rest") + "/__mock/state").json()
        assert state["style"] == "vendor"
        assert server.finish(signal.SIGTERM).returncode == 0


def test_style_option() -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve", "--style", "canonical") as server:
        url = server.url
        response = httpx.get(url + "/sms/999", headers={"X-API-KEY": KEY})
        assert (response.status_code, response.json()["error"]) == (404, 20)
        assert server.finish(signal.SIGTERM).returncode == 0
    assert main(["serve", "--style", "loud", "--port", "0"]) == 2


def test_base_path_option() -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve", "--base-path", "/") as server:
        url = server.url
        assert httpx.get(url + "/sms/211", headers={"X-API-KEY": KEY}).status_code == 200
        assert server.finish(signal.SIGTERM).returncode == 0


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
    with running(SCRIPT, "serve") as server:
        url = server.url
        state = url.removesuffix("/rest") + "/__mock/state"
        first = httpx.get(state).json()["now"]
        time.sleep(0.05)
        assert httpx.get(state).json()["now"] > first
        assert server.finish(signal.SIGTERM).returncode == 0


def test_no_realtime_keeps_the_clock_still() -> None:
    assert SCRIPT is not None
    with running(SCRIPT, "serve", "--no-realtime") as server:
        url = server.url
        state = url.removesuffix("/rest") + "/__mock/state"
        time.sleep(0.05)
        assert httpx.get(state).json()["now"] == 0
        assert server.finish(signal.SIGTERM).returncode == 0


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
    # Its transport needs no respx (the CLI's `--mock` uses it); patching httpx does.
    code = BLOCK.format(names=["respx"]) + (
        "import wwt_sms_mock\n"
        "mock = wwt_sms_mock.WwtMock()\n"
        "mock.transport\n"
        "try:\n    mock.start()\n"
        "except ModuleNotFoundError as exc:\n    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert 'pip install "wwt-sms[mock]"' in result.stdout
    assert "respx" in result.stdout
