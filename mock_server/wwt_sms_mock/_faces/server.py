"""Running the HTTP face under uvicorn: in the foreground (the CLI) or in a thread (tests)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import ipaddress
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TextIO

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from wwt_sms_mock._contract.spec import ContractBreach
from wwt_sms_mock._core.callbacks import CallbackHosts, DeliveryPolicy
from wwt_sms_mock._core.core import MockCore

from .asgi import MAX_HEAD, MockApp
from .guard import ControlGuard, check_token, is_loopback, new_token
from .outbound import delivering

__all__ = ["LiveServer", "run_foreground", "run_in_thread", "serve", "serve_in_thread"]


MAX_CONNECTIONS: Final = 1000
"""Connections and requests in flight; beyond, the server answers 503."""
MAX_PIPELINED: Final = 32
"""Requests a connection may have waiting behind the one being answered before the server
stops reading from it (what one read brings in is parsed whole, so at most that much more)."""
HEAD_TIMEOUT: Final = 10.0
"""Seconds a connection may take to send a request's line and headers, counted from its
opening or from the previous response: idle and slow (slowloris) connections close."""


class _HeadBounds:
    """Mixed into a uvicorn HTTP protocol: a deadline and a size cap for each request's head.

    uvicorn closes a connection left idle after a response (`timeout_keep_alive`), but not one
    that never completes a request: here such a connection closes after `head_timeout`. And a
    head still incomplete after `MAX_HEAD` bytes is refused with 431, whatever the parser
    would buffer (httptools buffers a header of any length). httptools also parses every
    request in what it reads and queues them, and uvicorn resumes reading after each answer:
    a client that pipelines without reading would grow that queue without end, so reading
    stays paused while it is long.
    """

    head_timeout: float = HEAD_TIMEOUT
    _head_deadline: asyncio.TimerHandle | None = None
    _head_bytes: int = 0

    # What the mixin needs of uvicorn's protocols (both have these).
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    flow: Any
    cycle: Any

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._await_head()

    def data_received(self, data: bytes) -> None:
        awaiting = not self._serving()
        super().data_received(data)  # type: ignore[misc]
        if self._serving():
            self._head_bytes = 0
            self._stop_waiting()  # a request is in: the app's own timeouts take over
        elif awaiting:
            self._head_bytes += len(data)  # all of it was head: the head is still incomplete
            if self._head_bytes > MAX_HEAD and not self.transport.is_closing():
                self.transport.write(_HEAD_TOO_LARGE)
                self.transport.close()
        self._bound_pipeline()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        if not self._serving():
            self._await_head()
        self._bound_pipeline()

    def _bound_pipeline(self) -> None:
        waiting = len(getattr(self, "pipeline", ()))  # h11 parses one request at a time
        if waiting > MAX_PIPELINED:
            self.flow.pause_reading()  # uvicorn resumes it after the next answer

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)  # type: ignore[misc]

    def _serving(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _await_head(self) -> None:
        self._stop_waiting()
        self._head_bytes = 0
        self._head_deadline = self.loop.call_later(self.head_timeout, self._head_overdue)

    def _stop_waiting(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_overdue(self) -> None:
        self._head_deadline = None
        if not self._serving() and not self.transport.is_closing():
            self.transport.close()


_HEAD_TOO_LARGE: Final = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-length: 0\r\nconnection: close\r\n\r\n"
)


def _protocol(head_timeout: float) -> type[asyncio.Protocol]:
    """The fastest HTTP protocol installed (httptools, else h11), with the head bounds."""
    base: type[asyncio.Protocol]
    if importlib.util.find_spec("httptools"):
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        base = HttpToolsProtocol
    else:
        base = H11Protocol
    return type("Bounded" + base.__name__, (_HeadBounds, base), {"head_timeout": head_timeout})


def _config(app: Any, *, head_timeout: float = HEAD_TIMEOUT, **overrides: Any) -> uvicorn.Config:
    options: dict[str, Any] = {
        "http": _protocol(head_timeout),
        "loop": "uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        # What h11 buffers of an incomplete head (the mixin caps it for either parser).
        "h11_max_incomplete_event_size": MAX_HEAD,
        "limit_concurrency": MAX_CONNECTIONS,
        "timeout_keep_alive": 5,
        "lifespan": "off",
        "ws": "none",
        "access_log": False,
        # Nothing reads the client's address: no X-Forwarded-* middleware on every request.
        "proxy_headers": False,
        "log_level": "warning",
        "server_header": False,
        "timeout_graceful_shutdown": 2,
    }
    options.update(overrides)
    return uvicorn.Config(app, **options)


def _is_unspecified(host: str) -> bool:
    """`host` means every interface (`0.0.0.0`, `::`)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def _reachable(host: str) -> str:
    """An address a client on this machine can open: the listening address, or loopback for
    an every-interface one (a URL with `0.0.0.0` does not open everywhere)."""
    if not _is_unspecified(host):
        return host
    return "::1" if ":" in host else "127.0.0.1"


def _guard(host: str, token: str | None) -> ControlGuard:
    """On loopback: Host and Origin checks (and the token if one is given). Elsewhere: a
    token always (a fresh one if none is given). An empty token is a ValueError."""
    check_token(token, "control_token")
    loopback = is_loopback(host)
    if token is None and not loopback:
        token = new_token()
    return ControlGuard(token=token, loopback=loopback)


class _Server(uvicorn.Server):
    """uvicorn, with a hook when listening and signals that end it with exit status 0."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[str], None] | None) -> None:
        super().__init__(config)
        self._on_ready = on_ready
        self.url = ""
        self.ready = threading.Event()  # set once `url` is known (uvicorn's `started` is earlier)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.should_exit:
            return
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        host = _reachable(host)
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{port}"
        self.ready.set()
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
    control_token: str | None = None,
    out: TextIO | None = None,
    allow_callback_hosts: Iterable[str] = (),
) -> int:
    """Serve until SIGINT or SIGTERM; print one readiness line with the base URL (and the
    control token, when one was made up because the address is not loopback). Delivery
    reports go to loopback callback URLs, and to `allow_callback_hosts`."""
    stream = out if out is not None else sys.stdout
    core.callback_hosts = CallbackHosts.of(allow_callback_hosts)
    guard = _guard(host, control_token)
    shown_token = f" control-token={guard.token}" if control_token is None and guard.token else ""

    everywhere = " (listening on all interfaces)" if _is_unspecified(host) else ""

    def ready(url: str) -> None:
        line = f"wwt-sms-mock ready: {url}{core.base_path}{everywhere}{shown_token}"
        print(line, file=stream, flush=True)

    with delivering(core):
        started = run_foreground(MockApp(core, guard=guard), ready, host=host, port=port)
    return 0 if started else 1


def run_foreground(
    app: Any, on_ready: Callable[[str], None], *, host: str, port: int, **config: Any
) -> bool:
    """Serve an ASGI `app` until SIGINT or SIGTERM; False if it never started (port in use)."""
    server = _Server(_config(app, host=host, port=port, **config), on_ready)
    server.run()
    return bool(server.started)


class LiveServer(str):
    """The base URL of a running mock (e.g. `http://127.0.0.1:51234/rest`), with
    `.root` (no base path), `.mock` (the `MockCore` behind it, for Python controls) and
    `.control_token` (None on loopback unless one was given)."""

    root: str
    mock: MockCore
    control_token: str | None

    def __new__(cls, root: str, mock: MockCore, control_token: str | None = None) -> LiveServer:
        value = super().__new__(cls, root + mock.base_path)
        value.root = root
        value.mock = mock
        value.control_token = control_token
        return value


@contextlib.contextmanager
def serve_in_thread(
    mock: MockCore | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    startup_timeout: float = 10.0,
    control_token: str | None = None,
    head_timeout: float = HEAD_TIMEOUT,
    io_timeout: float = 10.0,
    allow_callback_hosts: Iterable[str] = (),
    delivery_policy: DeliveryPolicy | None = None,
    **options: Any,
) -> Iterator[LiveServer]:
    """Run the HTTP mock on a real socket in a background thread (port 0: any free port).

    Yields the base URL (a `LiveServer` string). Self-check is on unless a `mock` is given;
    on exit, a contract breach seen while serving fails loudly. `head_timeout` and
    `io_timeout` (seconds) bound how long a client may take to send a request's head, a
    control body, or to read a response. Delivery reports go out from a background queue
    (`delivery_policy`: timeouts, retries, bounds) to loopback callback URLs, and to the
    hosts named in `allow_callback_hosts`.
    """
    core = mock if mock is not None else MockCore(self_check=True, **options)
    core.callback_hosts = CallbackHosts.of(allow_callback_hosts)
    guard = _guard(host, control_token)
    app = MockApp(core, guard=guard, io_timeout=io_timeout)
    running = run_in_thread(
        app, host=host, port=port, startup_timeout=startup_timeout, head_timeout=head_timeout
    )
    with delivering(core, delivery_policy), running as url:
        yield LiveServer(url, core, guard.token)
    if core.breaches:
        raise ContractBreach("; ".join(core.breaches))


@contextlib.contextmanager
def run_in_thread(
    app: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    startup_timeout: float = 10.0,
    **config: Any,
) -> Iterator[str]:
    """Serve an ASGI `app` on a real socket in a background thread; yields its root URL."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    server = _Server(_config(app, **config), None)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="wwt-sms-mock", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.ready.wait(0.005) and thread.is_alive() and time.monotonic() < deadline:
        pass
    if not server.ready.is_set():
        server.should_exit = True
        thread.join(5)
        sock.close()
        raise RuntimeError("the server did not start")
    try:
        yield server.url
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
