"""An optional aiohttp transport for `AsyncClient` (the `aiohttp` extra).

It keeps httpx's client layer (requests, headers, timeouts, events, and the errors the SDK's
retries understand) and hands the wire to an `aiohttp.ClientSession`, whose connection pool
holds up better than httpx's own under the concurrency `get_many` runs at.

    async with wwt_sms.aiohttp_client() as http:
        async with wwt_sms.AsyncClient(http_client=http) as client:
            async for result in client.sms.get_many(ids): ...

The body is streamed to httpx as it arrives (so a reader can stop at a byte cap), undecoded:
aiohttp does not decompress, so what reads it decodes as it would over httpx's own pool. A body
that aiohttp has already read whole by the time the head is parsed (a small answer, usually) is
handed over as it is, without the streaming machinery. Each request's total time (connection,
sending, the whole body) is bounded by the longest of its timeout's limits, and redirects are
never followed here.

`handle_async_request` is two steps, each usable alone: `exchange` (the request to aiohttp, its
response with the head read) and `httpx_response` (that response as httpx's). The SDK's async
calls use `exchange` directly when nothing needs httpx's objects (`_direct.py`).
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Mapping
from typing import Any

import aiohttp
import httpx
import yarl

__all__ = ["AiohttpTransport", "aiohttp_client"]

DEFAULT_LIMIT = 100  # connections in the pool, as httpx's own default


class AiohttpTransport(httpx.AsyncBaseTransport):
    """`httpx.AsyncBaseTransport` over one `aiohttp.ClientSession`, made on first use (it must be
    created inside the running event loop) and closed with the transport.

    `limit` is the pool's size (connections in flight at once); `session` is your own session
    instead (the transport then does not close it, and leaves its settings alone: make it with
    `auto_decompress=False`).
    """

    def __init__(self, *, limit: int = DEFAULT_LIMIT, session: aiohttp.ClientSession | None = None):
        if session is None and (type(limit) is not int or limit < 1):
            raise ValueError(f"limit must be a positive int: {limit!r}")
        self._limit = limit
        self._session = session
        self._owns_session = session is None
        self._last_headers: tuple[list[tuple[bytes, bytes]], list[tuple[str, str]]] = ([], [])

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._limit),
                auto_decompress=False,  # httpx decodes from Content-Encoding itself
                # httpx has set Host, User-Agent, Accept and Accept-Encoding: add nothing.
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
                cookie_jar=aiohttp.DummyCookieJar(),  # httpx's client keeps the cookies
            )
            # aiohttp silently resends an idempotent request once when the connection resets
            # or closes; the SDK's own retries must see every attempt (count, backoff, logs,
            # `max_retries=0` meaning one). The switch is private (aiohttp's own test client
            # flips it), so it is set only where it exists.
            if hasattr(self._session, "_retry_connection"):
                self._session._retry_connection = False
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        limits = request.extensions.get("timeout") or {}
        body = await request.aread()
        try:
            # httpx has already parsed and percent-encoded the URL: aiohttp need not again.
            answer = await self.exchange(
                request.method,
                str(request.url),
                self.aiohttp_headers(request.headers.raw),
                client_timeout(limits),
                body,
            )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise httpx_error(exc, request) from exc
        return httpx_response(answer, request)

    def exchange(
        self,
        method: str,
        url: str,
        headers: list[tuple[str, str]],
        timeout: aiohttp.ClientTimeout,
        body: bytes = b"",
    ) -> Awaitable[aiohttp.ClientResponse]:
        """Send one request as given (`url` already percent-encoded, `headers` complete);
        aiohttp's response, its head read and its body in aiohttp's buffer or still to come.
        Raises aiohttp's errors as they are (`httpx_error` says which httpx error each is)."""
        return self._open().request(
            method,
            yarl.URL(url, encoded=True),
            headers=headers,
            data=body or None,
            timeout=timeout,
            allow_redirects=False,  # redirects are httpx's decision
        )

    def aiohttp_headers(self, raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
        """`raw` as aiohttp takes them; the last conversion is kept, since a client sends the
        same headers over and over."""
        last_raw, last = self._last_headers
        if raw != last_raw:
            last = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]
            self._last_headers = raw, last
        return last

    async def aclose(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None


def client_timeout(limits: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
    """httpx's per-phase limits (a request's timeout extension) as aiohttp's, and a total: the
    longest of them (none if any is unlimited)."""
    get = limits.get
    return _client_timeout(get("connect"), get("read"), get("write"), get("pool"))


@functools.lru_cache(maxsize=64)  # a client sends its few timeouts over and over
def _client_timeout(
    connect: float | None, read: float | None, write: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    phases = (connect, read, write, pool)
    total = None if None in phases else max(value for value in phases if value is not None)

    # A phase starts after the total's timer and so, given the total's limit, cannot end the
    # request before the total does (and when both are due at once, the total's ends it): such a
    # limit is left to the total, which spares a timer per request (per chunk, for reads).
    def sooner(limit: float | None) -> float | None:
        return None if limit == total else limit

    return aiohttp.ClientTimeout(
        total=total, connect=sooner(pool), sock_connect=sooner(connect), sock_read=sooner(read)
    )


@functools.lru_cache(maxsize=8)
def _http_version(version: aiohttp.HttpVersion | None) -> bytes:
    return b"HTTP/1.1" if version is None else f"HTTP/{version.major}.{version.minor}".encode()


def httpx_response(
    answer: aiohttp.ClientResponse, request: httpx.Request, body: bytes | None = None
) -> httpx.Response:
    """`answer` as an `httpx.Response` to `request`, its body not read; `body` is the whole
    body when it has already been taken from aiohttp's buffer."""
    if body is None:
        stream = _whole_body(answer, request) or _Body(answer, request)
    else:
        stream = httpx.ByteStream(body)
    return httpx.Response(
        answer.status,
        headers=list(answer.raw_headers),
        stream=stream,
        request=request,
        extensions={
            "http_version": _http_version(answer.version),
            "reason_phrase": (answer.reason or "").encode("latin-1"),
        },
    )


def buffered_body(answer: aiohttp.ClientResponse) -> bytes | None:
    """The body, when aiohttp has already read all of it (the connection is then released);
    `None` while more is to come. Raises aiohttp's error if the body ended in one. What is there
    is what aiohttp's own buffer holds, so this adds no memory that streaming would not."""
    content = answer.content
    if not content.is_eof():
        return None
    try:
        return content.read_nowait(-1)
    finally:
        answer.release()


def _whole_body(answer: aiohttp.ClientResponse, request: httpx.Request) -> httpx.ByteStream | None:
    try:
        body = buffered_body(answer)
    except aiohttp.ClientError as exc:  # the body ended in an error: as while streaming
        raise httpx_error(exc, request) from exc
    return None if body is None else httpx.ByteStream(body)


class _Body(httpx.AsyncByteStream):
    """An aiohttp response's body, chunk by chunk, with aiohttp's errors as httpx's."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request):
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise httpx_error(exc, self._request) from exc

    async def aclose(self) -> None:
        self._response.release()


def httpx_error(exc: Exception, request: httpx.Request) -> httpx.TransportError:
    """The httpx exception that stands for an aiohttp one, or for a plain `TimeoutError` (aiohttp's
    `total` and a few others time out plainly): the SDK's retries know httpx's."""
    if not isinstance(exc, aiohttp.ClientError):
        return httpx.ReadTimeout(str(exc) or "timed out", request=request)
    message = str(exc) or type(exc).__name__
    error: type[httpx.TransportError]
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        error = httpx.ConnectTimeout
    elif isinstance(exc, aiohttp.ServerTimeoutError):
        error = httpx.ReadTimeout
    elif isinstance(exc, aiohttp.ClientConnectorError):
        error = httpx.ConnectError
    elif isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        error = httpx.RemoteProtocolError  # closed before or in the middle of a response
    elif isinstance(exc, aiohttp.ClientResponseError):
        error = httpx.RemoteProtocolError  # a response aiohttp could not parse
    elif isinstance(exc, aiohttp.ClientConnectionError):
        error = httpx.ReadError  # reset, broken pipe, ...
    else:
        error = httpx.TransportError
    return error(message, request=request)


def aiohttp_client(*, limit: int = DEFAULT_LIMIT, **options: Any) -> httpx.AsyncClient:
    """An `httpx.AsyncClient` whose transport is aiohttp, for `AsyncClient(http_client=...)`.

    `limit` is the connection pool's size; `options` go to `httpx.AsyncClient` (headers,
    event hooks, ...). Close it yourself (`async with`, or `await http.aclose()`): the SDK does
    not close a client it was given.
    """
    if "transport" in options:
        raise TypeError("aiohttp_client() makes its own transport")
    return httpx.AsyncClient(transport=AiohttpTransport(limit=limit), **options)
