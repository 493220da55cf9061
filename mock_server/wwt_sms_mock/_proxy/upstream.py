"""The proxy's client to the real API: one request out, the answer's raw bytes back.

Two implementations of one small interface. The default keeps HTTP/1.1 connections to the
upstream open and parses answers with httptools (llhttp, the parser uvicorn serves with):
general-purpose clients spend most of a proxy's CPU on what it does not need (URL objects,
header dictionaries, cookie jars, redirects, decoding). The other is httpx, a reference the
tests hold the default against. Both forward exactly what they are given, follow no redirect
(the API key goes to the upstream's host and nowhere else), decode nothing, and bound the
exchange in time and the answer in size. Neither retries, except that the default sends an
idempotent request once more when a kept-alive connection turns out to have been closed by
the upstream before it answered a byte (RFC 9110, 9.2.2), as browsers and aiohttp do.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple, Protocol, cast
from urllib.parse import urlsplit

import httptools
import httpx

__all__ = ["CLIENTS", "Answer", "Upstream", "UpstreamFailure", "UpstreamLimits", "open_upstream"]

Headers = Sequence[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class UpstreamLimits:
    timeout: float = 30.0  # seconds for the whole exchange, connect to last byte
    connect_timeout: float = 5.0
    max_body: int = 10 << 20  # bytes of response body, as sent (before any decoding)
    max_connections: int = 100  # open at once; a request waits for one within `timeout`


MAX_HEAD: Final = 64 * 1024
"""Bytes of status line and headers an answer may take: a longer head is a 502."""
KEEP_IDLE: Final = 4.0
"""Seconds a connection is kept for reuse: below servers' usual keep-alive timeouts (uvicorn
closes idle ones after 5), so a request seldom meets a connection the upstream is closing."""


class Answer(NamedTuple):
    status: int
    headers: list[tuple[bytes, bytes]]  # as received, hop-by-hop ones included
    body: bytes  # as received (still content-encoded), de-chunked
    chunked: bool  # the body came without a Content-Length


class UpstreamFailure(Exception):
    """No usable answer: `status` is what the proxy answers instead (502, or 504)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class Upstream(Protocol):
    async def send(self, method: str, target: bytes, headers: Headers, body: bytes) -> Answer:
        """`target`: the percent-encoded path and query, appended to the upstream's origin."""

    async def close(self) -> None: ...


CLIENTS = ("httptools", "httpx")


def open_upstream(origin: str, limits: UpstreamLimits, client: str = "httptools") -> Upstream:
    """A client for `origin` (scheme://host[:port]); call inside the running event loop.
    `client`: one of CLIENTS."""
    if client == "httptools":
        return _PooledUpstream(origin, limits)
    if client == "httpx":
        return _HttpxUpstream(origin, limits)
    raise ValueError(f"client must be one of {CLIENTS}, got {client!r}")


def _too_big(limit: int) -> UpstreamFailure:
    return UpstreamFailure(502, f"upstream body over {limit} bytes")


class _HttpxUpstream:
    def __init__(self, origin: str, limits: UpstreamLimits) -> None:
        self._origin = httpx.URL(origin)
        self._limits = limits
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
            limits=httpx.Limits(max_connections=limits.max_connections),
            follow_redirects=False,
        )

    async def send(self, method: str, target: bytes, headers: Headers, body: bytes) -> Answer:
        url = self._origin.copy_with(raw_path=target)
        request = httpx.Request(method, url, headers=list(headers), content=body or None)
        try:
            async with asyncio.timeout(self._limits.timeout):
                response = await self._client.send(request, stream=True)
                try:
                    chunks, size = [], 0
                    async for chunk in response.aiter_raw():
                        size += len(chunk)
                        if size > self._limits.max_body:
                            raise _too_big(self._limits.max_body)
                        chunks.append(chunk)
                finally:
                    await response.aclose()
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise UpstreamFailure(504, f"upstream timed out: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise UpstreamFailure(502, f"upstream failed: {type(exc).__name__}: {exc}") from exc
        raw = list(response.headers.raw)
        chunked = "content-length" not in response.headers
        return Answer(response.status_code, raw, b"".join(chunks), chunked)

    async def close(self) -> None:
        await self._client.aclose()


# Methods a client may send again when no answer came (RFC 9110, 9.2.2).
_IDEMPOTENT: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
# Methods whose request says its length even when it has no body.
_BODYLESS: Final = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "TRACE"})


class _PooledUpstream:
    """Keep-alive connections to one origin, at most `max_connections`, the last used first."""

    def __init__(self, origin: str, limits: UpstreamLimits) -> None:
        url = urlsplit(origin)
        secure = url.scheme == "https"
        self._address = (url.hostname or "", url.port or (443 if secure else 80))
        self._host = url.netloc.encode("ascii")
        self._tls = ssl.create_default_context() if secure else None
        self._limits = limits
        self._slots = asyncio.Semaphore(limits.max_connections)
        self._idle: deque[_Connection] = deque()

    async def send(self, method: str, target: bytes, headers: Headers, body: bytes) -> Answer:
        request = self._request(method, target, headers, body)
        try:
            async with asyncio.timeout(self._limits.timeout), self._slots:
                return await self._exchange(method, request)
        except TimeoutError as exc:
            raise UpstreamFailure(504, "upstream timed out") from exc

    def _request(self, method: str, target: bytes, headers: Headers, body: bytes) -> bytes:
        head = [b"%s %s HTTP/1.1\r\nhost: %s\r\n" % (method.encode("ascii"), target, self._host)]
        head += [b"%s: %s\r\n" % header for header in headers]
        if body or method not in _BODYLESS:
            head.append(b"content-length: %d\r\n" % len(body))
        head += (b"\r\n", body)
        return b"".join(head)

    async def _exchange(self, method: str, request: bytes) -> Answer:
        while True:
            connection = self._take_idle()
            reused = connection is not None
            if connection is None:
                connection = await self._connect()
            try:
                answer = await connection.exchange(request, head_only=method == "HEAD")
            except _Closed as closed:
                if reused and not closed.answered and method in _IDEMPOTENT:
                    continue  # the upstream had closed it while it sat idle: a fresh one
                raise UpstreamFailure(502, f"upstream failed: {closed}") from closed
            except BaseException:  # bad answer, timeout, cancellation: not reusable
                connection.close()
                raise
            if connection.reusable:
                connection.idle_since = asyncio.get_running_loop().time()
                self._idle.append(connection)
            else:
                connection.close()
            return answer

    def _take_idle(self) -> _Connection | None:
        oldest = asyncio.get_running_loop().time() - KEEP_IDLE
        while self._idle:
            connection = self._idle.pop()
            if connection.reusable and connection.idle_since >= oldest:
                return connection
            connection.close()  # closed by the upstream, kept too long, or sent unasked bytes
        return None

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        limits = self._limits
        host, port = self._address
        try:
            async with asyncio.timeout(limits.connect_timeout):
                _, connection = await loop.create_connection(
                    lambda: _Connection(limits.max_body), host, port, ssl=self._tls
                )
        except TimeoutError as exc:
            raise UpstreamFailure(504, "upstream timed out: connect") from exc
        except OSError as exc:
            raise UpstreamFailure(502, f"upstream failed: cannot connect: {exc}") from exc
        return connection

    async def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


class _Closed(Exception):
    """The connection closed before the answer was whole. `answered`: any of it came."""

    def __init__(self, message: str, answered: bool) -> None:
        super().__init__(message)
        self.answered = answered


class _Connection(asyncio.Protocol):
    """One connection to the upstream, one exchange at a time; httptools calls the `on_*`
    methods as it parses what arrives."""

    def __init__(self, max_body: int) -> None:
        self._max_body = max_body
        self._parser = httptools.HttpResponseParser(self)
        self._transport: asyncio.Transport | None = None
        self._answer: asyncio.Future[Answer] | None = None
        self._head_only = False
        self.reusable = False  # idle, open and in a clean state
        self.idle_since = 0.0  # loop time it went back to the pool
        self._head_size = 0  # bytes of the current answer's head(s) so far
        self._answered = False  # any byte of the current answer came
        self._begin()

    def _begin(self) -> None:
        """Ready for the next answer (or the final one, after an interim 1xx)."""
        self._head: list[tuple[bytes, bytes]] = []
        self._body: list[bytes] = []
        self._body_size = 0
        self._head_done = self._until_close = False

    async def exchange(self, request: bytes, *, head_only: bool) -> Answer:
        assert self._transport is not None
        assert self._answer is None
        self.reusable = False
        self._head_only = head_only
        self._head_size = 0
        self._answered = False
        self._begin()
        self._answer = asyncio.get_running_loop().create_future()
        self._transport.write(request)
        try:
            return await self._answer
        finally:
            self._answer = None

    def close(self) -> None:
        self.reusable = False
        if self._transport is not None:
            self._transport.close()

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's are not subclasses

    def data_received(self, data: bytes) -> None:
        if self._answer is None or self._answer.done():  # nobody asked: a confused upstream
            self.close()
            return
        self._answered = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            cause = exc.__context__ if isinstance(exc.__context__, UpstreamFailure) else None
            self._fail(cause or UpstreamFailure(502, f"upstream failed: not HTTP/1.1: {exc}"))
            return
        if not self._head_done:  # all of `data` was head, and the head goes on
            self._head_size += len(data)
            if self._head_size > MAX_HEAD:
                self._fail(UpstreamFailure(502, f"upstream head over {MAX_HEAD} bytes"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.reusable = False
        if self._answer is None or self._answer.done():
            return
        if self._head_done and self._until_close:  # the close is what ends this body
            self._finish(keep_alive=False)
        else:
            reason = "connection closed before the answer was whole"
            self._answer.set_exception(_Closed(reason, self._answered))

    def _fail(self, failure: UpstreamFailure) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(failure)
        self.close()

    def _finish(self, *, keep_alive: bool) -> None:
        status = self._parser.get_status_code()
        chunked = not any(name.lower() == b"content-length" for name, _ in self._head)
        body = b"".join(self._body)
        assert self._answer is not None
        self._answer.set_result(Answer(status, self._head, body, chunked))
        self.reusable = keep_alive

    # httptools callbacks

    def on_message_begin(self) -> None:
        if self._answer is None or self._answer.done():  # a second answer to one request
            self.reusable = False
        self._begin()

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head.append((name, value))

    def on_headers_complete(self) -> None:
        self._head_done = True
        status = self._parser.get_status_code()
        if self._head_only and status >= 200:
            # llhttp cannot be told the answer is to HEAD: it would wait for the body the
            # headers announce, so the connection ends with the head.
            self._finish(keep_alive=False)
            return
        framed = any(name.lower() in _FRAMING for name, _ in self._head)
        self._until_close = not framed and status >= 200 and status not in (204, 304)

    def on_body(self, body: bytes) -> None:
        self._body_size += len(body)
        if self._body_size > self._max_body:
            raise _too_big(self._max_body)
        self._body.append(body)

    def on_message_complete(self) -> None:
        status = self._parser.get_status_code()
        if self._answer is None or self._answer.done() or (100 <= status < 200 and status != 101):
            return  # an interim answer: the final one follows
        if status == 101:
            self._fail(UpstreamFailure(502, "upstream switched protocols unasked"))
            return
        self._finish(keep_alive=self._parser.should_keep_alive())


_FRAMING: Final = frozenset({b"content-length", b"transfer-encoding"})
