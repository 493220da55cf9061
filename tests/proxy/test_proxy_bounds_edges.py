"""The proxy's byte bounds at their exact edge: a request body of exactly `max_request_body`
is read and one byte more is refused; an upstream body of exactly `max_body` is taken, one byte
more is a 502, whether it comes with a length, chunked or framed by the close; and an empty
body still goes out with its length."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wwt_sms_mock._proxy.app import _read_body

from .test_upstream_client import LIMITS, failure, get, run

LIMIT = LIMITS.max_body


def _receive(*chunks: bytes) -> Any:
    messages = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    return receive


@pytest.mark.parametrize("pieces", [1, 3])
def test_a_request_body_of_exactly_the_bound_is_read(pieces: int) -> None:
    body = b"x" * 1024
    step = -(-len(body) // pieces)
    chunks = [body[i : i + step] for i in range(0, len(body), step)]
    assert asyncio.run(_read_body(_receive(*chunks), 1024)) == body
    assert asyncio.run(_read_body(_receive(*chunks, b"y"), 1024)) is None


def _framed(size: int, framing: str) -> bytes:
    body = b"x" * size
    if framing == "length":
        return b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n" % size + body
    if framing == "chunked":
        return b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (
            size,
            body,
        )
    return b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n" + body


@pytest.mark.parametrize("framing", ["length", "chunked", "close"])
def test_an_upstream_body_of_exactly_the_bound_is_taken(
    framing: str, upstream_client_kind: str
) -> None:
    reply = _framed(LIMIT, framing)
    answer, _ = run(lambda head, n: reply if n == 0 else None, get(), upstream_client_kind)
    assert (answer.status, len(answer.body)) == (200, LIMIT)


@pytest.mark.parametrize("framing", ["length", "chunked", "close"])
def test_one_byte_over_the_upstream_bound_is_a_502(framing: str, upstream_client_kind: str) -> None:
    reply = _framed(LIMIT + 1, framing)
    found = failure(lambda head, n: reply if n == 0 else None, upstream_client_kind)
    assert (found.status, str(found)) == (502, f"upstream body over {LIMIT} bytes")


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_an_empty_body_goes_out_with_a_zero_length(method: str, upstream_client_kind: str) -> None:
    # Without a length a server may wait for a body that never comes (RFC 9110, 8.6).
    async def talk(upstream: Any) -> Any:
        return await upstream.send(method, b"/rest/sms/getStatus", [], b"")

    reply = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"
    _, upstream = run(lambda head, n: reply, talk, upstream_client_kind)
    ((head),) = upstream.requests
    lines = head.lower().split(b"\r\n")
    assert b"content-length: 0" in lines
    assert not any(line.startswith(b"transfer-encoding") for line in lines)
