"""Delivery reports over real HTTP on loopback: the mock's queue POSTs to receivers started
on 127.0.0.1 (the `wwt-sms listen` app, and small raw ASGI apps), with retries, faults, the
host guard and the journal under `/__mock/deliveries`. Waits are bounded by a deadline."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import wwt_sms
from tests.keys import KEY
from wwt_sms._cli_listen import DeliveryReportReceiver
from wwt_sms_mock import DeliveryPolicy, LiveServer, MockCore, serve_in_thread
from wwt_sms_mock._faces.server import run_in_thread

pytestmark = pytest.mark.network

QUICK = DeliveryPolicy(timeout=2.0, max_attempts=3, backoff=0.01, max_backoff=0.02)


def wait_until(check: Callable[[], bool], deadline: float = 10.0) -> None:
    """Wait (bounded) for the background queue to get somewhere; fail if it never does."""
    end = time.monotonic() + deadline
    while not check() and time.monotonic() < end:
        time.sleep(0.01)
    assert check()


class Receiver:
    """A raw ASGI receiver that answers from `answers` (then 204) and keeps every body."""

    def __init__(self, answers: list[int] | None = None) -> None:
        self.bodies: list[bytes] = []
        self.paths: list[str] = []
        self.answers = list(answers or [])

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.bodies.append(body)
        self.paths.append(scope["path"])
        status = self.answers.pop(0) if self.answers else 204
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@pytest.fixture
def mock() -> Iterator[LiveServer]:
    with serve_in_thread(MockCore(realtime=False, self_check=True), delivery_policy=QUICK) as url:
        yield url


def control(url: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=url.root + "/__mock", timeout=10)


def add_in_flight(client: httpx.Client, callback: str, id: int = 5, **extra: Any) -> None:
    answer = client.post(
        "/messages",
        json={
            "id": id,
            "status": "new",
            "reference": f"ref{id}",
            "time_sent": 2,
            "time_dr": 5,
            "transitions": [[2, "sent"], [5, "delivered"]],
            "callback_url": callback,
            **extra,
        },
    )
    assert answer.status_code == 201, answer.text


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("style", ["api", "canonical", "vendor"])
def test_the_listen_receiver_reads_each_report_as_the_sdk_reads_the_message(
    mock: LiveServer, style: str
) -> None:
    reports: list[wwt_sms.DeliveryReport] = []
    refusals: list[str] = []
    receiver = DeliveryReportReceiver(reports.append, refusals.append)
    sdk = wwt_sms.Client(api_key=KEY, base_url=str(mock))
    with run_in_thread(receiver) as receiver_url, control(mock) as client:
        assert client.put("/style", json={"style": style}).status_code == 200
        add_in_flight(client, receiver_url + "/dlr")
        seen: list[wwt_sms.Sms] = []
        for seconds in (3, 10):
            client.post("/advance", json={"seconds": seconds})
            seen.append(sdk.sms.get(5))
            count = len(seen)
            wait_until(lambda: len(reports) == count)  # noqa: B023 - used at once
    assert refusals == []
    assert [r.to_dict() for r in reports] == [s.to_dict() for s in seen]
    assert [str(r.status) for r in reports] == ["sent", "delivered"]


def test_retries_on_5xx_then_delivers_and_the_journal_says_so(mock: LiveServer) -> None:
    receiver = Receiver(answers=[503, 500])
    with run_in_thread(receiver) as receiver_url, control(mock) as client:
        add_in_flight(client, receiver_url + "/dlr")
        client.post("/advance", json={"seconds": 3})
        wait_until(lambda: len(mock.mock.deliveries) == 3)
        entries = client.get("/deliveries").json()["entries"]
    assert [(e["attempt"], e["outcome"], e["response_status"]) for e in entries] == [
        (1, "retrying", 503),
        (2, "retrying", 500),
        (3, "delivered", 204),
    ]
    assert entries[0]["error"] == "the receiver answered 503"
    assert {e["message_id"] for e in entries} == {"5"}
    assert len(receiver.bodies) == 3
    assert len(set(receiver.bodies)) == 1
    assert receiver.paths == ["/dlr"] * 3


def test_gives_up_after_max_attempts_on_connection_refused(mock: LiveServer) -> None:
    with control(mock) as client:
        add_in_flight(client, f"http://127.0.0.1:{closed_port()}/dlr")
        client.post("/advance", json={"seconds": 3})
        wait_until(lambda: len(mock.mock.deliveries) == QUICK.max_attempts)
    attempts = mock.mock.deliveries.entries()
    assert [(a.attempt, a.outcome) for a in attempts] == [
        (1, "retrying"),
        (2, "retrying"),
        (3, "gave_up"),
    ]
    assert all(a.response_status is None and "Connect" in (a.error or "") for a in attempts)


def test_a_4xx_answer_refuses_the_report_without_retry(mock: LiveServer) -> None:
    receiver = Receiver(answers=[400])
    with run_in_thread(receiver) as receiver_url, control(mock) as client:
        add_in_flight(client, receiver_url)
        client.post("/advance", json={"seconds": 3})
        wait_until(lambda: len(mock.mock.deliveries) == 1)
        client.post("/advance", json={"seconds": 10})
        wait_until(lambda: len(mock.mock.deliveries) == 2)
    assert [(a.status, a.outcome) for a in mock.mock.deliveries] == [
        ("sent", "refused"),
        ("delivered", "delivered"),
    ]


def test_a_message_reports_in_status_order_even_across_retries(mock: LiveServer) -> None:
    receiver = Receiver(answers=[503, 503])
    with run_in_thread(receiver) as receiver_url, control(mock) as client:
        add_in_flight(client, receiver_url)
        client.post("/advance", json={"seconds": 10})  # both changes due at once
        wait_until(lambda: len(receiver.bodies) == 4)
    statuses = [wwt_sms.parse_delivery_report(b).status for b in receiver.bodies]
    assert statuses == ["sent", "sent", "sent", "delivered"]


def test_the_four_faults_over_http(mock: LiveServer) -> None:
    receiver = Receiver()
    with run_in_thread(receiver) as receiver_url, control(mock) as client:
        for fault in (
            {"fault": "duplicate", "id": 5},
            {"fault": "out_of_order", "id": 6, "status": "sent"},
            {"fault": "delay", "delay": 100, "id": 7, "status": "sent"},
            {"fault": "drop", "id": 8, "times": "none"},
        ):
            answer = client.post("/deliveries/faults", json=fault)
            assert answer.status_code == 201, answer.text
        assert len(client.get("/deliveries/faults").json()["faults"]) == 4
        for id in (5, 6, 7, 8):
            add_in_flight(client, receiver_url, id=id)
        client.post("/advance", json={"seconds": 10})
        wait_until(lambda: len(receiver.bodies) == 6)
        held = client.get("/deliveries").json()["held"]
        client.post("/advance", json={"seconds": 100})
        wait_until(lambda: len(receiver.bodies) == 7)
        state = client.get("/deliveries").json()
        assert client.delete("/deliveries/faults").json() == {"faults": []}
    got = [(r.id, str(r.status)) for r in map(wwt_sms.parse_delivery_report, receiver.bodies)]
    by_message = {id: [s for i, s in got if i == id] for id in (5, 6, 7, 8)}
    assert by_message == {
        5: ["sent", "sent", "delivered"],  # the first report twice (the rule's one time)
        6: ["delivered", "sent"],  # sent held behind the next report
        7: ["delivered", "sent"],  # sent 100 virtual seconds late
        8: [],  # dropped, both
    }
    assert held == 1
    dropped = [e for e in state["entries"] if e["outcome"] == "dropped"]
    assert [(e["message_id"], e["status"]) for e in dropped] == [("8", "sent"), ("8", "delivered")]


def test_the_host_guard_refuses_with_400_and_sends_nothing(mock: LiveServer) -> None:
    receiver = Receiver()
    with run_in_thread(receiver), control(mock) as client:
        for method in ("POST", "PUT"):
            answer = client.request(
                method, "/messages", json={"id": 40, "callback_url": "http://192.0.2.1/dlr"}
            )
            assert answer.status_code == 400
            assert "not on loopback" in answer.json()["message"]
            assert "--allow-callback-host 192.0.2.1" in answer.json()["message"]
        assert client.get("/messages/40").status_code == 404
        client.post("/advance", json={"seconds": 100})
    assert receiver.bodies == []
    assert len(mock.mock.deliveries) == 0


def test_allowed_hosts_pass_the_guard_and_the_queue_checks_again() -> None:
    core = MockCore(realtime=False)
    with serve_in_thread(core, allow_callback_hosts=["dlr.invalid"], delivery_policy=QUICK):
        core.add_message(
            id=5, status="new", transitions=[(1, "sent")], callback_url="http://dlr.invalid/"
        )
        core.callback_hosts = type(core.callback_hosts)()  # the guard tightened afterwards
        core.advance(2)
        wait_until(lambda: len(core.deliveries) == 1)
    (entry,) = core.deliveries
    assert (entry.outcome, entry.attempt) == ("undeliverable", 0)
    assert "not on loopback" in (entry.error or "")


def test_force_status_over_http_and_the_journal_cleared(mock: LiveServer) -> None:
    receiver = Receiver()
    with run_in_thread(receiver) as receiver_url, control(mock) as client:
        add_in_flight(client, receiver_url)
        answer = client.post("/messages/5/status", json={"status": "rejected"})
        assert (answer.status_code, answer.json()["status"]) == (200, "new")
        assert client.post("/messages/6/status", json={"status": "sent"}).status_code == 404
        wait_until(lambda: len(receiver.bodies) == 1)
        # The attempt is journaled once the receiver's answer is back, just after the body
        # reached the receiver.
        wait_until(lambda: client.get("/deliveries").json()["total"] == 1)
        assert client.delete("/deliveries").json()["entries"] == []
        assert client.get("/deliveries").json()["total"] == 0
        assert "DELETE /__mock/deliveries" in client.get("").json()["endpoints"]
    assert wwt_sms.parse_delivery_report(receiver.bodies[0]).status == "rejected"


def test_in_real_time_the_wall_clock_sends_reports_without_a_request() -> None:
    receiver = Receiver()
    core = MockCore(realtime=True)
    with run_in_thread(receiver) as receiver_url, serve_in_thread(core, delivery_policy=QUICK):
        start = core.now
        core.add_message(
            id=5,
            status="new",
            transitions=[(start + 0.05, "sent"), (start + 0.1, "delivered")],
            callback_url=receiver_url,
        )
        wait_until(lambda: len(receiver.bodies) == 2)
    statuses = [wwt_sms.parse_delivery_report(b).status for b in receiver.bodies]
    assert statuses == ["sent", "delivered"]


def test_reports_still_queued_when_the_mock_stops_are_journaled() -> None:
    core = MockCore(realtime=False)
    slow = DeliveryPolicy(timeout=1.0, max_attempts=5, backoff=5.0, max_backoff=5.0)
    with serve_in_thread(core, delivery_policy=slow):
        core.add_message(
            id=5,
            status="new",
            transitions=[(1, "sent")],
            callback_url=f"http://127.0.0.1:{closed_port()}/",
        )
        core.advance(2)
        wait_until(lambda: len(core.deliveries) == 1)  # first attempt failed; a retry waits
    assert [(e.outcome, e.attempt) for e in core.deliveries] == [
        ("retrying", 1),
        ("undeliverable", 0),
    ]
    assert core.deliveries[-1].error == "the mock stopped before it was sent"


def test_a_receiver_that_never_answers_fails_each_attempt_at_its_deadline() -> None:
    core = MockCore(realtime=False)
    quick = DeliveryPolicy(timeout=0.2, max_attempts=2, backoff=0.01)
    with socket.socket() as silent, serve_in_thread(core, delivery_policy=quick):
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections wait in the backlog: nothing is ever read or answered
        port = silent.getsockname()[1]
        core.add_message(
            id=5, status="new", transitions=[(1, "sent")], callback_url=f"http://127.0.0.1:{port}/"
        )
        core.advance(2)
        wait_until(lambda: len(core.deliveries) == 2)
    assert [(e.outcome, e.error) for e in core.deliveries] == [
        ("retrying", "no answer within 0.2 s"),
        ("gave_up", "no answer within 0.2 s"),
    ]


def test_the_command_takes_allowed_callback_hosts() -> None:
    from wwt_sms_mock import _cli

    parser = _cli._parser()
    args = parser.parse_args(
        ["serve", "--allow-callback-host", "a.test", "--allow-callback-host", "b.test"]
    )
    assert args.allow_callback_host == ["a.test", "b.test"]
    assert parser.parse_args(["serve"]).allow_callback_host == []


def test_a_full_queue_journals_what_it_cannot_take() -> None:
    core = MockCore(realtime=False)
    tight = DeliveryPolicy(queue_size=1, max_attempts=1)
    receiver = Receiver()
    with run_in_thread(receiver) as receiver_url, serve_in_thread(core, delivery_policy=tight):
        for id in (5, 6):
            core.add_message(
                id=id, status="new", transitions=[(1, "sent")], callback_url=receiver_url
            )
        core.advance(2)  # both fall due at once: one fits in the queue
        wait_until(lambda: len(core.deliveries) == 2)
    outcomes = sorted((e.message_id, e.outcome, e.error) for e in core.deliveries)
    assert outcomes == [
        (5, "delivered", None),
        (6, "undeliverable", "the delivery queue is full"),
    ]
    assert len(receiver.bodies) == 1
