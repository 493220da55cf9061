"""`wwt-sms listen` over real loopback HTTP: the command in a subprocess, and its receiver
under uvicorn in a thread for the bounds (slow heads and bodies, large bodies)."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

import wwt_sms
from tests import spec
from wwt_sms import _cli, _cli_listen
from wwt_sms._cli_listen import DeliveryReportReceiver, server_config, url_of
from wwt_sms._constants import MAX_DELIVERY_REPORT_BYTES

pytestmark = pytest.mark.network

EXAMPLES = {
    name: example["value"]
    for name, example in spec.load()["webhooks"]["deliveryReport"]["post"]["requestBody"][
        "content"
    ]["application/json"]["examples"].items()
}
WAIT = 60.0  # seconds: a bound on every wait, never an expectation of speed


class Listener:
    """`wwt-sms listen` in a subprocess: its URL (from the ready line) and its output."""

    def __init__(self, *options: str) -> None:
        script = Path(sys.executable).with_name("wwt-sms")
        self.process = subprocess.Popen(
            [str(script), "listen", "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.errors: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.ready = self.errors.get(timeout=WAIT)
        self.url = self.ready.split(" to ", 1)[1].split()[0]

    def _pump(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.put(line.rstrip("\n"))

    def stop(self) -> tuple[int, list[str], list[str]]:
        """Ctrl-C; the exit code, the lines of stdout and those of stderr after the ready line."""
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=WAIT)
        refused = []
        while not self.errors.empty():
            refused.append(self.errors.get())
        return self.process.returncode, out.splitlines(), refused


@pytest.fixture
def listener(request: pytest.FixtureRequest) -> Iterator[Listener]:
    options: tuple[str, ...] = getattr(request, "param", ())
    started = Listener(*options)
    yield started
    if started.process.poll() is None:
        started.process.kill()
        started.process.wait(timeout=WAIT)


def post(url: str, body: bytes, content_type: str = "application/json") -> httpx.Response:
    return httpx.post(url, content=body, headers={"Content-Type": content_type}, timeout=WAIT)


def test_prints_a_row_per_report_and_refuses_what_is_not_one(listener: Listener) -> None:
    assert listener.ready.startswith("Ready: POST delivery reports to http://127.0.0.1:")
    assert post(listener.url, json.dumps(EXAMPLES["vendorCallback"]).encode()).status_code == 200
    assert post(listener.url, json.dumps(EXAMPLES["vendor"]).encode()).status_code == 200
    not_json = post(listener.url, b"<html>")
    assert (not_json.status_code, not_json.headers["content-type"]) == (
        400,
        "text/plain; charset=utf-8",
    )
    assert "not JSON" in not_json.text
    error = post(listener.url, b'{"error": 20, "errorDescription": "SMS not found"}')
    assert error.status_code == 400
    assert "an error answer" in error.text
    assert post(listener.url, b"{}", "text/plain").status_code == 400
    assert httpx.get(listener.url, timeout=WAIT).status_code == 405
    assert httpx.put(listener.url, content=b"{}", timeout=WAIT).headers["allow"] == "POST"
    too_large = post(listener.url, b" " * (MAX_DELIVERY_REPORT_BYTES + 1))
    assert too_large.status_code == 413
    # Still serving after all of that:
    assert post(listener.url, json.dumps(EXAMPLES["sent"]).encode()).status_code == 200

    code, rows, refused = listener.stop()
    assert code == 130  # stopped with Ctrl-C
    assert rows[0].split() == [
        "id",
        "status",
        "reference",
        "msisdn",
        "time_dr",
        "price",
        "currency",
    ]
    assert [row.split()[:2] for row in rows[1:]] == [
        ["3272625618", "delivered"],
        ["211", "delivered"],
        ["211", "sent"],
    ]
    assert rows[1].split()[-2:] == ["0.10", "EUR"]
    assert len(refused) == 4
    assert all(line.startswith("refused: ") for line in refused)


@pytest.mark.parametrize("listener", [("--json",)], indirect=True)
def test_json_prints_each_report_as_its_to_json_line(listener: Listener) -> None:
    for name in ("vendorCallback", "largeId"):
        assert post(listener.url, json.dumps(EXAMPLES[name]).encode()).status_code == 200
    code, lines, _ = listener.stop()
    assert code == 130  # stopped with Ctrl-C
    reports = [json.loads(line) for line in lines]
    assert reports == [
        wwt_sms.parse_delivery_report(EXAMPLES[name]).to_dict()
        for name in ("vendorCallback", "largeId")
    ]
    assert reports[1]["id"] == "9007199254740993"  # beyond 2^53 - 1: a string, exact
    assert reports[0]["price"] == "0.10"


def test_a_port_in_use_is_an_error_not_a_crash() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        out, err = _captured()
        assert _cli.main(["listen", "--port", str(port)], stdout=out, stderr=err) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err.getvalue()


def test_global_options_before_listen_are_a_usage_error() -> None:
    out, err = _captured()
    assert _cli.main(["--json", "listen"], stdout=out, stderr=err) == 2
    assert json.loads(err.getvalue())["error"].startswith("listen takes no global options")


def _captured() -> tuple[Any, Any]:
    import io

    return io.StringIO(), io.StringIO()


@pytest.mark.parametrize(
    ("host", "shown"),
    [("127.0.0.1", "http://127.0.0.1:"), ("0.0.0.0", "http://127.0.0.1:"), ("::", "http://[::1]:")],
)
def test_the_ready_url_is_one_a_client_can_open(host: str, shown: str) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host, 0), family=family)
    except OSError:
        pytest.skip(f"no {host} on this machine")
    with sock:
        assert url_of(sock).startswith(shown)
        assert url_of(sock).endswith(f":{sock.getsockname()[1]}/")


# --- the bounds, with the receiver in a thread ---------------------------------------------------


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[Any]]]:
    """The receiver under uvicorn in a thread, with head and body deadlines of half a second;
    its URL and the reports and refusals it has seen."""
    monkeypatch.setattr(_cli_listen, "LISTEN_HEAD_TIMEOUT", 0.5)
    seen: list[Any] = []
    app = DeliveryReportReceiver(seen.append, seen.append, body_timeout=0.5)
    server = uvicorn.Server(server_config(app))
    sock = socket.create_server(("127.0.0.1", 0))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield url_of(sock), seen
    finally:
        server.should_exit = True
        thread.join(timeout=WAIT)
        sock.close()


def _raw(url: str, data: bytes) -> bytes:
    """Send `data` and read until the server closes the connection (or WAIT passes)."""
    host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=WAIT) as conn:
        conn.sendall(data)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
        return received


def test_a_body_that_never_finishes_is_answered_408(receiver: tuple[str, list[Any]]) -> None:
    url, seen = receiver
    head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
    answer = _raw(url, head + b'{"id": ')
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert seen == ["the body took more than 0.5 s to arrive"]


def test_a_head_that_never_finishes_is_closed_unanswered(receiver: tuple[str, list[Any]]) -> None:
    url, seen = receiver
    assert _raw(url, b"POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ") == b""
    assert seen == []


def test_a_declared_body_too_large_is_refused_unread(receiver: tuple[str, list[Any]]) -> None:
    url, seen = receiver
    size = MAX_DELIVERY_REPORT_BYTES + 1
    head = f"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\n\r\n".encode()
    assert _raw(url, head).startswith(b"HTTP/1.1 413 ")
    assert seen == [f"the body is more than {MAX_DELIVERY_REPORT_BYTES} bytes"]


def test_a_body_at_the_bound_is_read(receiver: tuple[str, list[Any]]) -> None:
    url, seen = receiver
    raw = json.dumps(EXAMPLES["canonical"]).encode()
    body = raw[:-1] + b" " * (MAX_DELIVERY_REPORT_BYTES - len(raw)) + b"}"
    assert post(url, body).status_code == 200
    assert seen == [wwt_sms.parse_delivery_report(EXAMPLES["canonical"])]
