"""The in-process face: the core behind respx, or behind an httpx transport of its own, for
sync and async httpx clients alike."""

from __future__ import annotations

import functools
import inspect
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast
from urllib.parse import urlsplit

import httpx

from wwt_sms_mock._core.callbacks import CallbackHosts, DeliveryPolicy
from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._core.styles import API, WireStyle

from .control import Controls, is_control
from .extra import missing_extra
from .inprocess import InProcessDelivery, undeliverable

if TYPE_CHECKING:
    import respx

__all__ = ["BASE_URL_ENV", "DEFAULT_BASE_URL", "MockTransport", "WwtMock"]

DEFAULT_BASE_URL: Final = "https://api.wwt.world/rest"
BASE_URL_ENV: Final = "WWT_BASE_URL"
"""The variable the SDK reads its default base URL from (the mock does not import the SDK)."""

_F = TypeVar("_F", bound=Callable[..., Any])


class _TruncatedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Half the body, then the error httpx raises when a server closes mid-body."""

    def __init__(self, chunk: bytes, expected: int, request: httpx.Request) -> None:
        self._chunk = chunk
        self._expected = expected
        self._request = request

    def _error(self) -> httpx.RemoteProtocolError:
        return httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body "
            f"(received {len(self._chunk)} bytes, expected {self._expected})",
            request=self._request,
        )

    def __iter__(self) -> Iterator[bytes]:
        yield self._chunk
        raise self._error()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._chunk
        raise self._error()


class WwtMock(MockCore):
    """The contract mock in-process: a context manager and decorator over respx.

    >>> with WwtMock() as mock:
    ...     httpx.get("https://api.wwt.world/rest/sms/211", headers={"X-API-KEY": "test_x"})

    `base_url` is the one given, else `$WWT_BASE_URL`, else the real API's: the SDK's clients
    choose theirs the same way, so both agree by default. Every request to its host goes to
    the mock (one sync side effect serves sync
    and async clients). Latency is virtual by default: the clock moves on and a delay longer
    than the request's read timeout raises `httpx.ReadTimeout` at once; `real_latency=True`
    sleeps instead (blocking, so only for sync clients).

    `deliver_to`: an ASGI app, a WSGI app or a callable `(body: bytes, headers: dict)` that
    receives the delivery reports of messages with a `callback_url`, in-process, whenever
    time advances or a status is forced; `mock.deliveries` journals every attempt. Without
    it, reports due are journaled as undeliverable.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        seed: int = 0,
        style: WireStyle | str = API,
        self_check: bool = True,
        real_latency: bool = False,
        assert_all_mocked: bool = True,
        deliver_to: object | None = None,
        delivery_policy: DeliveryPolicy | None = None,
        **options: Any,
    ) -> None:
        from_env = os.environ.get(BASE_URL_ENV)
        source = "base_url" if base_url else BASE_URL_ENV if from_env else None
        base_url = base_url or from_env or DEFAULT_BASE_URL
        parts = urlsplit(base_url)
        if not parts.scheme or not parts.netloc:
            raise ValueError(f"{source} needs a scheme and a host, got {base_url!r}")
        options.setdefault("base_path", parts.path)
        super().__init__(seed=seed, style=style, self_check=self_check, **options)
        self.base_url = base_url.rstrip("/")
        self.real_latency = real_latency
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._assert_all_mocked = assert_all_mocked
        self._router: respx.MockRouter | None = None
        self.controls = Controls(self)
        # No report leaves the process: a callback URL may name any host.
        self.callback_hosts = CallbackHosts(anywhere=True)
        self.delivery: InProcessDelivery | None = None
        if deliver_to is not None:
            self.delivery = InProcessDelivery(self, deliver_to, delivery_policy)
            self.on_deliveries_due = self.delivery.deliver_due
        else:
            self.on_deliveries_due = undeliverable(self)

    # --- respx ----------------------------------------------------------------------------

    @property
    def router(self) -> respx.MockRouter:
        """The respx router while the mock is active (add your own routes to it if needed)."""
        if self._router is None:
            raise RuntimeError("the mock is not active: use it as a context manager")
        return self._router

    @property
    def transport(self) -> MockTransport:
        """An httpx transport answering from this mock, for a client of your own, with nothing
        patched (`httpx.Client(transport=mock.transport)`); started or not."""
        return MockTransport(self)

    def start(self) -> WwtMock:
        if self._router is not None:
            raise RuntimeError("the mock is already active")
        try:
            from .respx_router import BoundedRouter  # respx loads only for a mock that patches
        except ModuleNotFoundError as exc:
            better = missing_extra(exc)
            if better is None:
                raise
            raise better from exc
        router = BoundedRouter(assert_all_called=False, assert_all_mocked=self._assert_all_mocked)
        router.route(url__startswith=self._origin + "/").mock(side_effect=self._respond)
        router.start()
        self._router = router
        return self

    def stop(self) -> None:
        if self._router is not None:
            self._router.stop()
            self._router = None

    def __enter__(self) -> WwtMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> WwtMock:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __call__(self, func: _F) -> _F:
        """Decorate a sync or async function; a `wwt_mock` parameter receives the mock."""
        wants_mock = "wwt_mock" in inspect.signature(func).parameters

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                if wants_mock:
                    kwargs["wwt_mock"] = self
                with self:
                    return await func(*args, **kwargs)

            return cast(_F, async_wrapper)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if wants_mock:
                kwargs["wwt_mock"] = self
            with self:
                return func(*args, **kwargs)

        return cast(_F, wrapper)

    def _respond(self, request: httpx.Request) -> httpx.Response:
        """The mock's answer to `request` (or the httpx error a fault stands for)."""
        target = request.url.raw_path.decode("latin-1")
        try:
            body = request.content
        except httpx.RequestNotRead:
            body = request.read()
        if is_control(target):
            reply = self.controls.handle(request.method, target, request.headers.raw, body)
        else:
            reply = self.handle(request.method, target, request.headers.raw, body)
        if reply.delay:
            self._wait(request, reply.delay)
        if reply.fault == "reset":
            raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
        if reply.fault == "drop":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if reply.fault == "truncate":
            half = reply.body[: len(reply.body) // 2]
            return httpx.Response(
                reply.status,
                headers=reply.headers,
                stream=_TruncatedStream(half, len(reply.body), request),
                request=request,
            )
        return httpx.Response(
            reply.status, headers=reply.headers, content=reply.body, request=request
        )

    def _wait(self, request: httpx.Request, delay: float) -> None:
        timeouts = request.extensions.get("timeout") or {}
        read = timeouts.get("read")
        waited = delay if read is None else min(delay, read)
        if self.real_latency:
            time.sleep(waited)
        self.advance(waited)
        if read is not None and delay >= read:
            raise httpx.ReadTimeout("timed out", request=request)


class MockTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport (sync and async) handing every request to a `WwtMock`."""

    def __init__(self, mock: WwtMock) -> None:
        self._mock = mock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._mock._respond(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self._mock._respond(request)
