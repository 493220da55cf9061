"""The HTTP face: a raw ASGI callable (no framework) writing the core's bytes straight out."""

from __future__ import annotations

import asyncio
import socket
import struct
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final
from urllib.parse import quote

from ._control import Controls, is_control
from ._core import MockCore
from ._mass_status import BODY_LIMIT
from ._reply import Reply
from ._spec import ContractBreach

__all__ = ["MockApp"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_MAX_CONTROL_BODY: Final = 1 << 20
_WITH_BODY: Final = frozenset({"POST", "PUT", "PATCH"})
_BROKEN: Final = b'{"code":500,"message":"the mock broke its contract; see the server log"}'


class MockApp:
    """ASGI 3 application serving a `MockCore`.

    Faults that need the socket (reset, drop, truncate) reach it through the server's
    transport when the server exposes it (uvicorn does, as the `transport` of the object
    behind `send`); elsewhere they degrade to closing the response early.
    """

    def __init__(self, core: MockCore) -> None:
        self.core = core
        self.controls = Controls(core)

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
        try:
            method = scope["method"]
            if is_control(path):
                body = await _read_body(receive, _MAX_CONTROL_BODY)
                reply = self.controls.handle(method, path, scope["headers"], body)
            else:
                # One byte past the limit is enough for the core to refuse it (413).
                body = await _read_body(receive, BODY_LIMIT + 1) if method in _WITH_BODY else b""
                reply = self.core.handle(method, path, scope["headers"], body)
        except ContractBreach as breach:
            # Loud: a 500 the client sees, the reason on stderr and in core.breaches.
            print(f"wwt-sms-mock: contract breach: {breach}", file=sys.stderr, flush=True)
            reply = Reply(
                500,
                [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(_BROKEN))],
                _BROKEN,
            )
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.fault is not None and reply.fault != "malformed":
            await _fault(reply, send)
            return
        await send(
            {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
        )
        await send({"type": "http.response.body", "body": reply.body})


async def _read_body(receive: Receive, limit: int) -> bytes:
    """The request body, of which at most `limit` bytes are kept (the rest is read and
    dropped, so a large body costs bounded memory)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        if size < limit:
            chunks.append(chunk[: limit - size])
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
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if reply.fault == "truncate":
        await send(
            {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
        )
        half = reply.body[: len(reply.body) // 2]
        await send({"type": "http.response.body", "body": half, "more_body": True})
    if transport is None:
        # No socket to hand: the server will close the unfinished response itself.
        return
    if reply.fault == "reset":
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
