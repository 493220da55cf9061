"""The HTTP face: a raw ASGI callable (no framework) writing the core's bytes straight out."""

from __future__ import annotations

import asyncio
import socket
import struct
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final
from urllib.parse import quote

from wwt_sms_mock._contract.spec import ContractBreach
from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._core.mass_status import BODY_LIMIT
from wwt_sms_mock._core.replies import json_reply
from wwt_sms_mock._core.reply import Reply

from .control import MAX_BODY, Controls, is_control
from .guard import ControlGuard

__all__ = ["MockApp", "head_refusal"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_BROKEN: Final = b'{"code":500,"message":"the mock broke its contract; see the server log"}'
MAX_HEAD: Final = 16 * 1024
"""Bytes a request's line and headers may take (414 or 431 beyond)."""
MAX_TARGET: Final = 8 * 1024
MAX_HEADER_COUNT: Final = 100
_WITH_BODY: Final = frozenset({"POST", "PUT", "PATCH"})


class MockApp:
    """ASGI 3 application serving a `MockCore`, and its controls under `/__mock`.

    `guard` decides who may use the controls (see `serve`); `io_timeout` bounds, in
    seconds, reading a control request's body and writing each response, so a client that
    sends or reads slowly cannot hold a request open. Faults that need the socket (reset,
    drop, truncate) reach it through the server's transport when the server exposes it
    (uvicorn does, as the `transport` of the object behind `send`); elsewhere they degrade
    to closing the response early.
    """

    def __init__(
        self, core: MockCore, *, guard: ControlGuard | None = None, io_timeout: float = 10.0
    ) -> None:
        self.core = core
        self.controls = Controls(core, guard)
        self.io_timeout = io_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind != "http":
            if kind == "lifespan":
                await _lifespan(receive, send)
            return
        raw = scope.get("raw_path")
        path = raw.decode("latin-1") if raw else quote(scope["path"])
        query = scope.get("query_string") or b""
        if query:
            path = path + "?" + query.decode("latin-1")
        oversized = head_refusal(path, scope["headers"])
        if oversized is not None:
            reply = oversized
        elif is_control(path):
            reply = await self._control(scope, receive, path)
        elif scope["method"] in _WITH_BODY:  # the mass-status operation reads its body
            reply = await self._api_with_body(scope, receive, path)
        else:
            reply = self._api(scope, path, b"")
        if reply.delay:
            await asyncio.sleep(reply.delay)
        await self._send(reply, send)

    async def _send(self, reply: Reply, send: Send) -> None:
        """Send `reply` within `io_timeout`, or carry out its fault."""
        start = {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
        body = {"type": "http.response.body", "body": reply.body}
        messages: tuple[Message, ...] = (start, body)
        flow = getattr(getattr(send, "__self__", None), "flow", None)
        if reply.fault is None and flow is not None and flow.write_paused is False:
            # uvicorn's `send` waits only while its write flow is paused (a client that does
            # not read): while it is not, the answer goes out without arming a timer.
            await send(start)
            if not _paused(flow):  # the head alone may have filled the write buffer
                await send(body)
                return
            messages = (body,)
        try:
            async with asyncio.timeout(self.io_timeout):
                if reply.fault is not None and reply.fault != "malformed":
                    await _fault(reply, send)
                    return
                for message in messages:
                    await send(message)
        except TimeoutError:
            await _close(send, reset=True)  # a client that does not read: let it go

    async def _api_with_body(self, scope: Scope, receive: Receive, path: str) -> Reply:
        try:
            async with asyncio.timeout(self.io_timeout):
                body = await _read_body(receive, BODY_LIMIT)
        except TimeoutError:
            return json_reply(408, {"code": 408, "message": "the request body did not arrive"})
        return self._api(scope, path, body)

    def _api(self, scope: Scope, path: str, body: bytes) -> Reply:
        try:
            return self.core.handle(scope["method"], path, scope["headers"], body)
        except ContractBreach as breach:
            # Loud: a 500 the client sees, the reason on stderr and in core.breaches.
            print(f"wwt-sms-mock: contract breach: {breach}", file=sys.stderr, flush=True)
            return Reply(
                500,
                [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(_BROKEN))],
                _BROKEN,
            )

    async def _control(self, scope: Scope, receive: Receive, path: str) -> Reply:
        try:
            async with asyncio.timeout(self.io_timeout):
                body = await _read_body(receive)
        except TimeoutError:
            return json_reply(408, {"message": "the request body did not arrive in time"})
        prepared = self.controls.prepare(scope["method"], path, scope["headers"], body)
        if isinstance(prepared, Reply):
            return prepared
        if prepared.route.offload:
            # A large read (the journal): built off the event loop, which keeps serving.
            return await asyncio.to_thread(self.controls.run, prepared)
        return self.controls.run(prepared)


def head_refusal(target: str, headers: list[tuple[bytes, bytes]]) -> Reply | None:
    """The refusal of a request whose head is over the bounds (the server refuses such a
    head when it arrives in pieces; one that arrives at once reaches the app)."""
    if len(target) > MAX_TARGET:
        status, message = 414, f"the request target is over {MAX_TARGET} bytes"
    elif len(headers) > MAX_HEADER_COUNT or _head_bytes(headers) > MAX_HEAD:
        status, message = 431, f"the headers are over {MAX_HEADER_COUNT} or {MAX_HEAD} bytes"
    else:
        return None
    return json_reply(status, {"code": status, "message": message}, [(b"connection", b"close")])


def _head_bytes(headers: list[tuple[bytes, bytes]]) -> int:
    size = 0
    for name, value in headers:  # a plain loop: the cheapest sum on every request
        size += len(name) + len(value)
    return size


def _paused(flow: Any) -> bool:
    return flow.write_paused is not False


async def _read_body(receive: Receive, limit: int = MAX_BODY) -> bytes:
    """The body, or its first `limit` + 1 bytes (enough for the control face, or the core, to
    refuse it)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        chunks.append(chunk[: limit + 1 - size])
        size += len(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _fault(reply: Reply, send: Send) -> None:
    if reply.fault == "truncate":
        await send(
            {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
        )
        half = reply.body[: len(reply.body) // 2]
        await send({"type": "http.response.body", "body": half, "more_body": True})
    await _close(send, reset=reply.fault == "reset")


async def _close(send: Send, *, reset: bool) -> None:
    """Close the connection under `send`: with a TCP reset, or a FIN after what is buffered."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        # No socket to hand: the server will close the unfinished response itself.
        return
    if reset:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Linger 0: close() sends RST instead of FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    else:
        transport.close()  # FIN after whatever is buffered: drop, or the half body
    # Let the server see the disconnect before we return, so it neither answers 500
    # nor logs an unfinished response.
    for _ in range(100):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0.001)
