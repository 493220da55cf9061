"""Running the HTTP face under uvicorn: in the foreground (the CLI) or in a thread (tests)."""

from __future__ import annotations

import contextlib
import importlib.util
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import uvicorn

from ._asgi import MockApp
from ._core import MockCore
from ._spec import ContractBreach

__all__ = ["LiveServer", "serve", "serve_in_thread"]


def _fastest() -> dict[str, str]:
    # httptools + uvloop (uvicorn[standard]) when installed; the pure-Python pair otherwise.
    return {
        "http": "httptools" if importlib.util.find_spec("httptools") else "h11",
        "loop": "uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
    }


def _config(core: MockCore, **overrides: Any) -> uvicorn.Config:
    options: dict[str, Any] = {
        **_fastest(),
        "lifespan": "off",
        "ws": "none",
        "access_log": False,
        "log_level": "warning",
        "server_header": False,
        "timeout_graceful_shutdown": 2,
    }
    options.update(overrides)
    return uvicorn.Config(MockApp(core), **options)


class _Server(uvicorn.Server):
    """uvicorn, with a hook when listening and signals that end it with exit status 0."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[str], None] | None) -> None:
        super().__init__(config)
        self._on_ready = on_ready
        self.url = ""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.should_exit:
            return
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{port}"
        if self._on_ready is not None:
            self._on_ready(self.url)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn re-raises the signal after shutting down (exit status -15 or a
        # KeyboardInterrupt); a mock asked to stop has stopped cleanly: exit 0.
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (signal.SIGINT, signal.SIGTERM)
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


def serve(
    core: MockCore,
    *,
    host: str = "127.0.0.1",
    port: int = 4010,
    out: TextIO | None = None,
) -> int:
    """Serve until SIGINT or SIGTERM; print one readiness line with the base URL."""
    stream = out if out is not None else sys.stdout

    def ready(url: str) -> None:
        print(f"wwt-sms-mock ready: {url}{core.base_path}", file=stream, flush=True)

    server = _Server(_config(core, host=host, port=port), ready)
    server.run()
    return 0 if server.started else 1


class LiveServer(str):
    """The base URL of a running mock (e.g. `http://127.0.0.1:51234/rest`), with
    `.root` (no base path) and `.mock` (the `MockCore` behind it, for Python controls)."""

    root: str
    mock: MockCore

    def __new__(cls, root: str, mock: MockCore) -> LiveServer:
        value = super().__new__(cls, root + mock.base_path)
        value.root = root
        value.mock = mock
        return value


@contextlib.contextmanager
def serve_in_thread(
    mock: MockCore | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    startup_timeout: float = 10.0,
    **options: Any,
) -> Iterator[LiveServer]:
    """Run the HTTP mock on a real socket in a background thread (port 0: any free port).

    Yields the base URL (a `LiveServer` string). Self-check is on unless a `mock` is given;
    on exit, a contract breach seen while serving fails loudly.
    """
    core = mock if mock is not None else MockCore(self_check=True, **options)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    server = _Server(_config(core), None)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="wwt-sms-mock", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    if not server.started:
        server.should_exit = True
        thread.join(5)
        sock.close()
        raise RuntimeError("the mock server did not start")
    try:
        yield LiveServer(server.url, core)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
    if core.breaches:
        raise ContractBreach("; ".join(core.breaches))
