"""A scripted in-memory API (`httpx.MockTransport`) and a fake clock, for the SDK's tests.

The fixtures that hand them out (`api`, `clock`, `client`, `aclient`) are in conftest.py.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from typing import Any

import httpx

SMS_BODY: dict[str, Any] = {
    "error": 0,
    "errorDescription": "No errors",
    "id": 211,
    "msisdn": 380972000001,
    "reference": "ext19",
    "time_in": "2017-01-17 09:11:41",
    "time_sent": "2017-01-17 09:11:41",
    "time_dr": "2017-01-17 09:11:45",
    "status": "delivered",
    "price": 0.23,
    "currency": "EUR",
}
TASK_BODY: dict[str, Any] = {
    "error": "0",
    "originator": "alpha_name",
    "body": "test sms",
    "validity": "72",
    "totalprice": "0.4",
    "currency": "EUR",
    "sent": "2",
    "delivered": "1",
    "expired": "0",
    "undeliverable": "1",
    "unknown": "0",
}

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def reply(status: int = 200, body: Any = None, *, headers: dict[str, str] | None = None,
          content: bytes | None = None) -> httpx.Response:  # fmt: skip
    """A response with a JSON body (or raw `content`). Without either, the body is `SMS_BODY`
    for the message asked for: `FakeApi` puts in the id or reference of the request."""
    echo = body is None and content is None
    if content is None:
        content = json.dumps(SMS_BODY if body is None else body).encode()
    return httpx.Response(
        status,
        content=content,
        headers={"content-type": "application/json", **(headers or {})},
        extensions={"echo": True} if echo else {},
    )


def _echoed(template: httpx.Response, request: httpx.Request) -> httpx.Response:
    """`template` (an `SMS_BODY` reply) for the message `request` asks for."""
    body = dict(SMS_BODY)
    head, _, last = request.url.path.rpartition("/")
    if head.endswith("/sms/reference"):
        body["reference"] = last
    elif head.endswith("/sms") and last.isdigit():
        body["id"] = int(last)
    return httpx.Response(
        template.status_code, json=body, headers=template.headers, request=request
    )


class FakeApi:
    """Answers each request with the next scripted reply (then `default`), recording requests."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.script: deque[Reply] = deque()
        self.default: Reply = reply()

    def queue(self, *replies: Reply) -> FakeApi:
        self.script.extend(replies)
        return self

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.script.popleft() if self.script else self.default
        if isinstance(item, Exception):
            raise item
        if callable(item) and not isinstance(item, httpx.Response):
            return item(request)
        if item.extensions.get("echo"):
            return _echoed(item, request)
        return item

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)


class FakeClock:
    """Virtual time: sleeping advances it at once."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        if not seconds >= 0:  # as `time.sleep` and `asyncio.sleep` would, for a negative wait
            raise ValueError(f"sleep length must be non-negative: {seconds!r}")
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
