"""A request offering `Upgrade: h2c` (as the JDK's HttpClient sends on `http://` URLs) is
answered as plain HTTP/1.1 with its body, by the mock and by the proxy, over real loopback
sockets; under the httptools parser the server uses and under h11."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from uvicorn.protocols.http.h11_impl import H11Protocol

from tests.keys import KEY
from tests.proxy.harness import proxy_to
from wwt_sms_mock import serve_in_thread
from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._faces.asgi import MockApp
from wwt_sms_mock._faces.guard import ControlGuard
from wwt_sms_mock._faces.protocol import _HeadBounds
from wwt_sms_mock._faces.server import run_in_thread

pytestmark = pytest.mark.network

# What the JDK's HttpClient adds to a request on an `http://` URL.
H2C = [
    b"Connection: Upgrade, HTTP2-Settings",
    b"Upgrade: h2c",
    b"HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA",
]
STATUS_QUERY = b'{"ids":[211]}'


def _post_status(*, chunked: bool = False, extra: tuple[bytes, ...] = ()) -> tuple[bytes, bytes]:
    """A getStatus request offering h2c: its head and its body (as framed on the wire)."""
    length = b"Content-Length: %d" % len(STATUS_QUERY)
    framing = b"Transfer-Encoding: chunked" if chunked else length
    lines = [
        b"POST /rest/sms/getStatus HTTP/1.1",
        b"Host: 127.0.0.1",
        f"X-API-KEY: {KEY}".encode(),
        b"Content-Type: application/json",
        framing,
        *H2C,
        *extra,
    ]
    body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(STATUS_QUERY), STATUS_QUERY) if chunked else STATUS_QUERY
    return b"\r\n".join([*lines, b"", b""]), body


def _get_sms(*extra: bytes) -> bytes:
    lines = [b"GET /rest/sms/211 HTTP/1.1", b"Host: 127.0.0.1", f"X-API-KEY: {KEY}".encode()]
    return b"\r\n".join([*lines, *extra, b"", b""])


def _exchange(root: str, writes: list[bytes]) -> list[tuple[int, Any]]:
    """Send `writes` one by one on one connection (the last request asks to close it), read
    to the end, and split what came back into (status, JSON body) by Content-Length."""
    host, port = root.removeprefix("http://").rsplit(":", 1)
    received = b""
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        for data in writes:
            sock.sendall(data)
        while chunk := sock.recv(65536):  # the socket's timeout bounds a hang
            received += chunk
    answers = []
    while received:
        head, _, rest = received.partition(b"\r\n\r\n")
        fields = dict(line.split(b": ", 1) for line in head.lower().split(b"\r\n")[1:])
        length = int(fields[b"content-length"])
        answers.append((int(head.split(b" ")[1]), json.loads(rest[:length])))
        received = rest[length:]
    return answers


def _statuses(answer: tuple[int, Any]) -> list[str]:
    status, body = answer
    assert status == 200, body
    return [item["id"] for item in body["result"]]


@pytest.fixture(scope="module", params=["httptools", "h11"])
def root(request: pytest.FixtureRequest) -> Iterator[str]:
    """A mock's root URL: under the server's own protocol, or on h11 with the same bounds."""
    if request.param == "httptools":
        with serve_in_thread() as live:
            yield live.root
        return
    app = MockApp(MockCore(self_check=True), guard=ControlGuard(token=None, loopback=True))
    h11 = type("BoundedH11Protocol", (_HeadBounds, H11Protocol), {})
    with run_in_thread(app, http=h11) as url:
        yield url


def test_the_body_of_a_request_offering_h2c_reaches_the_mock(root: str) -> None:
    head, body = _post_status(extra=(b"Connection: close",))
    assert [_statuses(a) for a in _exchange(root, [head + body])] == [["211"]]


def test_a_chunked_body_sent_after_the_head_reaches_the_mock(root: str) -> None:
    head, body = _post_status(chunked=True, extra=(b"Connection: close",))
    assert [_statuses(a) for a in _exchange(root, [head, body])] == [["211"]]


def test_requests_pipelined_behind_one_offering_h2c_are_answered_in_order(root: str) -> None:
    first = b"".join(_post_status())
    second = b"".join(_post_status(chunked=True))
    answers = _exchange(root, [first + second + _get_sms(b"Connection: close")])
    assert [_statuses(a) for a in answers[:2]] == [["211"], ["211"]]
    assert answers[2][0] == 200
    assert answers[2][1]["reference"] == "ext19"


def test_the_proxy_passes_a_request_offering_h2c_with_its_body(tmp_path: Path) -> None:
    with serve_in_thread() as live, proxy_to(live, tmp_path) as proxy:
        head, body = _post_status(extra=(b"Connection: close",))
        root = proxy.url.removesuffix("/rest")
        assert [_statuses(a) for a in _exchange(root, [head + body])] == [["211"]]
        pipelined = [b"".join(_post_status(chunked=True)) + _get_sms(b"Connection: close")]
        answers = _exchange(root, pipelined)
    assert _statuses(answers[0]) == ["211"]
    assert answers[1][1]["reference"] == "ext19"
