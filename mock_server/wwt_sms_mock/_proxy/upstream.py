"""The proxy's client to the real API: one request out, the answer's raw bytes back.

Two implementations of one small interface, both on maintained HTTP clients. The default is
aiohttp: its connection pool and its parser (llhttp, the one uvicorn serves with) hold up at
the concurrency a proxy sees, and it reads every framing HTTP/1.1 allows (a body ended by the
close, chunks and their trailers, answers to HEAD). The other is httpx (h11), kept as a
reference the tests hold the default against; it refuses transfer codings other than chunked.

Both forward exactly what they are given, follow no redirect (the API key goes to the
upstream's host and nowhere else), decode nothing, and bound the exchange in time and the
answer in size: its head (`MAX_HEAD` bytes in all, `MAX_HEADERS` fields), its body
(`UpstreamLimits.max_body`), its status (100 to 599). Neither retries, except that aiohttp
sends an idempotent request once more when a kept-alive connection turns out to have been
closed by the upstream before it answered (RFC 9110, 9.2.2).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple, Protocol

import aiohttp
import httpx
import yarl
from aiohttp.http_exceptions import LineTooLong

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
MAX_HEADERS: Final = 100
"""Header fields an answer may have: more is a 502."""
MAX_LINE: Final = 16 * 1024
"""Bytes of the status line, or of one header's name or value, the parser buffers."""
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


CLIENTS = ("aiohttp", "httpx")


def open_upstream(origin: str, limits: UpstreamLimits, client: str = "aiohttp") -> Upstream:
    """A client for `origin` (scheme://host[:port]); call inside the running event loop.
    `client`: one of CLIENTS."""
    if client == "aiohttp":
        return _AiohttpUpstream(origin, limits)
    if client == "httpx":
        return _HttpxUpstream(origin, limits)
    raise ValueError(f"client must be one of {CLIENTS}, got {client!r}")


def _too_big(limit: int) -> UpstreamFailure:
    return UpstreamFailure(502, f"upstream body over {limit} bytes")


def _answer(status: int, reason: str, headers: list[tuple[bytes, bytes]], body: bytes) -> Answer:
    """The answer as the proxy passes it on, once it is within the bounds both clients share."""
    if not 100 <= status <= 599:  # RFC 9110, 15: no valid status lies outside
        raise UpstreamFailure(502, f"upstream answered status {status}, outside 100-599")
    if status == 101:
        raise UpstreamFailure(502, "upstream switched protocols unasked")
    if len(headers) > MAX_HEADERS:
        raise UpstreamFailure(502, f"upstream head over {MAX_HEADERS} header fields")
    head = len("HTTP/1.1 000 \r\n\r\n") + len(reason) + sum(len(k) + len(v) + 4 for k, v in headers)
    if head > MAX_HEAD:
        raise UpstreamFailure(502, f"upstream head over {MAX_HEAD} bytes")
    chunked = not any(name.lower() == b"content-length" for name, _ in headers)
    return Answer(status, headers, body, chunked)


def _tls_context(origin: str) -> ssl.SSLContext | None:
    """The system's trusted authorities (and SSL_CERT_FILE's), read when the client opens."""
    return ssl.create_default_context() if origin.startswith("https:") else None


class _AiohttpUpstream:
    def __init__(self, origin: str, limits: UpstreamLimits) -> None:
        self._origin = origin.rstrip("/")
        self._limits = limits
        tls = _tls_context(origin)
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                limit=limits.max_connections,
                keepalive_timeout=KEEP_IDLE,
                ssl=tls if tls is not None else True,
            ),
            timeout=aiohttp.ClientTimeout(
                total=limits.timeout, sock_connect=limits.connect_timeout
            ),
            auto_decompress=False,  # the client gets the bytes as sent
            # forward the client's headers only
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,  # no proxy from the environment: the key goes to the upstream only
            max_line_size=MAX_LINE,
            max_field_size=MAX_LINE,
            max_headers=MAX_HEADERS,
        )

    async def send(self, method: str, target: bytes, headers: Headers, body: bytes) -> Answer:
        url = yarl.URL(self._origin + target.decode("latin-1"), encoded=True)
        sent = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        try:  # the session's own total deadline bounds the exchange, connect to last byte
            async with self._session.request(
                method, url, headers=sent, data=body or None, allow_redirects=False
            ) as response:
                try:
                    answer = _answer(
                        response.status,
                        response.reason or "",
                        list(response.raw_headers),
                        await self._read(response),
                    )
                except UpstreamFailure:
                    response.close()  # the connection is in no state to be reused
                    raise
        except TimeoutError as exc:  # aiohttp's own timeouts are TimeoutErrors too
            raise UpstreamFailure(504, f"upstream timed out: {type(exc).__name__}") from exc
        except aiohttp.ClientResponseError as exc:  # what the parser refused
            raise UpstreamFailure(502, _refusal(exc)) from exc
        except aiohttp.ClientError as exc:
            reason = f"upstream failed: {type(exc).__name__}: {exc}"
            raise UpstreamFailure(502, reason[:300]) from exc
        return answer

    async def _read(self, response: aiohttp.ClientResponse) -> bytes:
        limit = self._limits.max_body
        if response.content_length is not None and response.content_length > limit:
            raise _too_big(limit)  # refused before a byte of it is read
        chunks, size = [], 0
        async for chunk in response.content.iter_any():
            size += len(chunk)
            if size > limit:
                raise _too_big(limit)
            chunks.append(chunk)
        return b"".join(chunks)

    async def close(self) -> None:
        await self._session.close()


def _refusal(exc: aiohttp.ClientResponseError) -> str:
    """Why aiohttp's parser refused an answer, in the proxy's words."""
    cause = exc.__cause__
    while cause is not None and not isinstance(cause, LineTooLong):
        cause = cause.__cause__
    if cause is not None:
        return f"upstream head over {MAX_LINE} bytes in one line"
    return f"upstream failed: not a valid HTTP/1.1 answer: {exc.message}"[:300]


class _HttpxUpstream:
    def __init__(self, origin: str, limits: UpstreamLimits) -> None:
        self._origin = httpx.URL(origin)
        self._limits = limits
        tls = _tls_context(origin)
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
            limits=httpx.Limits(max_connections=limits.max_connections, keepalive_expiry=KEEP_IDLE),
            follow_redirects=False,
            trust_env=False,
            verify=tls if tls is not None else True,
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
            reason = f"upstream failed: {type(exc).__name__}: {exc}"
            raise UpstreamFailure(502, reason[:300]) from exc
        reason = response.extensions.get("reason_phrase", b"").decode("latin-1")
        return _answer(response.status_code, reason, list(response.headers.raw), b"".join(chunks))

    async def close(self) -> None:
        await self._client.aclose()
