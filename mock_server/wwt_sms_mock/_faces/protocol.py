"""The HTTP protocol every server of the package runs under uvicorn: the fastest parser
installed (httptools, else h11) with a deadline and a size cap for each request's head, a
bounded pipeline, and (for httptools) an `Upgrade: h2c` ignored with the request's body kept.
"""

from __future__ import annotations

import asyncio
import importlib.util
from typing import Any, Final

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .asgi import MAX_HEAD

__all__ = ["HEAD_TIMEOUT", "MAX_CONNECTIONS", "MAX_PIPELINED", "bounded_protocol"]

MAX_CONNECTIONS: Final = 1000
"""Connections and requests in flight; beyond, the server answers 503."""
MAX_PIPELINED: Final = 32
"""Requests a connection may have waiting behind the one being answered before the server
stops reading from it (what one read brings in is parsed whole, so at most that much more)."""
HEAD_TIMEOUT: Final = 10.0
"""Seconds a connection may take to send a request's line and headers, counted from its
opening or from the previous response: idle and slow (slowloris) connections close."""


class _HeadBounds:
    """Mixed into a uvicorn HTTP protocol: a deadline and a size cap for each request's head.

    uvicorn closes a connection left idle after a response (`timeout_keep_alive`), but not one
    that never completes a request: here such a connection closes after `head_timeout`. And a
    head still incomplete after `MAX_HEAD` bytes is refused with 431, whatever the parser
    would buffer (httptools buffers a header of any length). httptools also parses every
    request in what it reads and queues them, and uvicorn resumes reading after each answer:
    a client that pipelines without reading would grow that queue without end, so reading
    stays paused while it is long. The body of a request answered before it fully arrived
    (a 413) is still read, and dropped, by the parser: it is not the next request's head.
    """

    head_timeout: float = HEAD_TIMEOUT
    _head_deadline: asyncio.TimerHandle | None = None
    _awaiting_since: float | None = None  # loop time the current wait for a head began
    _head_bytes: int = 0
    _in_body: bool = False  # the parser is past a request's head and short of its end

    # What the mixin needs of uvicorn's protocols (both have these).
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    flow: Any
    cycle: Any
    # What one of them has (set on the instance): defaults here, so that reading them is a
    # plain lookup, not a `getattr` that catches an AttributeError on every request.
    pipeline: Any = ()  # httptools' requests parsed and waiting (h11 parses one at a time)
    conn: Any = None  # h11's connection

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._await_head()

    # Per request, these run in every server of the package: each check is written inline.

    def data_received(self, data: bytes) -> None:
        cycle = self.cycle
        awaiting = (cycle is None or cycle.response_complete) and not self._reading_body()
        super().data_received(data)  # type: ignore[misc]
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:  # a request is in: the app's
            self._head_bytes = 0  # own timeouts take over
            self._awaiting_since = None
        elif awaiting:
            self._head_bytes += len(data)  # all of it was head: the head is still incomplete
            if self._head_bytes > MAX_HEAD and not self.transport.is_closing():
                self.transport.write(_HEAD_TOO_LARGE)
                self.transport.close()
        if len(self.pipeline) > MAX_PIPELINED:
            self.flow.pause_reading()  # uvicorn resumes it after the next answer

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        cycle = self.cycle  # the next pipelined request's, if one was waiting
        if cycle is None or cycle.response_complete:
            self._await_head()
        if len(self.pipeline) > MAX_PIPELINED:
            self.flow.pause_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self._awaiting_since = None
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None
        super().connection_lost(exc)  # type: ignore[misc]

    # httptools' callbacks (h11's protocol has none: its connection's state says the same)

    def on_headers_complete(self) -> None:
        self._in_body = True
        super().on_headers_complete()  # type: ignore[misc]

    def on_message_complete(self) -> None:
        self._in_body = False
        super().on_message_complete()  # type: ignore[misc]

    def _reading_body(self) -> bool:
        if self.conn is not None:  # h11's
            return bool(self.conn.their_state is h11.SEND_BODY)
        return self._in_body

    def _serving(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    # One timer a connection, not one a request: waiting for a head only notes when it began;
    # the timer, when it fires, closes the connection or sets itself for the time left.

    def _await_head(self) -> None:
        self._head_bytes = 0
        self._awaiting_since = self.loop.time()
        if self._head_deadline is None:
            self._head_deadline = self.loop.call_at(
                self._awaiting_since + self.head_timeout, self._head_overdue
            )

    def _head_overdue(self) -> None:
        self._head_deadline = None
        since = self._awaiting_since
        if since is None or self._serving() or self.transport.is_closing():
            return  # the next wait for a head sets the timer again
        due = since + self.head_timeout
        if self.loop.time() < due:
            self._head_deadline = self.loop.call_at(due, self._head_overdue)
        else:
            self.transport.close()


_HEAD_TOO_LARGE: Final = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-length: 0\r\nconnection: close\r\n\r\n"
)


def bounded_protocol(head_timeout: float) -> type[asyncio.Protocol]:
    """The fastest HTTP protocol installed (httptools, else h11), with the head bounds (and,
    for httptools, an `Upgrade: h2c` ignored with the request's body kept, as h11 does)."""
    bases: tuple[type, ...]
    if importlib.util.find_spec("httptools"):
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        from .upgrade import IgnoredUpgrade

        bases = (_HeadBounds, IgnoredUpgrade, HttpToolsProtocol)
    else:
        bases = (_HeadBounds, H11Protocol)
    return type("Bounded" + bases[-1].__name__, bases, {"head_timeout": head_timeout})
