"""A request that offers a protocol upgrade the server does not take (`Upgrade: h2c`) is
answered as the plain HTTP/1.1 request it also is, body included."""

from __future__ import annotations

from typing import Any

import httptools

__all__ = ["IgnoredUpgrade"]


class IgnoredUpgrade:
    """Mixed into uvicorn's httptools protocol: ignore an upgrade it does not take.

    Clients such as the JDK's HttpClient offer `Connection: Upgrade, HTTP2-Settings` and
    `Upgrade: h2c` on `http://` URLs. A server may ignore Upgrade (RFC 9110 section 7.8,
    RFC 9113 section 3.1), and uvicorn means to; but httptools stops at the end of such a
    request's head and takes what follows for the new protocol, so the app would see an empty
    body and the body would be parsed as the next request. Here such a head is parsed once
    more by a fresh parser, without its `Upgrade` header, followed by the bytes after it: the
    request, its body and anything pipelined behind it take the ordinary way, with the same
    bounds. (h11 parses the body of such a request already; it needs none of this.)
    """

    _ignored_head: bytes | None = None  # the head to parse again, set at its end

    # What the mixin needs of uvicorn's httptools protocol.
    parser: Any
    url: bytes
    headers: list[tuple[bytes, bytes]]

    def data_received(self, data: bytes) -> None:
        # uvicorn's own `data_received`, but for what follows an upgrade it does not take,
        # which it drops. Each round parses less than the one before (a head less its Upgrade).
        protocol: Any = self
        protocol._unset_keepalive_if_required()
        pending = self._feed(data)
        while pending:
            pending = self._feed(pending)

    def _feed(self, data: bytes) -> bytes:
        """Parse `data`; what is left to parse again after an ignored upgrade, else b""."""
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            protocol: Any = self
            message = "Invalid HTTP request received."
            protocol.logger.warning(message)
            protocol.send_400_response(message)
        except httptools.HttpParserUpgrade as upgrade:
            return self._upgrade_stopped(upgrade, data)
        return b""

    def _upgrade_stopped(self, upgrade: httptools.HttpParserUpgrade, data: bytes) -> bytes:
        """The parser stopped at an upgrade: what to parse again if it is one ignored."""
        protocol: Any = self
        head, self._ignored_head = self._ignored_head, None
        if head is not None:
            self.parser = httptools.HttpRequestParser(self)
            offset: int = upgrade.args[0]
            return head + data[offset:]
        if protocol._should_upgrade():  # a WebSocket, when the protocol takes them
            protocol.handle_websocket_upgrade()
        else:  # a CONNECT
            protocol._unsupported_upgrade_warning()
        return b""

    def on_headers_complete(self) -> None:
        if self.parser.should_upgrade() and self._takes_no_upgrade():
            self._ignored_head = self._head_without_upgrade()
            return  # no request yet: it starts when the head is parsed again
        super().on_headers_complete()  # type: ignore[misc]

    def on_body(self, body: bytes) -> None:
        if self._ignored_head is None:  # (httptools sends none after an upgrade's head)
            super().on_body(body)  # type: ignore[misc]

    def on_message_complete(self) -> None:
        if self._ignored_head is None:
            super().on_message_complete()  # type: ignore[misc]

    def _takes_no_upgrade(self) -> bool:
        """The parser stops for an `Upgrade` header here, and the protocol does not upgrade.

        (Not uvicorn's `_get_upgrade()`: it reads the last Connection header alone, while the
        parser upgrades on an `upgrade` option in any.)"""
        if not self.parser.should_upgrade() or self.parser.get_method() == b"CONNECT":
            return False
        protocol: Any = self
        return not protocol._should_upgrade()

    def _head_without_upgrade(self) -> bytes:
        """The request's head as received, less `Upgrade` and the `upgrade` Connection option."""
        method: bytes = self.parser.get_method()
        version: str = self.parser.get_http_version()
        lines = [method + b" " + self.url + b" HTTP/" + version.encode("ascii")]
        for name, value in self.headers:
            if name == b"upgrade":
                continue
            if name == b"connection":
                options = [o.strip() for o in value.split(b",")]
                value = b", ".join(o for o in options if o and o.lower() != b"upgrade")
                if not value:
                    continue
            lines.append(name + b": " + value)
        return b"\r\n".join(lines) + b"\r\n\r\n"
