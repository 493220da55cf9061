"""The HTTP face over a real loopback socket (serve_in_thread), and the ASGI app itself."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, MutableMapping
from typing import Any

import httpx
import pytest

from wwt_sms_mock import ContractBreach, LiveServer, MockApp, MockCore, serve_in_thread

from .conftest import KEY

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
    assert client.get("/sms/211").json()["reference"] == "ext19"
    assert client.get("/sms/9007199254740993").json()["id"] == "9007199254740993"
    assert client.get("/sms/abc").json()["error"] == 24
    assert client.get("/sms/reference/ext19").status_code == 200
    assert client.get("/sms/task/77").json()["total"] == 2
    assert client.get("/sms/999").status_code == 404
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
        with socket.create_connection((host, int(port)), timeout=2) as sock:
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
    asyncio.run(app({"type": "websocket"}, receive, send))


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
