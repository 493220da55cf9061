"""The proxy's client to the real API: one request out, the answer's raw bytes back.

Two implementations of one small interface: aiohttp when it is installed (httpx's async
connection pool spends milliseconds of CPU per request on bookkeeping at the concurrency a
proxy sees; see benchmarks/README.md), httpx otherwise. Both forward exactly what they are
given, follow no redirect (the API key goes to the upstream's host and nowhere else), decode
nothing, and bound the whole exchange in time and the body in size. Neither retries, except
that aiohttp resends an idempotent request once when a kept-alive connection turns out to have
been closed by the upstream before it answered (RFC 9110, 9.2.2), as any client should.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

import httpx

__all__ = ["CLIENTS", "Answer", "Upstream", "UpstreamFailure", "UpstreamLimits", "open_upstream"]

Headers = Sequence[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class UpstreamLimits:
    timeout: float = 30.0  # seconds for the whole exchange, connect to last byte
    connect_timeout: float = 5.0
    max_body: int = 10 << 20  # bytes of response body, as sent (before any decoding)
    max_connections: int = 100


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


def open_upstream(origin: str, limits: UpstreamLimits, client: str | None = None) -> Upstream:
    """A client for `origin` (scheme://host[:port]); call inside the running event loop.
    `client`: one of CLIENTS; None picks aiohttp when it is installed."""
    if client is None:
        client = "aiohttp" if importlib.util.find_spec("aiohttp") is not None else "httpx"
    if client == "aiohttp":
        return _AiohttpUpstream(origin, limits)
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


class _AiohttpUpstream:
    def __init__(self, origin: str, limits: UpstreamLimits) -> None:
        import aiohttp
        import yarl

        self._aiohttp: Any = aiohttp
        self._url = yarl.URL
        self._origin = origin.rstrip("/")
        self._limits = limits
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=limits.max_connections),
            timeout=aiohttp.ClientTimeout(
                total=limits.timeout, sock_connect=limits.connect_timeout
            ),
            auto_decompress=False,  # the client gets the bytes as sent
            # forward the client's headers only
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def send(self, method: str, target: bytes, headers: Headers, body: bytes) -> Answer:
        aiohttp = self._aiohttp
        url = self._url(self._origin + target.decode("latin-1"), encoded=True)
        sent = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        try:
            async with asyncio.timeout(self._limits.timeout):
                async with self._session.request(
                    method, url, headers=sent, data=body or None, allow_redirects=False
                ) as response:
                    chunks, size = [], 0
                    async for chunk in response.content.iter_any():
                        size += len(chunk)
                        if size > self._limits.max_body:
                            raise _too_big(self._limits.max_body)
                        chunks.append(chunk)
                    raw = list(response.raw_headers)
                    status = response.status
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise UpstreamFailure(504, f"upstream timed out: {type(exc).__name__}") from exc
        except aiohttp.ClientError as exc:
            raise UpstreamFailure(502, f"upstream failed: {type(exc).__name__}: {exc}") from exc
        chunked = not any(k.lower() == b"content-length" for k, _ in raw)
        return Answer(status, raw, b"".join(chunks), chunked)

    async def close(self) -> None:
        await self._session.close()
