"""The SDK against servers that misbehave on purpose, over real sockets on 127.0.0.1.

Each server below attacks one bound: a body dripped a byte at a time (the attempt's total time
limit), a gzip bomb (the decoded-byte cap), a redirect to another origin (the key must not
follow), bodies with enormous fields or numbers, and an answer for the wrong message. Every
client is tried: sync, async, and async over the aiohttp transport. Every server stops on its
own after a few seconds, so a regression fails a test instead of hanging the suite.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
import socketserver
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import wwt_sms
from tests.keys import KEY

from .fakes import SMS_BODY

pytestmark = pytest.mark.network

GIVE_UP = 6.0  # seconds after which every misbehaving server stops by itself
DRIP_EVERY = 0.05  # seconds between two dripped bytes: far below any per-read timeout used here
BOMB = gzip.compress(b"0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB of zeros, ~64 KB


Scenario = Callable[[socket.socket, "Hostile"], None]


class Hostile(socketserver.ThreadingTCPServer):
    """A loopback server that answers each path with a scenario and records what it received."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, scenarios: dict[str, Scenario], *, redirect_to: str = ""):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.scenarios = scenarios
        self.redirect_to = redirect_to
        self.received: list[tuple[str, dict[str, str]]] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(socketserver.BaseRequestHandler):
    server: Hostile

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(GIVE_UP)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                return
            head += chunk
        lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        path = lines[0].split(" ")[1]
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])
        }
        self.server.received.append((path, headers))
        scenario = self.server.scenarios.get(path, _not_found)
        with contextlib.suppress(OSError):  # the client hung up, as it should on a hostile server
            scenario(sock, self.server)


def _answer(body: bytes, *, status: str = "200 OK", extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    ).encode() + body


def _not_found(sock: socket.socket, server: Hostile) -> None:
    sock.sendall(_answer(b'{"error": 20, "errorDescription": "SMS not found"}', status="404 NF"))


def _drip(data: bytes, sock: socket.socket) -> None:
    stop = time.monotonic() + GIVE_UP
    for byte in data:
        if time.monotonic() > stop:
            return
        sock.sendall(bytes([byte]))
        time.sleep(DRIP_EVERY)


def drip_body(sock: socket.socket, server: Hostile) -> None:
    body = json.dumps({**SMS_BODY, "id": 1}).encode() + b" " * 100_000
    answer = _answer(body)
    head_length = answer.index(b"\r\n\r\n") + 4
    sock.sendall(answer[:head_length])
    _drip(answer[head_length:], sock)


def drip_headers(sock: socket.socket, server: Hostile) -> None:
    _drip(
        _answer(json.dumps({**SMS_BODY, "id": 1}).encode(), extra="X-Pad: " + "p" * 500 + "\r\n"),
        sock,
    )


def gzip_bomb(sock: socket.socket, server: Hostile) -> None:
    sock.sendall(_answer(BOMB, extra="Content-Encoding: gzip\r\n"))


def huge_identity(sock: socket.socket, server: Hostile) -> None:
    body = b'{"padding": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    sock.sendall(_answer(body))


def redirect_away(sock: socket.socket, server: Hostile) -> None:
    elsewhere = server.redirect_to
    sock.sendall(_answer(b"", status="302 Found", extra=f"Location: {elsewhere}/steal\r\n"))


def _json(body: dict[str, Any]) -> Scenario:
    def scenario(sock: socket.socket, server: Hostile) -> None:
        sock.sendall(_answer(json.dumps(body).encode()))

    return scenario


def _raw(content: bytes) -> Scenario:
    def scenario(sock: socket.socket, server: Hostile) -> None:
        sock.sendall(_answer(content))

    return scenario


@pytest.fixture(scope="module")
def thief() -> Iterator[Hostile]:
    """Another origin: it must never be asked anything."""
    server = Hostile({"/steal": _json(SMS_BODY)})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile(thief: Hostile) -> Iterator[Hostile]:
    scenarios: dict[str, Scenario] = {
        "/rest/sms/1": drip_body,
        "/rest/sms/2": drip_headers,
        "/rest/sms/3": gzip_bomb,
        "/rest/sms/4": huge_identity,
        "/rest/sms/5": redirect_away,
        "/rest/sms/6": _json({**SMS_BODY, "id": 6, "price": 1e308, "status": "s" * 100_000}),
        "/rest/sms/7": _raw(
            json.dumps({**SMS_BODY, "id": 7})
            .encode()
            .replace(b'"price": 0.23', b'"price": 1e999999999')
        ),
        "/rest/sms/8": _raw(b"[" * 200_000 + b"]" * 200_000),
        "/rest/sms/9": _json({**SMS_BODY, "id": 10}),
        "/rest/sms/11": _json({**SMS_BODY, "id": 11, "reference": "r" * 100_000}),
        "/rest/sms/12": _json({**SMS_BODY, "id": 12, "msisdn": "9" * 5000}),
    }
    server = Hostile(scenarios, redirect_to=thief.url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


# --- one call, three ways ------------------------------------------------------------------------


def _sync(base_url: str, id: int, **options: Any) -> Any:
    http = httpx.Client(follow_redirects=True)  # the SDK must not follow, whatever this says
    with (
        http,
        wwt_sms.Client(KEY, base_url=base_url, http_client=http, max_retries=0, **options) as c,
    ):
        return c.sms.get(id)


def _async(base_url: str, id: int, **options: Any) -> Any:
    async def go() -> Any:
        async with httpx.AsyncClient(follow_redirects=True) as http:
            client = wwt_sms.AsyncClient(
                KEY, base_url=base_url, http_client=http, max_retries=0, **options
            )
            return await client.sms.get(id)

    return asyncio.run(go())


def _aiohttp(base_url: str, id: int, **options: Any) -> Any:
    pytest.importorskip("aiohttp")

    async def go() -> Any:
        async with wwt_sms.aiohttp_client(follow_redirects=True) as http:
            client = wwt_sms.AsyncClient(
                KEY, base_url=base_url, http_client=http, max_retries=0, **options
            )
            return await client.sms.get(id)

    return asyncio.run(go())


CLIENTS = pytest.mark.parametrize(
    "call", [_sync, _async, _aiohttp], ids=["sync", "async", "aiohttp"]
)


def _rest(server: Hostile) -> str:
    return server.url + "/rest"


@CLIENTS
@pytest.mark.parametrize("id", [1, 2], ids=["body", "headers"])
def test_a_dripping_server_times_out_at_the_attempts_total(
    call: Any, hostile: Hostile, id: int
) -> None:
    # Each byte comes well within the read timeout; only the total (0.5 s) can end the call.
    # Without it the call lasts until the server gives up and ends in a connection error.
    with pytest.raises(wwt_sms.APITimeoutError):
        call(_rest(hostile), id, timeout=0.5)


@CLIENTS
def test_a_gzip_bomb_is_cut_at_the_decoded_cap_in_bounded_memory(
    call: Any, hostile: Hostile
) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(wwt_sms.UnexpectedResponseError, match="max_response_bytes") as caught:
            call(_rest(hostile), 3, max_response_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"{peak} bytes at the peak for a 1 MiB cap"
    assert caught.value.body.startswith("0000")


@CLIENTS
def test_a_huge_plain_body_is_cut_at_the_default_cap(call: Any, hostile: Hostile) -> None:
    with pytest.raises(wwt_sms.UnexpectedResponseError, match="max_response_bytes"):
        call(_rest(hostile), 4)


@CLIENTS
def test_a_redirect_to_another_origin_is_not_followed(
    call: Any, hostile: Hostile, thief: Hostile
) -> None:
    thief.received.clear()
    with pytest.raises(wwt_sms.UnexpectedResponseError, match=r"redirect \(HTTP 302\)") as caught:
        call(_rest(hostile), 5)
    assert thief.received == [], "the request (and its X-API-KEY) reached another origin"
    assert "not JSON" not in str(caught.value)


@CLIENTS
@pytest.mark.parametrize(
    ("id", "field"),
    [(6, "status"), (7, "price"), (8, "not JSON"), (11, "reference"), (12, "msisdn")],
)
def test_enormous_fields_and_numbers_are_refused_by_name(
    call: Any, hostile: Hostile, id: int, field: str
) -> None:
    with pytest.raises(wwt_sms.UnexpectedResponseError, match=field):
        call(_rest(hostile), id)


@CLIENTS
def test_an_answer_for_another_message_is_refused(call: Any, hostile: Hostile) -> None:
    with pytest.raises(wwt_sms.UnexpectedResponseError, match="for SMS 10, not SMS 9"):
        call(_rest(hostile), 9)


def test_wait_for_final_ends_in_wait_timeout_against_a_dripping_server(hostile: Hostile) -> None:
    with (
        wwt_sms.Client(KEY, base_url=_rest(hostile), timeout=0.3) as client,
        pytest.raises(wwt_sms.WaitTimeoutError) as caught,
    ):
        client.sms.wait_for_final(1, timeout=1.0, poll_interval=0.2)
    assert caught.value.sms_id == 1
    assert isinstance(caught.value.__cause__, wwt_sms.APITimeoutError)


def test_async_wait_for_final_ends_in_wait_timeout_against_a_dripping_server(
    hostile: Hostile,
) -> None:
    async def go() -> None:
        async with wwt_sms.AsyncClient(KEY, base_url=_rest(hostile), timeout=0.3) as client:
            await client.sms.wait_for_final(1, timeout=1.0, poll_interval=0.2)

    with pytest.raises(wwt_sms.WaitTimeoutError):
        asyncio.run(go())
