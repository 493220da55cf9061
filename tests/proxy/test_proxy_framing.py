"""The proxy between clients and upstreams that frame their messages at HTTP's edges, or badly.

The upstream is a scripted loopback server that answers each request with fixed bytes and
closes; the clients are httpx or a raw socket. Each exchange must reach the report and the
summary, each client a well-formed answer, and a request the proxy did not receive whole (or
refused) must never reach the upstream.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.keys import KEY
from wwt_sms_mock._proxy.app import ProxyLimits
from wwt_sms_mock._proxy.upstream import MAX_HEAD

from .harness import proxy_to, report_lines

pytestmark = pytest.mark.network

JSON_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
GOOD = (
    b'{"error":0,"errorDescription":"No errors","id":211,"msisdn":380972000001,'
    b'"reference":"ext19","time_in":"2017-01-17 09:11:41","time_sent":null,"time_dr":null,'
    b'"status":"delivered","price":0.23,"currency":"EUR"}'
)
DEADLINE = 20.0  # seconds: bounds a hang, never a measure


class Scripted(socketserver.ThreadingTCPServer):
    """Answers every request with `reply` and closes; keeps the heads it received."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, reply: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reply = reply
        self.heads: list[bytes] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/rest"


class _Handler(socketserver.StreamRequestHandler):
    server: Scripted

    def handle(self) -> None:
        self.connection.settimeout(DEADLINE)
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            line = self.rfile.readline(65536)
            if not line:
                return
            head += line
        self.server.heads.append(head)
        self.wfile.write(self.server.reply)


@contextlib.contextmanager
def upstream(reply: bytes) -> Iterator[Scripted]:
    server = Scripted(reply)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def get(url: str, method: str = "GET") -> httpx.Response:
    return httpx.request(method, url, headers={"X-API-KEY": KEY}, timeout=DEADLINE)


def raw(url: str, request: bytes, *, rest: bytes = b"") -> list[bytes]:
    """Send `request` on one connection, then `rest` once the first answer came; every byte
    read back until the server closes, split after each answer's head."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=DEADLINE) as sock:
        sock.sendall(request)
        received = sock.recv(65536)
        if rest:
            with contextlib.suppress(OSError):  # a server that closes early: seen below
                sock.sendall(rest)
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                received += chunk
    return [b"HTTP/1.1" + part for part in received.split(b"HTTP/1.1")[1:]]


def summary_total(summary: str) -> list[str]:
    return next(line.split() for line in summary.splitlines() if line.startswith("total"))


# --- answers that made the proxy fail ------------------------------------------------------


@pytest.mark.parametrize("status", [b"999", b"099"])
def test_a_status_outside_http_is_a_502_and_reported(status: bytes, tmp_path: Path) -> None:
    reply = b"HTTP/1.1 " + status + b" Odd\r\ncontent-type: application/json\r\n"
    reply += b"content-length: 2\r\n\r\n{}"
    with upstream(reply) as api, proxy_to(api.url, tmp_path) as proxy:
        response = get(proxy.url + "/sms/211")
    assert (response.status_code, response.json()["code"]) == (502, 502)
    (failure,) = [line for line in report_lines(tmp_path) if line["kind"] == "upstream-failure"]
    assert f"status {int(status)}" in failure["message"]
    assert summary_total(proxy.log.summary()) == ["total", "1", "0", "1"]


def test_a_304_that_states_a_length_is_passed_on_and_reported(tmp_path: Path) -> None:
    reply = b'HTTP/1.1 304 Not Modified\r\netag: "a"\r\ncontent-length: 345\r\n\r\n'
    with upstream(reply) as api, proxy_to(api.url, tmp_path) as proxy:
        response = get(proxy.url + "/sms/211")
    assert (response.status_code, response.content) == (304, b"")
    assert response.headers["etag"] == '"a"'
    assert proxy.log.summary().count("getSmsById") == 1


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"id":211,"reference":' + b"[" * 500 + b"]" * 500 + b"}"],
    ids=["100,000 deep", "500 deep in a field"],
)
def test_a_deeply_nested_body_is_passed_on_and_reported(body: bytes, tmp_path: Path) -> None:
    reply = JSON_HEAD + b"content-length: %d\r\n\r\n" % len(body) + body
    with upstream(reply) as api, proxy_to(api.url, tmp_path) as proxy:
        response = get(proxy.url + "/sms/211")
    assert (response.status_code, response.content) == (200, body)
    assert {line["location"] for line in report_lines(tmp_path)} == {"body"}
    summary = proxy.log.summary()
    assert summary_total(summary)[:2] == ["total", "1"]
    # Recorded, or named in the summary as not recorded; never half a file.
    recorded = [path for path in (tmp_path / "recorded").rglob("*") if path.is_file()]
    assert [path.suffix for path in recorded] == [".json"] or "not recorded: " in summary
    assert all(path.stat().st_size > 0 for path in recorded)


def test_a_lone_surrogate_is_reported_and_recorded_whole(tmp_path: Path) -> None:
    body = GOOD.replace(b'"ext19"', b'"\\ud800"')
    reply = JSON_HEAD + b"content-length: %d\r\n\r\n" % len(body) + body
    with upstream(reply) as api, proxy_to(api.url, tmp_path) as proxy:
        response = get(proxy.url + "/sms/211")
    assert (response.status_code, response.content) == (200, body)
    assert proxy.log.summary().count("getSmsById") == 1
    recorded = [path for path in (tmp_path / "recorded").rglob("*") if path.is_file()]
    assert [path.suffix for path in recorded] == [".json"]
    assert recorded[0].stat().st_size > 0


# --- framing ---------------------------------------------------------------------------------


def test_an_identity_body_ended_by_the_close_is_passed_on(tmp_path: Path) -> None:
    reply = JSON_HEAD + b"transfer-encoding: identity\r\nconnection: close\r\n\r\n" + GOOD
    with upstream(reply) as api, proxy_to(api.url, tmp_path) as proxy:
        response = get(proxy.url + "/sms/211")
    assert (response.status_code, response.content) == (200, GOOD)
    assert response.headers["content-length"] == str(len(GOOD))


def test_a_chunked_trailer_does_not_become_a_header(tmp_path: Path) -> None:
    chunks = b"%x\r\n%s\r\n0\r\ncontent-type: text/html\r\nx-trailer: 1\r\n\r\n" % (len(GOOD), GOOD)
    reply = JSON_HEAD + b"transfer-encoding: chunked\r\n\r\n" + chunks
    with upstream(reply) as api, proxy_to(api.url, tmp_path) as proxy:
        response = get(proxy.url + "/sms/211")
    assert (response.status_code, response.content) == (200, GOOD)
    assert response.headers.get_list("content-type") == ["application/json"]
    assert "x-trailer" not in response.headers


def test_a_chunked_answer_to_head_gets_no_invented_length(tmp_path: Path) -> None:
    reply = JSON_HEAD + b"transfer-encoding: chunked\r\n\r\n"
    with upstream(reply) as api, proxy_to(api.url, tmp_path) as proxy:
        response = get(proxy.url + "/sms/211", method="HEAD")
    assert (response.status_code, response.content) == (200, b"")
    assert "content-length" not in response.headers


@pytest.mark.parametrize(
    "extra",
    [
        b"".join(b"x-filler-%d: %s\r\n" % (i, b"y" * 10_000) for i in range(10)),
        b"".join(b"x-%d: 1\r\n" % i for i in range(1000)),
    ],
    ids=["100 KB", "1000 headers"],
)
def test_an_upstream_head_over_the_bounds_in_one_write_is_a_502(
    extra: bytes, tmp_path: Path
) -> None:
    assert len(extra) > MAX_HEAD or extra.count(b"\r\n") > 100
    reply = JSON_HEAD + extra + b"content-length: 2\r\n\r\n{}"
    with upstream(reply) as api, proxy_to(api.url, tmp_path) as proxy:
        response = get(proxy.url + "/sms/211")
    assert response.status_code == 502
    assert [line["kind"] for line in report_lines(tmp_path)] == ["upstream-failure"]


# --- requests the upstream must never see ---------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [b"x-big: " + b"a" * 100_000 + b"\r\n", b"".join(b"x-%d: 1\r\n" % i for i in range(1000))],
    ids=["100 KB header", "1000 headers"],
)
def test_a_client_head_over_the_bounds_in_one_read_is_refused(extra: bytes, tmp_path: Path) -> None:
    head = b"GET /rest/sms/211 HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: " + KEY.encode()
    with upstream(JSON_HEAD + b"content-length: 2\r\n\r\n{}") as api:
        with proxy_to(api.url, tmp_path) as proxy:
            (answer,) = raw(proxy.url, head + b"\r\n" + extra + b"\r\n")
        assert answer.startswith(b"HTTP/1.1 431 ")
        assert api.heads == []
    assert [line["location"] for line in report_lines(tmp_path)] == ["header"]


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST /rest/sms/getStatus HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n[1,",
        b"POST /rest/sms/getStatus HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n"
        b"3\r\n[1,\r\nZZ\r\n",
    ],
    ids=["client hung up mid-body", "bad chunked body"],
)
def test_a_body_that_never_arrived_whole_is_not_forwarded(
    request_bytes: bytes, tmp_path: Path
) -> None:
    with upstream(JSON_HEAD + b"content-length: 2\r\n\r\n{}") as api:
        with proxy_to(api.url, tmp_path) as proxy:
            host, port = proxy.url.split("//")[1].split("/")[0].split(":")
            with socket.create_connection((host, int(port)), timeout=DEADLINE) as sock:
                sock.sendall(request_bytes)
            # A whole request after it: once it is answered, the cut one was dealt with.
            assert get(proxy.url + "/sms/211").status_code == 200
        assert [head.split(b" ")[1] for head in api.heads] == [b"/rest/sms/211"]


def test_the_body_after_an_early_413_is_not_read_as_the_next_request(tmp_path: Path) -> None:
    limits = ProxyLimits(max_request_body=1024)
    body = b"[" + b"1," * (1 << 20) + b"1]"  # far past one read: some bring only body bytes
    head = b"POST /rest/sms/getStatus HTTP/1.1\r\nhost: x\r\ncontent-length: %d\r\n\r\n" % len(body)
    following = b"GET /rest/sms/211 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
    with (
        upstream(JSON_HEAD + b"content-length: 2\r\n\r\n{}") as api,
        proxy_to(api.url, tmp_path, limits=limits) as proxy,
    ):
        answers = raw(proxy.url, head + body[:2048], rest=body[2048:] + following)
    assert answers[0].startswith(b"HTTP/1.1 413 ")
    # The rest of the body is dropped: the next request is answered, or the connection closed.
    assert [a.split(b"\r\n")[0] for a in answers[1:]] in ([], [b"HTTP/1.1 200 OK"])
