"""The HTTP face over a real loopback socket (serve_in_thread), and the ASGI app itself."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, MutableMapping
from typing import Any

import httpx
import pytest
import uvicorn

from tests.keys import KEY
from wwt_sms_mock import ContractBreach, LiveServer, MockApp, MockCore, serve_in_thread
from wwt_sms_mock._faces import server as _server

pytestmark = pytest.mark.network
HEADERS = {"X-API-KEY": KEY}


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    with serve_in_thread() as url:
        yield url


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    live.mock.reset()
    with httpx.Client(base_url=live, headers=HEADERS, timeout=5) as client:
        yield client


def test_url_is_loopback_with_a_picked_port(live: LiveServer) -> None:
    assert live.startswith("http://127.0.0.1:")
    assert live.endswith("/rest")
    assert live.root + "/rest" == live
    assert int(live.root.rsplit(":", 1)[1]) > 0


def test_behaviour_over_http(client: httpx.Client) -> None:
    """The default style: the real API's."""
    assert client.get("/sms/211").json()["reference"] == "ext19"
    assert client.get("/sms/9007199254740993").json()["id"] == "9007199254740993"
    assert client.get("/sms/abc").json()["error"] == 24
    assert client.get("/sms/abc").status_code == 400
    assert client.get("/sms/reference/ext19").status_code == 200
    assert client.get("/sms/task/77").json()["total"] == "2"
    not_found = client.get("/sms/999")
    assert (not_found.status_code, not_found.json()["error"]) == (200, 20)
    assert client.get("/sms/balance").json()["code"] == 404
    assert client.get("/sms/211", headers={"X-API-KEY": "nope"}).status_code == 401
    response = client.delete("/sms/211")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert client.get("/elsewhere").status_code == 404
    head = client.head("/sms/211")
    assert head.status_code == 200
    assert head.content == b""
    assert client.options("/sms/211").status_code == 204


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("reset", httpx.ReadError),
        ("drop", httpx.RemoteProtocolError),
        ("truncate", httpx.RemoteProtocolError),
    ],
)
def test_socket_faults(client: httpx.Client, fault: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        client.get("/sms/211", headers={"Prefer": f"fault={fault}"})
    assert client.get("/sms/211").status_code == 200  # the server lives on


def test_malformed_and_delay_and_429(client: httpx.Client, live: LiveServer) -> None:
    response = client.get("/sms/211", headers={"Prefer": "fault=malformed"})
    with pytest.raises(json.JSONDecodeError):
        response.json()
    started = time.perf_counter()
    client.get("/sms/211", headers={"Prefer": "delay=0.1"})
    assert time.perf_counter() - started >= 0.1
    live.mock.force(status=429, retry_after=4, times=1)
    throttled = client.get("/sms/211")
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == "4"


def test_controls_over_http(client: httpx.Client, live: LiveServer) -> None:
    root = live.root + "/__mock"
    assert client.post(root + "/rules", json={"status": 502, "times": 1}).status_code == 201
    assert client.get("/sms/211").status_code == 502
    client.post(root + "/advance?seconds=10")
    assert client.get("/sms/213").json()["status"] == "delivered"
    client.put(root + "/style", json={"style": "vendor"})
    assert client.get("/sms/211").json()["price"] == "0.2300000"
    journal = client.get(root + "/journal").json()
    assert all(KEY not in str(e) for e in journal["entries"])
    assert client.post(root + "/reset").json()["now"] == 0


def test_breach_fails_loudly() -> None:
    statuses = []

    def breach() -> None:
        with serve_in_thread() as url:
            url.mock.add_message(id=5, status="")
            statuses.append(httpx.get(url + "/sms/5", headers=HEADERS).status_code)

    with pytest.raises(ContractBreach, match="getSmsById 200"):
        breach()
    assert statuses == [500]


def test_serve_in_thread_with_a_given_mock() -> None:
    core = MockCore(base_path="", style="vendor")
    with serve_in_thread(core) as url:
        assert url == url.root
        assert url.mock is core
        assert httpx.get(url + "/sms/211", headers=HEADERS).json()["id"] == "211"


def test_garbage_on_the_wire_does_not_kill_the_server(live: LiveServer) -> None:
    host, port = live.root.removeprefix("http://").split(":")
    for junk in (b"\x00\xff\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GARBAGE\r\n\r\n"):
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(junk)
            with contextlib.suppress(OSError):
                sock.recv(1024)
    assert httpx.get(live + "/sms/211", headers=HEADERS).status_code == 200


def test_asgi_lifespan_and_other_scopes() -> None:
    app = MockApp(MockCore())
    sent: list[MutableMapping[str, Any]] = []
    incoming = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> MutableMapping[str, Any]:
        return next(incoming)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "lifespan"}, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    sent.clear()
    asyncio.run(app({"type": "websocket"}, receive, send))
    assert sent == []  # not served: no message goes out


def test_asgi_without_raw_path_and_a_control_body() -> None:
    app = MockApp(MockCore())
    sent: list[MutableMapping[str, Any]] = []
    chunks = iter(
        [
            {"type": "http.request", "body": b'{"seconds":', "more_body": True},
            {"type": "http.request", "body": b"2}", "more_body": False},
        ]
    )

    async def receive() -> MutableMapping[str, Any]:
        return next(chunks)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/__mock/advance", "headers": []}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b'{"now":2.0}'


def test_asgi_fault_without_a_transport_degrades() -> None:
    app = MockApp(MockCore())
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    headers = [(b"x-api-key", KEY.encode()), (b"prefer", b"fault=truncate")]
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/rest/sms/211",
        "raw_path": b"/rest/sms/211",
        "query_string": b"",
        "headers": headers,
    }
    asyncio.run(app(scope, receive, send))
    assert sent[1]["more_body"] is True
    assert len(sent) == 2


def test_import_stays_light() -> None:
    code = (
        "import sys, wwt_sms_mock, wwt_sms_mock.pytest_plugin; "
        "heavy = {'respx', 'httpx', 'yaml', 'jsonschema', 'uvicorn'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_reset_between_tests_restores_the_wire_style(live: LiveServer) -> None:
    live.mock.style = "vendor"
    live.mock.reset()
    assert live.mock.style.name == "api"


def test_serve_in_thread_yields_only_once_the_url_is_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = uvicorn.Server.startup

    async def slow_to_name_itself(
        self: uvicorn.Server, sockets: list[socket.socket] | None = None
    ) -> None:
        await started(self, sockets)  # uvicorn's `started` is true from here on...
        time.sleep(0.3)  # ...while the URL is still being worked out

    monkeypatch.setattr(uvicorn.Server, "startup", slow_to_name_itself)
    with serve_in_thread() as url:
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(url + "/sms/211", headers=HEADERS).status_code == 200


def test_the_journal_is_built_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    core = MockCore()
    app = MockApp(core)
    threads: list[int] = []
    entries = core.journal.entries

    def recording_entries(limit: int | None = None) -> Any:
        threads.append(threading.get_ident())
        return entries(limit)

    monkeypatch.setattr(core.journal, "entries", recording_entries)
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/__mock/journal", "headers": []}

    async def serve_once() -> int:
        await app(scope, receive, send)
        return threading.get_ident()

    loop_thread = asyncio.run(serve_once())
    assert sent[0]["status"] == 200
    assert threads
    assert loop_thread not in threads


@pytest.mark.parametrize(
    ("host", "token", "expected"),
    [
        ("127.0.0.1", None, (None, True)),
        ("::1", None, (None, True)),
        ("localhost", "given", ("given", True)),
        ("192.0.2.10", "given", ("given", False)),
    ],
)
def test_the_guard_follows_the_address(
    host: str, token: str | None, expected: tuple[str | None, bool]
) -> None:
    guard = _server._guard(host, token)
    assert (guard.token, guard.loopback) == expected


def test_any_other_address_gets_a_fresh_token() -> None:
    first, second = _server._guard("0.0.0.0", None), _server._guard("0.0.0.0", None)
    assert first.token is not None
    assert second.token is not None
    assert len(first.token) >= 24
    assert first.token != second.token
    assert not first.loopback
    assert first.refusal([(b"host", b"192.0.2.10:4010")]) == (
        401,
        "the controls need the control token in the X-Mock-Token header",
    )
    assert first.refusal([(b"x-mock-token", first.token.encode())]) is None
