"""The proxy's upstream clients against upstreams that speak HTTP/1.1 at its edges, or badly.

Each upstream is a scripted loopback server: for the n-th request on a connection it sends
the bytes a script returns (or closes the connection without a word). Both clients (the
`upstream_client_kind` fixture of conftest.py) must give the same answers; the default one also
has a connection pool, tried at the end.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest
import trustme

from wwt_sms_mock._proxy import upstream as upstream_module
from wwt_sms_mock._proxy.upstream import (
    MAX_HEAD,
    Answer,
    Upstream,
    UpstreamFailure,
    UpstreamLimits,
    open_upstream,
)

pytestmark = pytest.mark.network

T = TypeVar("T")
# (request head as received, its number on the connection from 0) -> bytes to send, or None
# to close the connection without answering.
Script = Callable[[bytes, int], bytes | None]
# Deadlines that only bound a hang: a loaded machine must not trip them in a test that expects
# an answer (the tests of the deadlines themselves set their own).
LIMITS = UpstreamLimits(timeout=10.0, connect_timeout=10.0, max_body=4096, max_connections=4)
OK = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"


class Scripted:
    """A loopback upstream that answers as its script says and counts what it saw."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.connections = 0
        self.open_now = self.most_open = 0
        self.requests: list[bytes] = []
        self._handlers: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []

    async def stop(self) -> None:
        for writer in self._writers:
            writer.close()  # the handler reads an end of file and returns
        await asyncio.gather(*self._handlers)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._handlers.add(asyncio.current_task())  # type: ignore[arg-type]
        self._writers.append(writer)
        self.connections += 1
        self.open_now += 1
        self.most_open = max(self.most_open, self.open_now)
        try:
            for number in range(100):
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                length = _content_length(head)
                if length:
                    await reader.readexactly(length)
                self.requests.append(head)
                reply = self.script(head, number)
                if reply is None:
                    return
                writer.write(reply)
                await writer.drain()
                if b"connection: close" in reply.lower():
                    return
        finally:
            self.open_now -= 1
            writer.close()


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def run(
    script: Script,
    talk: Callable[[Upstream], Awaitable[T]],
    client: str = "httptools",
    limits: UpstreamLimits = LIMITS,
    tls: ssl.SSLContext | None = None,
) -> tuple[T, Scripted]:
    """Start the scripted upstream (over TLS as `localhost` when `tls` is given), open a
    client to it, and run `talk` with that client."""
    upstream = Scripted(script)

    async def go() -> T:
        server = await asyncio.start_server(upstream.handle, "127.0.0.1", 0, ssl=tls)
        port = server.sockets[0].getsockname()[1]
        origin = f"https://localhost:{port}" if tls else f"http://127.0.0.1:{port}"
        client_ = open_upstream(origin, limits, client)
        try:
            async with asyncio.timeout(30):
                return await talk(client_)
        finally:
            await client_.close()
            server.close()
            await upstream.stop()

    return asyncio.run(go()), upstream


def get(method: str = "GET") -> Callable[[Upstream], Awaitable[Answer]]:
    async def talk(client: Upstream) -> Answer:
        return await client.send(method, b"/rest/sms/211", [(b"x-api-key", b"test_key")], b"")

    return talk


def failure(script: Script, client: str, limits: UpstreamLimits = LIMITS) -> UpstreamFailure:
    async def talk(upstream: Upstream) -> UpstreamFailure:
        with pytest.raises(UpstreamFailure) as caught:
            await upstream.send("GET", b"/rest/sms/211", [], b"")
        return caught.value

    found, _ = run(script, talk, client, limits)
    return found


# --- how an answer may be framed ------------------------------------------------------------


def test_a_body_that_ends_with_the_connection_is_read_whole(upstream_client_kind: str) -> None:
    reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{}"
    answer, _ = run(lambda head, n: reply, get(), upstream_client_kind)
    assert (answer.status, answer.body, answer.chunked) == (200, b"{}", True)


def test_a_chunked_body_is_joined_and_its_headers_kept(upstream_client_kind: str) -> None:
    head = b"HTTP/1.1 200 OK\r\nX-Odd-Case: 1\r\ntransfer-encoding: chunked\r\n\r\n"
    reply = head + b"1\r\n{\r\n1\r\n}\r\n0\r\n\r\n"
    answer, _ = run(lambda head, n: reply, get(), upstream_client_kind)
    assert (answer.status, answer.body, answer.chunked) == (200, b"{}", True)
    # httptools keeps a name's case, h11 (under httpx) lowers it; uvicorn sends names lowered.
    assert (b"x-odd-case", b"1") in [(name.lower(), value) for name, value in answer.headers]


def test_a_head_answer_announces_a_body_it_does_not_carry(upstream_client_kind: str) -> None:
    reply = b"HTTP/1.1 200 OK\r\ncontent-length: 345\r\n\r\n"
    answer, _ = run(lambda head, n: reply, get(method="HEAD"), upstream_client_kind)
    assert (answer.status, answer.body, answer.chunked) == (200, b"", False)
    assert (b"content-length", b"345") in answer.headers


def test_an_interim_answer_is_skipped(upstream_client_kind: str) -> None:
    reply = b"HTTP/1.1 100 Continue\r\n\r\n" + OK
    answer, _ = run(lambda head, n: reply, get(), upstream_client_kind)
    assert (answer.status, answer.body) == (200, b"{}")


def test_the_request_goes_out_with_the_upstreams_host_and_its_own_length(
    upstream_client_kind: str,
) -> None:
    async def talk(upstream: Upstream) -> Answer:
        return await upstream.send("POST", b"/rest/sms/getStatus?x=1", [(b"a", b"b")], b"[1]")

    _, upstream = run(lambda head, n: OK, talk, upstream_client_kind)
    ((head),) = upstream.requests
    lines = head.lower().split(b"\r\n")
    assert lines[0] == b"post /rest/sms/getstatus?x=1 http/1.1"
    assert b"a: b" in lines
    assert b"content-length: 3" in lines
    assert any(line.startswith(b"host: 127.0.0.1:") for line in lines)


# --- answers that are not answers -----------------------------------------------------------


def test_bytes_that_are_not_http_are_a_502(upstream_client_kind: str) -> None:
    found = failure(lambda head, n: b"SSH-2.0-OpenSSH_9.6\r\n\r\n", upstream_client_kind)
    assert found.status == 502


def test_a_head_that_never_ends_is_a_502_at_the_head_bound() -> None:
    endless = b"HTTP/1.1 200 OK\r\n" + b"x-filler: " + b"y" * (MAX_HEAD + 1024)
    found = failure(lambda head, n: endless, "httptools")
    assert (found.status, str(found)) == (502, f"upstream head over {MAX_HEAD} bytes")


def test_a_chunked_body_over_the_bound_is_a_502(upstream_client_kind: str) -> None:
    chunk = b"400\r\n" + b"x" * 1024 + b"\r\n"
    reply = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" + chunk * 8
    found = failure(lambda head, n: reply, upstream_client_kind)
    assert (found.status, str(found)) == (502, "upstream body over 4096 bytes")


def test_an_upstream_that_closes_without_a_word_is_a_502(upstream_client_kind: str) -> None:
    assert failure(lambda head, n: None, upstream_client_kind).status == 502


def test_an_upstream_that_never_answers_is_a_504_within_the_timeout(
    upstream_client_kind: str,
) -> None:
    limits = UpstreamLimits(timeout=0.3, connect_timeout=0.3, max_body=4096, max_connections=4)
    found = failure(lambda head, n: b"", upstream_client_kind, limits)
    assert found.status == 504


def test_switching_protocols_unasked_is_a_502() -> None:
    reply = b"HTTP/1.1 101 Switching Protocols\r\nupgrade: h2c\r\nconnection: upgrade\r\n\r\n"
    assert failure(lambda head, n: reply, "httptools").status == 502


# --- the default client's connections -------------------------------------------------------


def twice(method: str) -> Callable[[Upstream], Awaitable[list[Answer | UpstreamFailure]]]:
    async def talk(upstream: Upstream) -> list[Answer | UpstreamFailure]:
        answers: list[Answer | UpstreamFailure] = []
        for _ in range(2):
            try:
                answers.append(await upstream.send(method, b"/rest/sms/211", [], b""))
            except UpstreamFailure as exc:
                answers.append(exc)
        return answers

    return talk


def test_one_connection_serves_one_request_after_another() -> None:
    answers, upstream = run(lambda head, n: OK, twice("GET"))
    assert [a.status for a in answers if isinstance(a, Answer)] == [200, 200]
    assert upstream.connections == 1


def test_a_kept_alive_connection_the_upstream_dropped_is_retried_once_for_a_get() -> None:
    answers, upstream = run(lambda head, n: OK if n == 0 else None, twice("GET"))
    assert [a.status for a in answers if isinstance(a, Answer)] == [200, 200]
    assert upstream.connections == 2


def test_a_post_is_never_sent_twice() -> None:
    answers, upstream = run(lambda head, n: OK if n == 0 else None, twice("POST"))
    assert isinstance(answers[0], Answer)
    assert isinstance(answers[1], UpstreamFailure)
    assert answers[1].status == 502
    assert len(upstream.requests) == 2  # the first and the one the upstream dropped


def test_an_answer_nobody_asked_for_is_not_taken_for_the_next_one() -> None:
    stale = b"HTTP/1.1 500 Stale\r\ncontent-length: 0\r\n\r\n"
    answers, upstream = run(lambda head, n: OK + stale if n == 0 else OK, twice("GET"))
    assert [a.status for a in answers if isinstance(a, Answer)] == [200, 200]
    assert upstream.connections == 2


def test_connections_stay_within_the_bound_under_load() -> None:
    limits = UpstreamLimits(timeout=10.0, connect_timeout=10.0, max_body=4096, max_connections=3)

    async def talk(upstream: Upstream) -> list[Answer]:
        calls = [upstream.send("GET", b"/rest/sms/%d" % i, [], b"") for i in range(30)]
        return await asyncio.gather(*calls)

    answers, upstream = run(lambda head, n: OK, talk, limits=limits)
    assert [a.status for a in answers] == [200] * 30
    assert (upstream.connections, upstream.most_open) == (3, 3)


def test_a_connection_idle_past_its_keep_is_not_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upstream_module, "KEEP_IDLE", 0.05)

    async def talk(upstream: Upstream) -> list[int]:
        first = await upstream.send("GET", b"/rest/sms/1", [], b"")
        await asyncio.sleep(0.1)
        second = await upstream.send("GET", b"/rest/sms/2", [], b"")
        return [first.status, second.status]

    statuses, upstream = run(lambda head, n: OK, talk)
    assert statuses == [200, 200]
    assert upstream.connections == 2


# --- TLS, as the real API speaks it ----------------------------------------------------------


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(context)
    return context


def test_an_https_upstream_is_verified_against_the_trusted_authorities(
    authority: trustme.CA,
    tls: ssl.SSLContext,
    upstream_client_kind: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # how a deployment adds its own CA
    answer, _ = run(lambda head, n: OK, get(), upstream_client_kind, tls=tls)
    assert (answer.status, answer.body) == (200, b"{}")


def test_an_https_upstream_with_an_untrusted_certificate_is_a_502(tls: ssl.SSLContext) -> None:
    async def talk(upstream: Upstream) -> UpstreamFailure:
        with pytest.raises(UpstreamFailure) as caught:
            await upstream.send("GET", b"/rest/sms/211", [(b"x-api-key", b"test_k")], b"")
        return caught.value

    found, upstream = run(lambda head, n: OK, talk, tls=tls)
    assert found.status == 502
    assert "certificate verify failed" in str(found)
    assert upstream.requests == []  # the key never left
