"""`wwt-sms-mock serve` in-process, where coverage sees it: the readiness line, a request, a
clean stop on SIGTERM, a port in use, `python -m`, and a thread that never starts.

`test_cli.py` runs the same paths as subprocesses, which the coverage configuration does not
follow.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import io
import signal
import socket
import sys
import threading

import httpx
import pytest

from tests.keys import KEY
from wwt_sms_mock import MockCore, serve_in_thread
from wwt_sms_mock._cli import main
from wwt_sms_mock._faces import server as _server
from wwt_sms_mock._faces.server import serve

pytestmark = pytest.mark.network


class ReadyThenStop(io.StringIO):
    """Standard output for `serve`: on the readiness line, a helper thread asks the server for
    a message, then sends the process SIGTERM, which the running server has taken over."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[int] = []
        self.helper: threading.Thread | None = None

    def write(self, text: str) -> int:
        if "ready: " in text and self.helper is None:
            url = text.split("ready: ", 1)[1].strip()
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None)
            self.helper = threading.Thread(target=self._visit_then_stop, args=(url,))
            self.helper.start()
        return super().write(text)

    def _visit_then_stop(self, url: str) -> None:
        try:
            response = httpx.get(url + "/sms/211", headers={"X-API-KEY": KEY}, timeout=10)
            self.statuses.append(response.status_code)
        finally:
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGTERM)


def test_the_console_entry_serves_until_sigterm_and_exits_0(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("serve() takes SIGTERM over only in the main thread")
    out = ReadyThenStop()
    # `main` imports `serve` when called: give it this stream for its readiness line.
    monkeypatch.setattr(_server, "serve", functools.partial(_server.serve, out=out))
    before = signal.getsignal(signal.SIGTERM)

    def watchdog() -> None:  # never hang the suite: stop a server that outlived the test
        if signal.getsignal(signal.SIGTERM) is not before:
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGTERM)

    timer = threading.Timer(30, watchdog)
    timer.start()
    try:
        code = main(["serve", "--port", "0", "--quirks", "--self-check", "--seed", "7"])
    finally:
        timer.cancel()
        if out.helper is not None:
            out.helper.join(10)
    assert code == 0
    assert out.getvalue().startswith("wwt-sms-mock ready: http://127.0.0.1:")
    assert out.getvalue().rstrip().endswith("/rest")
    assert out.statuses == [200]
    assert signal.getsignal(signal.SIGTERM) is before, "the signal handlers are given back"


def test_a_port_in_use_fails_without_serving() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out = io.StringIO()
        with pytest.raises(SystemExit) as exit_:  # uvicorn exits on a failed bind
            serve(MockCore(), port=port, out=out)
    assert exit_.value.code != 0
    assert out.getvalue() == "", "no readiness line for a server that is not listening"


def test_python_dash_m_reaches_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["wwt-sms-mock", "--help"])
    monkeypatch.delitem(sys.modules, "wwt_sms_mock.__main__", raising=False)
    with pytest.raises(SystemExit) as exit_:  # `python -m wwt_sms_mock --help`
        importlib.import_module("wwt_sms_mock.__main__")
    assert exit_.value.code == 0
    assert "serve" in capsys.readouterr().out


def test_a_server_that_does_not_start_in_time_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = _server._Server.startup

    async def slow_startup(
        self: _server._Server, sockets: list[socket.socket] | None = None
    ) -> None:
        await asyncio.sleep(0.5)
        await started(self, sockets)

    monkeypatch.setattr(_server._Server, "startup", slow_startup)
    with (
        pytest.raises(RuntimeError, match="did not start"),
        serve_in_thread(startup_timeout=0.05),
    ):
        pass  # pragma: no cover - never entered
