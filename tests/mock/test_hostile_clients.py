"""Clients that attack the HTTP mock, against a real uvicorn server on 127.0.0.1.

Each attack is bounded in requests, bytes and seconds; memory is read from /proc. What is
asserted is the outcome (the connection closed, a 4xx, nothing changed, the process did not
grow), never how fast it came.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.keys import KEY
from wwt_sms_mock import LiveServer, serve_in_thread
from wwt_sms_mock._faces.control_routes import ROUTES, ControlRoute

pytestmark = pytest.mark.network

TIMEOUT = 1.0  # the server's head and I/O deadlines in this module, in seconds
MB = 1 << 20


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    with serve_in_thread(head_timeout=TIMEOUT, io_timeout=TIMEOUT) as url:
        yield url


@pytest.fixture(scope="module")
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.root, timeout=5) as client:
        yield client


@pytest.fixture
def fresh(live: LiveServer) -> LiveServer:
    live.mock.reset()
    return live


def _address(live: LiveServer) -> tuple[str, int]:
    host, port = live.root.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="Linux /proc")


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    """Read (and discard) until the server closes the connection or `within` seconds pass."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        readable, _, _ = select.select([sock], [], [], 0.05)
        if readable:
            try:
                if sock.recv(65536) == b"":
                    return True
            except OSError:
                return True
    return False


def _request(path: str = "/rest/sms/211", *extra: bytes) -> bytes:
    lines = [f"GET {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", f"X-API-KEY: {KEY}".encode()]
    return b"\r\n".join([*lines, *extra, b"", b""])


def _serves(live: LiveServer) -> bool:
    response = httpx.get(live + "/sms/211", headers={"X-API-KEY": KEY}, timeout=5)
    return response.status_code == 200


# --- oversized heads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_bytes",
    [
        _request("/rest/sms/211", b"X-Big: " + b"a" * (64 * 1024)),
        _request("/rest/sms/" + "1" * (64 * 1024)),
        _request("/rest/sms/211", *[f"X-{i}: {i}".encode() for i in range(5000)]),
    ],
    ids=["one huge header", "huge request line", "many headers"],
)
def test_an_oversized_head_is_refused_and_the_connection_closed(
    live: LiveServer, request_bytes: bytes
) -> None:
    with socket.create_connection(_address(live), timeout=5) as sock:
        with contextlib.suppress(OSError):  # the server may close before we finish sending
            sock.sendall(request_bytes)
        answer = b""
        with contextlib.suppress(OSError):
            answer = sock.recv(65536)
        assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.1 414", b"HTTP/1.1 431")) or (
            answer == b""
        )
        assert _closed_by_server(sock, within=30)
    assert _serves(live)


@needs_proc
def test_huge_headers_do_not_grow_the_process(live: LiveServer) -> None:
    before = _resident_bytes()
    header = b"X-Big: " + b"a" * (10 * MB) + b"\r\n"
    for _ in range(10):  # 100 MB offered in all
        with socket.create_connection(_address(live), timeout=5) as sock:
            with contextlib.suppress(OSError):
                sock.sendall(b"GET /rest/sms/211 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header)
            assert _closed_by_server(sock, within=30)  # the deadline only bounds a hang
    assert _resident_bytes() - before < 40 * MB
    assert _serves(live)


# --- slow and idle clients -----------------------------------------------------------------


def test_slowloris_is_cut_off(live: LiveServer) -> None:
    """One header byte at a time, never finishing: the server closes the connection."""
    with socket.create_connection(_address(live), timeout=5) as sock:
        sock.sendall(b"GET /rest/sms/211 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed = False
        deadline = time.monotonic() + 10 * TIMEOUT
        while not closed and time.monotonic() < deadline:
            try:
                sock.sendall(b"X")
            except OSError:
                closed = True
            else:
                closed = _closed_by_server(sock, within=0.1)
        assert closed
    assert _serves(live)


def test_an_idle_connection_is_closed(live: LiveServer) -> None:
    with socket.create_connection(_address(live), timeout=5) as sock:
        assert _closed_by_server(sock, within=10 * TIMEOUT)


def test_the_head_deadline_counts_from_the_last_answer(live: LiveServer) -> None:
    """Kept alive: each wait for a head has its own deadline, counted from the answer before
    it (one timer serves every wait of the connection)."""
    with socket.create_connection(_address(live), timeout=5) as sock:
        for _ in range(3):  # together longer than one deadline; each wait shorter than one
            sock.sendall(_request())
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            assert not _closed_by_server(sock, within=0.6 * TIMEOUT)
        assert _closed_by_server(sock, within=10 * TIMEOUT)


def test_a_slow_control_body_is_cut_off(fresh: LiveServer) -> None:
    with socket.create_connection(_address(fresh), timeout=5) as sock:
        sock.sendall(
            b"POST /__mock/advance HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        answer = b""
        deadline = time.monotonic() + 10 * TIMEOUT
        while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 408")
    assert fresh.mock.now == 0


@needs_proc
def test_pipelining_without_reading_does_not_grow_the_process(live: LiveServer) -> None:
    """Requests sent back to back, no response ever read: the server stops reading (or
    drops the connection) instead of buffering answers without bound."""
    burst = _request() * 1000
    before = _resident_bytes()
    sent = 0
    with socket.create_connection(_address(live), timeout=5) as sock:
        sock.setblocking(False)
        deadline = time.monotonic() + 15
        while sent < 200 * MB and time.monotonic() < deadline:
            _, writable, _ = select.select([], [sock], [], 2 * TIMEOUT)
            if not writable:
                break  # the server has stopped reading: back-pressure, as it should
            try:
                sent += sock.send(burst)
            except BlockingIOError:
                continue
            except OSError:
                break  # the server gave up on a client that does not read
    assert _resident_bytes() - before < 40 * MB
    assert sent < 200 * MB
    assert _serves(live)


def test_a_client_that_pipelines_and_reads_gets_every_answer(live: LiveServer) -> None:
    """The pipelining bound pauses reading; it must not stall a client that does read. More
    requests than one read takes in, so reading has to resume."""
    count = 3000
    with socket.create_connection(_address(live), timeout=30) as sock:
        sender = threading.Thread(target=sock.sendall, args=(_request() * count,), daemon=True)
        sender.start()
        received = b""
        deadline = time.monotonic() + 60
        while received.count(b"HTTP/1.1 200") < count and time.monotonic() < deadline:
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            received += chunk
        sender.join(timeout=5)
    assert received.count(b"HTTP/1.1 200") == count


# --- the control plane: cross-site requests ------------------------------------------------


def _state(client: httpx.Client) -> dict[str, Any]:
    state: dict[str, Any] = client.get("/__mock/state").json()
    return state


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example", "Content-Type": "text/plain"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Host": "evil.example"},
        {"Host": "rebound.example:4010", "Origin": "http://rebound.example:4010"},
    ],
    ids=[
        "foreign origin, text/plain",
        "opaque origin",
        "cross-site fetch",
        "foreign host",
        "rebinding",
    ],
)
def test_cross_site_control_requests_are_refused(
    fresh: LiveServer, client: httpx.Client, headers: dict[str, str]
) -> None:
    before = _state(client)
    response = client.post("/__mock/clear", headers=headers, content=b"{}")
    assert response.status_code == 403
    assert response.json()["message"]
    assert _state(client) == before


def test_local_pages_and_tools_may_use_the_controls(fresh: LiveServer) -> None:
    host, port = _address(fresh)
    for origin in (f"http://{host}:{port}", f"http://localhost:{port}"):
        response = httpx.post(
            fresh.root + "/__mock/advance?seconds=1", headers={"Origin": origin}, timeout=5
        )
        assert response.status_code == 200
    assert fresh.mock.now == 2


def test_a_foreign_origin_still_reaches_the_api(fresh: LiveServer) -> None:
    headers = {"X-API-KEY": KEY, "Origin": "http://evil.example"}
    assert httpx.get(fresh + "/sms/211", headers=headers, timeout=5).status_code == 200


def test_a_control_token_guards_the_controls() -> None:
    with serve_in_thread(control_token="s3cret") as live:
        url = live.root + "/__mock/advance?seconds=1"
        assert httpx.post(url, timeout=5).status_code == 401
        refused = httpx.post(url, headers={"X-Mock-Token": "wrong"}, timeout=5)
        assert refused.status_code == 401
        assert "X-Mock-Token" in refused.json()["message"]  # says what is missing...
        assert "s3cret" not in refused.text  # ...and never what the token is
        assert live.mock.now == 0  # the refusals changed nothing
        assert httpx.post(url, headers={"X-Mock-Token": "s3cret"}, timeout=5).status_code == 200
        bearer = {"Authorization": "Bearer s3cret"}
        assert httpx.post(url, headers=bearer, timeout=5).status_code == 200
        assert live.mock.now == 2


# --- the control plane: every endpoint fuzzed ---------------------------------------------

_NAMES = st.sampled_from(
    [
        "seconds",
        "seed",
        "limit",
        "style",
        "status",
        "error",
        "delay",
        "retry_after",
        "times",
        "id",
        "task_id",
        "reference",
        "price",
        "time_in",
        "status",
        "message_ids",
        "x",
        "",
    ]
)
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["nan", "inf", "-1", "1e400", "1e999999999", "1,5", "", "1\r\nX: y", "0"]),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
)
_NASTY_BODIES = st.sampled_from(
    [
        b"[" * 100_000,
        b'{"seconds": 1e400}',
        b'{"seconds": NaN}',
        b'{"a": Infinity}',
        b"\xff\xfe",
        b'{"id": 1, "price": "1e999999999"}',
        b"{" * 50_000,
        b"x" * 70_000,
    ]
)


def _fingerprint(live: LiveServer, client: httpx.Client) -> tuple[Any, ...]:
    return (_state(client), live.mock.rules, live.mock.style)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    args=st.dictionaries(_NAMES, _VALUES, max_size=4),
    nasty=st.one_of(st.none(), _NASTY_BODIES),
    param=st.sampled_from(["211", "77", "0", "abc", "99999999999999999999999"]),
)
def test_control_fuzz_never_5xx_and_a_refusal_changes_nothing(
    live: LiveServer,
    client: httpx.Client,
    route: ControlRoute,
    args: dict[str, Any],
    nasty: bytes | None,
    param: str,
) -> None:
    live.mock.reset()
    path = route.path.replace("{id}", param).replace("{task_id}", param)
    body = nasty if nasty is not None else json.dumps(args).encode()
    before = _fingerprint(live, client)
    response = client.request(route.method, "/__mock" + path, content=body)
    assert response.status_code < 500, response.text
    assert response.json()  # always a JSON answer
    if response.status_code >= 400:
        assert _fingerprint(live, client) == before
