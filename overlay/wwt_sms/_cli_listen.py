"""`wwt-sms listen`: a small HTTP receiver that prints each delivery report it is sent.

    wwt-sms listen [--host 127.0.0.1] [--port 8765] [--json]

Point a message's `callback_url` (or the mock's) at the URL it prints, and each report POSTed
there is read with `parse_delivery_report` and printed as one row (`--json`: one `to_json()`
line). A body that is not a report is answered with `400` and the reason, and reported on
stderr; any method but POST gets `405`. Nothing a client sends stops the receiver: its bodies
are bounded in size (`MAX_DELIVERY_REPORT_BYTES`) and time (`LISTEN_BODY_TIMEOUT`), its heads
in size and time (`LISTEN_MAX_HEAD`, `LISTEN_HEAD_TIMEOUT`), and every connection closes after
one answer. It runs under uvicorn (the `cli` extra) until Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from ._constants import (
    DEFAULT_LISTEN_HOST,
    DEFAULT_LISTEN_PORT,
    LISTEN_BODY_TIMEOUT,
    LISTEN_HEAD_TIMEOUT,
    LISTEN_MAX_CONNECTIONS,
    LISTEN_MAX_HEAD,
    MAX_DELIVERY_REPORT_BYTES,
)
from ._delivery_reports import parse_delivery_report
from ._exceptions import DeliveryReportError
from ._models import DeliveryReport

__all__ = ["DeliveryReportReceiver", "main"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_COLUMNS = {"id": 20, "status": 14, "reference": 24, "msisdn": 15, "time_dr": 25, "price": 10}


def format_row(report: DeliveryReport) -> str:
    """One report as a table row: id, status, reference, msisdn, time_dr, price and currency."""
    record = report.to_dict()
    cells = [f"{'-' if record[c] is None else record[c]!s:<{w}}" for c, w in _COLUMNS.items()]
    return " ".join(cells) + f" {record['currency']}"


def header_row() -> str:
    return " ".join(f"{name:<{width}}" for name, width in _COLUMNS.items()) + " currency"


class DeliveryReportReceiver:
    """An ASGI app: each POSTed body is read with `parse_delivery_report` and handed to
    `on_report` (answer `200`), or refused with `400` and the reason (handed to `on_refusal`)."""

    def __init__(
        self,
        on_report: Callable[[DeliveryReport], None],
        on_refusal: Callable[[str], None],
        *,
        max_body: int = MAX_DELIVERY_REPORT_BYTES,
        body_timeout: float = LISTEN_BODY_TIMEOUT,
    ) -> None:
        self.on_report = on_report
        self.on_refusal = on_refusal
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # no lifespan, no websockets
        if scope["method"] != "POST":
            await _answer(
                send, 405, "only POST: a delivery report is POSTed", [(b"allow", b"POST")]
            )
            return
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        body = await self._body(headers, receive)
        if isinstance(body, _Unread):
            self.on_refusal(body.reason)
            await _answer(send, body.status, body.reason)
            return
        try:
            report = parse_delivery_report(body, headers=headers)
        except DeliveryReportError as error:
            self.on_refusal(str(error))
            await _answer(send, 400, str(error))
            return
        self.on_report(report)
        await _answer(send, 200, "ok")

    async def _body(self, headers: dict[str, str], receive: Receive) -> bytes | _Unread:
        """The request body, or why it was not read: too large (413) or too slow (408)."""
        too_large = _Unread(413, f"the body is more than {self.max_body} bytes")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            return too_large
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_body:
                        return too_large
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        return b"".join(chunks)
        except TimeoutError:
            return _Unread(408, f"the body took more than {self.body_timeout:g} s to arrive")


@dataclass(frozen=True, slots=True)
class _Unread:
    """A body the receiver did not read, the status it answers and why."""

    status: int
    reason: str


async def _answer(
    send: Send, status: int, text: str, extra: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    body = text.encode("utf-8") + b"\n"
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --- the server ------------------------------------------------------------------------------


def _head_bounded_protocol() -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol, closing a connection that has not sent a whole request head
    within `LISTEN_HEAD_TIMEOUT` (uvicorn bounds the head's size, and idle kept-alive
    connections, but not a head that never ends)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeadBoundedH11(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._head_timer = self.loop.call_later(LISTEN_HEAD_TIMEOUT, self._head_overdue)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.cycle is not None:
                self._stop_timer()  # the head is in: the app's body deadline takes over

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_timer()
            super().connection_lost(exc)

        def _stop_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_overdue(self) -> None:
            self._head_timer = None  # never cancelled: no request head arrived in time
            if not self.transport.is_closing():
                self.transport.close()

    return HeadBoundedH11


def server_config(app: DeliveryReportReceiver) -> Any:
    """The uvicorn configuration of the receiver: bounded heads, connections and shutdown."""
    import uvicorn

    return uvicorn.Config(
        app,
        http=_head_bounded_protocol(),
        h11_max_incomplete_event_size=LISTEN_MAX_HEAD,
        limit_concurrency=LISTEN_MAX_CONNECTIONS,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=2,
        lifespan="off",
        ws="none",
        access_log=False,
        proxy_headers=False,
        server_header=False,
        log_level="warning",
    )


def url_of(sock: socket.socket) -> str:
    """A URL a client can open for a listening socket: an unspecified address (`0.0.0.0`,
    `::`) is reached through loopback."""
    host = str(sock.getsockname()[0])
    port = int(sock.getsockname()[1])
    address = ipaddress.ip_address(host)
    if address.is_unspecified:
        address = ipaddress.ip_address("::1" if address.version == 6 else "127.0.0.1")
    shown = f"[{address}]" if address.version == 6 else str(address)
    return f"http://{shown}:{port}/"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wwt-sms listen",
        description="Receive delivery reports (DLRs) over HTTP and print one row per report.",
    )
    parser.add_argument("--host", default=DEFAULT_LISTEN_HOST,
                        help=f"address to listen on (default {DEFAULT_LISTEN_HOST})")  # fmt: skip
    port_help = f"port, 0 for any free one (default {DEFAULT_LISTEN_PORT})"
    parser.add_argument("--port", type=int, default=DEFAULT_LISTEN_PORT, help=port_help)
    parser.add_argument("--json", action="store_true",
                        help="print each report as one JSON line (its to_json())")  # fmt: skip
    return parser


def main(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Run the receiver until stopped: 130 after Ctrl-C, 0 after SIGTERM, 2 for bad arguments
    or an address it cannot listen on."""
    try:
        args = _parser().parse_args(list(argv))
    except SystemExit as exit_:  # argparse printed the usage or the help
        return 0 if exit_.code == 0 else 2
    try:
        import uvicorn
    except ImportError:
        print("error: wwt-sms listen needs uvicorn: pip install 'wwt-sms[cli]'", file=err)
        return 2
    try:
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        sock = socket.create_server((args.host, args.port), family=family)
    except (OSError, OverflowError) as error:
        print(f"error: cannot listen on {args.host}:{args.port}: {error}", file=err)
        return 2

    def on_report(report: DeliveryReport) -> None:
        print(report.to_json() if args.json else format_row(report), file=out, flush=True)

    def on_refusal(reason: str) -> None:
        print(f"refused: {reason}", file=err, flush=True)

    with sock:
        server = uvicorn.Server(server_config(DeliveryReportReceiver(on_report, on_refusal)))
        print(
            f"Ready: POST delivery reports to {url_of(sock)} (Ctrl-C to stop)", file=err, flush=True
        )
        if not args.json:
            print(header_row(), file=out, flush=True)
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:  # uvicorn stops on Ctrl-C, then raises it again
            return 130
    return 0
