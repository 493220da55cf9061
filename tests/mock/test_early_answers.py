"""The HTTP mock answers some requests before their body has fully arrived (a body over the
bound is refused with 413 at its first bytes past it). The rest of that body must be read and
dropped, never parsed as the next request's head."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

import pytest

from tests.keys import KEY
from wwt_sms_mock import LiveServer, serve_in_thread
from wwt_sms_mock._core.mass_status import BODY_LIMIT
from wwt_sms_mock._faces.control import MAX_BODY

pytestmark = pytest.mark.network

DEADLINE = 20.0  # seconds: bounds a hang, never a measure


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    with serve_in_thread() as url:
        yield url


def _answers(live: LiveServer, first: bytes, rest: bytes) -> list[bytes]:
    """Send `first`, read its answer, then send `rest`; every answer's status line, in order,
    until the server closes."""
    host, port = live.root.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=DEADLINE) as sock:
        sock.sendall(first)
        received = sock.recv(65536)
        with contextlib.suppress(OSError):  # a server that closes early: seen in the answers
            sock.sendall(rest)
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                received += chunk
    return [b"HTTP/1.1" + part.split(b"\r\n")[0] for part in received.split(b"HTTP/1.1")[1:]]


@pytest.mark.parametrize(
    ("path", "limit"),
    [("/rest/sms/getStatus", BODY_LIMIT), ("/__mock/messages", MAX_BODY)],
    ids=["mass status", "control"],
)
def test_the_rest_of_a_refused_body_is_not_the_next_request(
    live: LiveServer, path: str, limit: int
) -> None:
    # Far past what one read takes in: some reads bring nothing but the body.
    body = b"[" + b"1," * (1 << 20) + b"1]"
    head = b"POST %s HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: %s\r\n" % (
        path.encode(),
        KEY.encode(),
    )
    head += b"content-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(body)
    following = b"GET /rest/sms/211 HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: %s\r\n" % (
        KEY.encode()
    )
    following += b"connection: close\r\n\r\n"
    split = limit + 2048
    answers = _answers(live, head + body[:split], body[split:] + following)
    assert answers[0].startswith(b"HTTP/1.1 413 ")
    # The next request is answered for what it is, or the connection ends; never a 431.
    assert answers[1:] in ([], [b"HTTP/1.1 200 OK"]), answers
