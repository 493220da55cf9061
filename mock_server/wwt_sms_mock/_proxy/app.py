"""The validating proxy's HTTP face: forwards each request to the real API and hands its
answer back untouched, then holds both against the contract.

What the client receives is the upstream's status, headers and body bytes as they came (only
hop-by-hop headers are dropped and Content-Length recounted); validation never changes it,
and never holds it back: each exchange is checked and logged after its answer is sent, in one
worker thread off the event loop (`CheckQueue`), so a huge body slows no other client.
When the upstream cannot answer, the proxy answers as the spec's gateway does: 502, or 504
when the upstream ran out of time.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Final

import httpx

from wwt_sms_mock._contract.check import ContractChecker, Located, Violation
from wwt_sms_mock._core.styles import dumps
from wwt_sms_mock._faces.asgi import head_refusal

from .checks_queue import CheckQueue
from .report import Exchange, ProxyLog, Unchecked
from .upstream import Answer, Upstream, UpstreamFailure, UpstreamLimits, open_upstream

__all__ = ["ProxyApp", "ProxyLimits"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# RFC 9110 section 7.6.1: headers that describe one connection, not the message.
_HOP_BY_HOP: Final = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
# The proxy frames the body itself, and has all of it before it forwards (uvicorn answers
# `Expect: 100-continue`).
_NOT_FORWARDED: Final = _HOP_BY_HOP | {b"host", b"content-length", b"expect"}
_BODY_FRAMING: Final = (b"content-length", b"transfer-encoding")  # names as ASGI gives them
_NO_BODY: Final = (204, 304)  # statuses whose answers never carry a body (RFC 9110, 6.4.1)


@dataclass(frozen=True, slots=True)
class ProxyLimits:
    """Every wait and buffer of the proxy, bounded."""

    timeout: float = 30.0  # seconds for the whole upstream exchange, connect to last byte
    connect_timeout: float = 5.0
    max_request_body: int = 1 << 20  # bytes a client may send
    max_response_body: int = 10 << 20  # bytes read from the upstream, before decoding
    max_connections: int = 100  # open connections to the upstream

    def upstream(self) -> UpstreamLimits:
        return UpstreamLimits(
            self.timeout, self.connect_timeout, self.max_response_body, self.max_connections
        )


class ProxyApp:
    """ASGI 3 application: forward to `upstream` (the API's base URL), validate, log."""

    def __init__(
        self,
        upstream: str,
        checker: ContractChecker,
        log: ProxyLog,
        limits: ProxyLimits = ProxyLimits(),
        client: str = "aiohttp",
    ) -> None:
        url = httpx.URL(upstream)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"upstream must be an http(s) URL with a host, got {upstream!r}")
        if url.userinfo or url.query or url.fragment:
            raise ValueError("upstream must be a plain base URL (no credentials, query, fragment)")
        self.upstream = url
        self._prefix = url.raw_path.rstrip(b"/")
        self.checker = checker
        self.log = log
        self.limits = limits
        self._base = checker.spec.base_path.encode()
        self._origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        self._client = client  # one of `_upstream.CLIENTS`
        self._upstream: Upstream | None = None
        self._checks = CheckQueue(self.log)

    def _open(self) -> Upstream:
        if self._upstream is None:
            self._upstream = open_upstream(self._origin, self.limits.upstream(), self._client)
        return self._upstream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._exchange(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._open()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._upstream is not None:
                    await self._upstream.close()
                self._checks.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _exchange(self, scope: Scope, receive: Receive, send: Send) -> None:
        method: str = scope["method"]
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        query: bytes = scope.get("query_string") or b""
        headers: list[tuple[bytes, bytes]] = list(scope["headers"])
        path = raw_path.decode("latin-1")
        target = path + ("?" + query.decode("latin-1") if query else "")
        if await self._refused_head(method, target, headers, send):
            return
        body = await self._receive_body(headers, receive, send)
        if body is None:
            return  # answered already, or the client is gone
        if self._base and not raw_path.startswith(self._base + b"/"):
            await _answer(send, 404, {"code": 404, "message": "Not found"})
            exchange = Unchecked(method, path, headers, 404)
            await self._checks.run(partial(self._observe_refusal, exchange, body, None), exchange)
            return
        try:
            status, reply_headers, reply_body = await self._forward(
                method, raw_path[len(self._base) :], query, headers, body
            )
        except UpstreamFailure as failure:
            located, _ = self.checker.locate(method, path)
            await _answer(send, failure.status, self._gateway_body(located, failure.status))
            exchange = Unchecked(method, path, headers, failure.status)
            reason = str(failure)
            await self._checks.run(partial(self._observe_refusal, exchange, body, reason), exchange)
            return
        await send({"type": "http.response.start", "status": status, "headers": reply_headers})
        await send({"type": "http.response.body", "body": reply_body})
        # The client has its answer; only now are the request and the answer checked.
        exchange = Unchecked(method, path, headers, status)
        check = partial(self._check, method, path, headers, body, status, reply_headers, reply_body)
        await self._checks.run(check, exchange)

    async def _refused_head(
        self, method: str, target: str, headers: list[tuple[bytes, bytes]], send: Send
    ) -> bool:
        """Refuse (431 or 414, and close) a head over the mock's bounds that came in one read,
        which the server's own bound on heads in pieces does not see; True if refused."""
        refusal = head_refusal(target, headers)
        if refusal is None:
            return False
        start = {"type": "http.response.start", "status": refusal.status}
        await send({**start, "headers": refusal.headers})
        await send({"type": "http.response.body", "body": refusal.body})
        exchange = Unchecked(method, target.partition("?")[0], headers, refusal.status)
        reason = json.loads(refusal.body)["message"]
        await self._checks.run(partial(self._observe_head_refusal, exchange, reason), exchange)
        return True

    def _observe_head_refusal(self, exchange: Unchecked, reason: str) -> None:
        located, found = self.checker.locate(exchange.method, exchange.path)
        found.append(Violation("request", "header", "", reason))
        headers, status = exchange.request_headers, exchange.status
        self.log.observe(Exchange(exchange.method, exchange.path, located, headers, status, found))

    async def _receive_body(
        self, headers: list[tuple[bytes, bytes]], receive: Receive, send: Send
    ) -> bytes | None:
        """The request's body; None once the client is answered 408 or 413 instead, or has
        gone before its body was whole (then nothing is forwarded: a cut body is no request)."""
        if not any(name in _BODY_FRAMING for name, _ in headers):
            return b""  # RFC 9112, 6.3: a request without either header has no body
        limit = self.limits.max_request_body
        try:
            async with asyncio.timeout(self.limits.timeout):  # a client that drips its body
                body = await _read_body(receive, limit)
        except _ClientGone:
            return None
        except TimeoutError:
            await _answer(send, 408, {"code": 408, "message": "request body not received in time"})
            return None
        if body is None:
            await _answer(send, 413, {"code": 413, "message": f"request body over {limit} bytes"})
        return body

    def _observe_refusal(self, exchange: Unchecked, body: bytes, failure: str | None) -> None:
        """An exchange the proxy answered itself: off the base path (404) or a gateway error."""
        method, path, headers = exchange.method, exchange.path, exchange.request_headers
        located, found = self.checker.check_request(method, path, headers, body)
        self.log.observe(
            Exchange(method, path, located, headers, exchange.status, found, failure=failure)
        )

    def _check(
        self,
        method: str,
        path: str,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        status: int,
        reply_headers: list[tuple[bytes, bytes]],
        reply_body: bytes,
    ) -> None:
        located, found = self.checker.check_request(method, path, headers, body)
        decoded, problem = _decoded(reply_headers, reply_body, self.limits)
        if problem is None:
            found += self.checker.check_response(
                located.operation, method, status, reply_headers, decoded
            )
        else:
            found.append(problem)
        exchange = Exchange(
            method,
            path,
            located,
            headers,
            status,
            found,
            response_headers=reply_headers,
            body=None if problem else decoded,
        )
        self.log.observe(exchange)

    async def _forward(
        self,
        method: str,
        rest: bytes,
        query: bytes,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        target = self._prefix + rest + (b"?" + query if query else b"")
        forwarded = [(k, v) for k, v in headers if k.lower() not in _NOT_FORWARDED]
        answer = await self._open().send(method, target, forwarded, body)
        return answer.status, _reply_headers(method, answer), answer.body

    def _gateway_body(self, located: Located, status: int) -> Any:
        """The spec's own example for this gateway status, else the gateway shape."""
        if located.operation is not None:
            response = located.operation.responses.get(status)
            if response is not None and response.examples:
                return next(iter(response.examples.values()))
        return {"code": status, "message": "Bad gateway" if status == 502 else "Gateway timeout"}


def _reply_headers(method: str, answer: Answer) -> list[tuple[bytes, bytes]]:
    """The upstream's headers less the hop-by-hop ones. Content-Length passes as sent (a HEAD
    answer announces a body it does not carry); a body that came chunked or ended with the
    connection, re-sent whole, gets one; a 204 or 304 goes on without (it has no body, and
    the server refuses to announce one)."""
    kept = [(k, v) for k, v in answer.headers if k.lower() not in _HOP_BY_HOP]
    if answer.status in _NO_BODY:
        return [(k, v) for k, v in kept if k.lower() != b"content-length"]
    if answer.chunked and method != "HEAD":
        kept.append((b"content-length", b"%d" % len(answer.body)))
    return kept


class _ClientGone(Exception):
    """The client hung up, or the server refused its framing, before the body was whole."""


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The request body, or None once it grows past `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _decoded(
    headers: Sequence[tuple[bytes, bytes]], body: bytes, limits: ProxyLimits
) -> tuple[bytes, Violation | None]:
    """The body as validation reads it: gzip and deflate undone, within the body bound."""
    encoding = next((v for k, v in headers if k.lower() == b"content-encoding"), b"identity")
    encoding = encoding.strip().lower()
    if encoding in (b"identity", b""):
        return body, None
    if encoding not in (b"gzip", b"deflate", b"x-gzip"):
        message = f"content-encoding {encoding.decode('latin-1')!r}: body not validated"
        return b"", Violation("response", "content-type", "", message)
    wbits = 31 if encoding != b"deflate" else 15
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(body, limits.max_response_body)
    except zlib.error as exc:
        return b"", Violation("response", "body", "", f"{encoding.decode()} body: {exc}")
    if inflater.unconsumed_tail:
        limit = limits.max_response_body
        return b"", Violation("response", "body", "", f"body over {limit} bytes once decoded")
    return out, None


async def _answer(send: Send, status: int, value: Any) -> None:
    body = dumps(value)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
