"""A test upstream that drifts from the contract in every way the proxy must report.

Each path under `/rest` answers one kind of drift; `EXPECTED` says which violation (side,
location, pointer) the proxy must report for it. The upstream also keeps the headers of every
request it saw, so tests can check what was forwarded.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

GOOD_SMS: Final = {
    "error": 0,
    "errorDescription": "No errors",
    "id": 211,
    "msisdn": 380972000001,
    "reference": "ext19",
    "time_in": "2017-01-17 09:11:41",
    "time_sent": None,
    "time_dr": None,
    "status": "delivered",
    "price": 0.23,
    "currency": "EUR",
}
GOOD_TASK: Final = {
    "error": "0",
    "originator": "alpha_name",
    "body": "test sms",
    "validity": "72",
    "totalprice": "0.4",
    "currency": "EUR",
    "sent": "2",
}

_JSON: Final = b"application/json"


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


# path -> (status, headers, body)
ANSWERS: Final[dict[str, tuple[int, list[tuple[bytes, bytes]], bytes]]] = {
    "/rest/sms/211": (200, [(b"content-type", _JSON)], _json(GOOD_SMS)),
    "/rest/sms/1": (200, [(b"content-type", _JSON)], _json({**GOOD_SMS, "id": "abc"})),
    "/rest/sms/2": (
        200,
        [(b"content-type", _JSON)],
        _json({k: v for k, v in GOOD_SMS.items() if k != "msisdn"}),
    ),
    "/rest/sms/3": (418, [(b"content-type", _JSON)], _json({"code": 418, "message": "teapot"})),
    "/rest/sms/4": (200, [(b"content-type", b"text/html; charset=utf-8")], b"<h1>Hello</h1>"),
    "/rest/sms/5": (200, [(b"content-type", _JSON)], b'{"error": 0, "id": 5,'),
    "/rest/sms/6": (
        200,
        [(b"content-type", _JSON), (b"content-encoding", b"gzip")],
        gzip.compress(_json({**GOOD_SMS, "price": [0.23]}), mtime=0),
    ),
    "/rest/sms/7": (
        429,
        [(b"content-type", _JSON), (b"retry-after", b"soon")],
        _json({"code": 429, "message": "Too many requests"}),
    ),
    "/rest/sms/task/1": (200, [(b"content-type", _JSON)], _json({**GOOD_TASK, "sent": -2})),
    "/rest/sms/reference/ext19": (200, [(b"content-type", _JSON)], _json(GOOD_SMS)),
}

# path -> (side, location, pointer) of the one violation the proxy must report
EXPECTED: Final = {
    "/rest/sms/1": ("response", "body", "/id"),
    "/rest/sms/2": ("response", "body", "/msisdn"),
    "/rest/sms/3": ("response", "status", ""),
    "/rest/sms/4": ("response", "content-type", ""),
    "/rest/sms/5": ("response", "body", ""),
    "/rest/sms/6": ("response", "body", "/price"),
    "/rest/sms/7": ("response", "header", "/retry-after"),
    "/rest/sms/task/1": ("response", "body", "/sent"),
}

SLOW_PATH: Final = "/rest/sms/8"  # answers after `slow_seconds`
REDIRECT_PATH: Final = "/rest/sms/9"  # 302 to `redirect_to`
ECHO_KEY_PATH: Final = "/rest/sms/10"  # a drifting body that quotes the request's API key
HUGE_PATH: Final = "/rest/sms/11"  # a body of `huge_bytes`
CHUNKED_PATH: Final = "/rest/sms/12"  # the good message, chunked (no Content-Length)


class DriftingUpstream:
    """ASGI app serving `ANSWERS`, plus a slow, a redirecting, an echoing and a huge path."""

    def __init__(
        self, *, slow_seconds: float = 5.0, redirect_to: str = "", huge_bytes: int = 0
    ) -> None:
        self.slow_seconds = slow_seconds
        self.redirect_to = redirect_to
        self.huge_bytes = huge_bytes
        self.seen: list[tuple[str, list[tuple[bytes, bytes]], bytes]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path = scope["path"]
        self.seen.append((path, list(scope["headers"]), body))
        status, headers, content = await self._answer(path, dict(scope["headers"]))
        if path == CHUNKED_PATH:  # two pieces, no length: the server sends it chunked
            await send({"type": "http.response.start", "status": status, "headers": headers})
            half = len(content) // 2
            await send({"type": "http.response.body", "body": content[:half], "more_body": True})
            await send({"type": "http.response.body", "body": content[half:]})
            return
        headers = [*headers, (b"content-length", b"%d" % len(content))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _answer(
        self, path: str, headers: dict[bytes, bytes]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if path in ANSWERS:
            return ANSWERS[path]
        if path == CHUNKED_PATH:
            return ANSWERS["/rest/sms/211"]
        if path == SLOW_PATH:
            await asyncio.sleep(self.slow_seconds)
            return ANSWERS["/rest/sms/211"]
        if path == REDIRECT_PATH:
            return 302, [(b"location", self.redirect_to.encode())], b""
        if path == ECHO_KEY_PATH:
            key = headers.get(b"x-api-key", b"").decode()
            return 200, [(b"content-type", _JSON)], _json({**GOOD_SMS, "id": key})
        if path == HUGE_PATH:
            return 200, [(b"content-type", _JSON)], b" " * self.huge_bytes
        return 404, [(b"content-type", _JSON)], _json({"error": 20, "errorDescription": "x"})
