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
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
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
        session = self._open()
        limits = request.extensions.get("timeout") or {}
        timeout = _client_timeout(*(limits.get(phase) for phase in _PHASES))
        body = await request.aread()
        headers = self._headers_for(request.headers.raw)
        try:
            response = await session.request(
                request.method,
                # httpx has already parsed and percent-encoded the URL: aiohttp need not again.
                yarl.URL(str(request.url), encoded=True),
                headers=headers,
                data=body or None,
                timeout=timeout,
                allow_redirects=False,  # redirects are httpx's decision
            )
        except aiohttp.ClientError as exc:
            raise _httpx_error(exc, request) from exc
        except TimeoutError as exc:  # aiohttp's `total` and a few others time out plainly
            raise httpx.ReadTimeout(str(exc) or "timed out", request=request) from exc
        return httpx.Response(
            response.status,
            headers=list(response.raw_headers),
            stream=_whole_body(response, request) or _Body(response, request),
            request=request,
            extensions={
                "http_version": _http_version(response.version),
                "reason_phrase": (response.reason or "").encode("latin-1"),
            },
        )

    def _headers_for(self, raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
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


_PHASES = ("connect", "read", "write", "pool")  # httpx's, in `_client_timeout`'s order


@functools.lru_cache(maxsize=64)  # a client sends its few timeouts over and over
def _client_timeout(
    connect: float | None, read: float | None, write: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    """httpx's per-phase limits, and a total: the longest of them (none if any is unlimited)."""
    phases = (connect, read, write, pool)
    total = None if None in phases else max(value for value in phases if value is not None)
    return aiohttp.ClientTimeout(total=total, connect=pool, sock_connect=connect, sock_read=read)


@functools.lru_cache(maxsize=8)
def _http_version(version: aiohttp.HttpVersion | None) -> bytes:
    return b"HTTP/1.1" if version is None else f"HTTP/{version.major}.{version.minor}".encode()


def _whole_body(
    response: aiohttp.ClientResponse, request: httpx.Request
) -> httpx.ByteStream | None:
    """The body, when aiohttp has already read all of it (and the connection is released);
    `None` while more is to come. What is there is what aiohttp's own buffer holds, so this
    adds no memory that streaming would not."""
    content = response.content
    if not content.is_eof():
        return None
    try:
        data = content.read_nowait(-1)
    except aiohttp.ClientError as exc:  # the body ended in an error: as while streaming
        response.release()
        raise _httpx_error(exc, request) from exc
    response.release()
    return httpx.ByteStream(data)


class _Body(httpx.AsyncByteStream):
    """An aiohttp response's body, chunk by chunk, with aiohttp's errors as httpx's."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request):
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except aiohttp.ClientError as exc:
            raise _httpx_error(exc, self._request) from exc
        except TimeoutError as exc:
            raise httpx.ReadTimeout(str(exc) or "timed out", request=self._request) from exc

    async def aclose(self) -> None:
        self._response.release()


def _httpx_error(exc: aiohttp.ClientError, request: httpx.Request) -> httpx.HTTPError:
    """The httpx exception that stands for an aiohttp one (the SDK's retries know httpx's)."""
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
