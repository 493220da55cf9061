"""Running the HTTP face under uvicorn: in the foreground (the CLI) or in a thread (tests)."""

from __future__ import annotations

import contextlib
import importlib.util
import ipaddress
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

import uvicorn

from wwt_sms_mock._contract.spec import ContractBreach
from wwt_sms_mock._core.callbacks import CallbackHosts, DeliveryPolicy
from wwt_sms_mock._core.core import MockCore

from .asgi import MAX_HEAD, MockApp
from .guard import ControlGuard, check_token, is_loopback, new_token
from .outbound import delivering
from .protocol import HEAD_TIMEOUT, MAX_CONNECTIONS, bounded_protocol

__all__ = ["LiveServer", "run_foreground", "run_in_thread", "serve", "serve_in_thread"]


def _config(app: Any, *, head_timeout: float = HEAD_TIMEOUT, **overrides: Any) -> uvicorn.Config:
    options: dict[str, Any] = {
        "http": bounded_protocol(head_timeout),
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
