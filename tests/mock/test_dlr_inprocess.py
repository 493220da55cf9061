"""Delivery reports in-process: `WwtMock(deliver_to=app)` hands each report to a FastAPI,
Flask, raw ASGI or raw WSGI app, or a plain callable, with no socket; the SDK reads each one
as it reads the message's status answer; the `wwt_mock` fixture takes `deliver_to`."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import string
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import wwt_sms
from tests.keys import KEY
from tests.strategies.records import known_statuses, unknown_statuses
from wwt_sms_mock import WwtMock
from wwt_sms_mock._faces.inprocess import receiver_kind

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
CALLBACK = "https://receiver.example/wwt/dlr"  # any host: nothing leaves the process


def example(name: str) -> ModuleType:
    """A fresh copy of a receiver of docs/examples (its `reports` list empty)."""
    spec = importlib.util.spec_from_file_location(f"dlr_example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_in_flight(mock: WwtMock, id: int = 5) -> None:
    mock.add_message(
        id=id,
        status="new",
        reference=f"ref{id}",
        time_sent=2,
        time_dr=5,
        transitions=[(2, "sent"), (5, "delivered")],
        callback_url=CALLBACK,
    )


def run_lifecycle(mock: WwtMock) -> list[wwt_sms.Sms]:
    """Move message 5 through sent and delivered; the SDK's view after each step."""
    client = wwt_sms.Client(api_key=KEY, base_url=mock.base_url)
    add_in_flight(mock)
    seen = []
    for seconds in (3, 10):
        mock.advance(seconds)
        seen.append(client.sms.get(5))
    return seen


def same_records(reports: Iterable[wwt_sms.DeliveryReport], seen: list[wwt_sms.Sms]) -> None:
    assert [r.to_dict() for r in reports] == [s.to_dict() for s in seen]


@pytest.mark.parametrize("style", ["api", "canonical", "vendor"])
@pytest.mark.parametrize("framework", ["receiver_fastapi", "receiver_flask"])
def test_framework_receivers_get_what_the_sdk_reads(framework: str, style: str) -> None:
    pytest.importorskip(framework.removeprefix("receiver_"))
    receiver = example(framework)
    with WwtMock(style=style, deliver_to=receiver.app) as mock:
        seen = run_lifecycle(mock)
    same_records(receiver.reports, seen)
    assert [(a.status, a.outcome, a.response_status) for a in mock.deliveries] == [
        ("sent", "delivered", 204),
        ("delivered", "delivered", 204),
    ]


async def raw_asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    RECEIVED.append((scope["path"], body))
    await send({"type": "http.response.start", "status": 202, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def raw_wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    RECEIVED.append((environ["PATH_INFO"], environ["wsgi.input"].read(length)))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


RECEIVED: list[tuple[str, bytes]] = []


@pytest.mark.parametrize(("app", "kind"), [(raw_asgi, "asgi"), (raw_wsgi, "wsgi")])
def test_raw_asgi_and_wsgi_apps_get_the_post(app: Any, kind: str) -> None:
    RECEIVED.clear()
    assert receiver_kind(app) == kind
    with WwtMock(deliver_to=app) as mock:
        seen = run_lifecycle(mock)
    assert [path for path, _ in RECEIVED] == ["/wwt/dlr", "/wwt/dlr"]
    same_records((wwt_sms.parse_delivery_report(body) for _, body in RECEIVED), seen)


def test_a_callable_gets_body_and_headers_and_its_answers_count() -> None:
    calls: list[tuple[bytes, dict[str, str]]] = []
    answers = [503, None, 400]

    def receive(body: bytes, headers: dict[str, str]) -> int | None:
        calls.append((body, headers))
        return answers.pop(0)

    assert receiver_kind(receive) == "callable"
    with WwtMock(deliver_to=receive) as mock:
        add_in_flight(mock)
        mock.advance(3)
        mock.advance(10)
    assert [(a.status, a.attempt, a.outcome) for a in mock.deliveries] == [
        ("sent", 1, "retrying"),
        ("sent", 2, "delivered"),  # None counts as accepted
        ("delivered", 1, "refused"),
    ]
    assert calls[0][1]["content-type"] == "application/json"
    assert json.loads(calls[0][0])["status"] == "sent"


def test_a_receiver_that_raises_is_retried_then_given_up() -> None:
    def broken(body: bytes, headers: dict[str, str]) -> None:
        raise RuntimeError("database down")

    with WwtMock(deliver_to=broken) as mock:
        add_in_flight(mock)
        mock.advance(3)
    attempts = mock.deliveries.filter(message_id=5)
    assert [a.outcome for a in attempts] == ["retrying"] * 4 + ["gave_up"]
    assert attempts[-1].error == "RuntimeError: database down"


def test_without_a_receiver_reports_are_journaled_as_undeliverable() -> None:
    with WwtMock() as mock:
        add_in_flight(mock)
        mock.advance(3)
    (entry,) = mock.deliveries
    assert (entry.outcome, entry.attempt, entry.status) == ("undeliverable", 0, "sent")
    assert "deliver_to" in (entry.error or "")


def test_controls_in_process_force_a_status_and_set_faults() -> None:
    received: list[bytes] = []
    with WwtMock(deliver_to=lambda body, headers: received.append(body)) as mock:
        control = httpx.Client(base_url="https://api.wwt.world/__mock")
        add_in_flight(mock)
        fault = control.post("/deliveries/faults", json={"fault": "duplicate", "id": 5})
        assert fault.status_code == 201
        assert control.post("/messages/5/status", json={"status": "expired"}).status_code == 200
        listed = control.get("/deliveries").json()
    assert [json.loads(b)["status"] for b in received] == ["expired", "expired"]
    assert [e["outcome"] for e in listed["entries"]] == ["delivered", "delivered"]


def test_an_asgi_receiver_works_from_async_code() -> None:
    RECEIVED.clear()

    async def scenario() -> None:
        with WwtMock(deliver_to=raw_asgi) as mock:
            add_in_flight(mock)
            mock.advance(10)  # a loop runs here: the app gets one of its own

    asyncio.run(scenario())
    assert [json.loads(body)["status"] for _, body in RECEIVED] == ["sent", "delivered"]


def test_a_receiver_that_moves_time_gets_later_reports_after() -> None:
    statuses: list[str] = []

    def receive(body: bytes, headers: dict[str, str]) -> None:
        statuses.append(json.loads(body)["status"])
        if statuses == ["sent"]:
            mock.advance(10)

    with WwtMock(deliver_to=receive) as mock:
        add_in_flight(mock)
        mock.advance(3)
    assert statuses == ["sent", "delivered"]


def test_deliver_to_must_be_callable() -> None:
    with pytest.raises(TypeError, match="deliver_to must be"):
        WwtMock(deliver_to="http://127.0.0.1/")


REPORTS: list[bytes] = []


@pytest.mark.wwt_mock(deliver_to=lambda body, headers: REPORTS.append(body))
def test_the_fixture_takes_deliver_to_through_its_marker(wwt_mock: WwtMock) -> None:
    REPORTS.clear()
    add_in_flight(wwt_mock)
    wwt_mock.advance(10)
    assert [wwt_sms.parse_delivery_report(b).status for b in REPORTS] == ["sent", "delivered"]
    assert len(wwt_mock.deliveries) == 2


_STYLE_FLAGS = st.sets(
    st.sampled_from(["strings", "datetimes", "errors", "types", "not_found"])
).map(lambda flags: "+".join(sorted(flags)) or "canonical")


@given(
    style=_STYLE_FLAGS,
    id=st.integers(1, 2**63 - 1),
    msisdn=st.text("0123456789", min_size=1, max_size=20),
    reference=st.none()
    | st.text(string.ascii_letters + string.digits + "_-", min_size=3, max_size=50),
    price=st.decimals(min_value=0, max_value=Decimal("9999.9999999"), places=7),
    statuses=st.lists(known_statuses() | unknown_statuses(), min_size=1, max_size=4),
)
def test_any_report_in_any_style_reads_as_the_status_answer_then(
    style: str, id: int, msisdn: str, reference: str | None, price: Decimal, statuses: list[str]
) -> None:
    received: list[bytes] = []
    with WwtMock(style=style, demo=False, deliver_to=lambda b, h: received.append(b)) as mock:
        client = wwt_sms.Client(api_key=KEY, base_url=mock.base_url)
        mock.add_message(
            id=id,
            msisdn=msisdn,
            reference=reference,
            price=price,
            status="new",
            time_sent=1,
            transitions=[(n + 1, status) for n, status in enumerate(statuses)],
            callback_url=CALLBACK,
        )
        seen = []
        for _ in statuses:
            before = len(received)
            mock.advance(1)  # one step at a time: at most one change
            if len(received) > before:
                seen.append(client.sms.get(id))
    same_records(map(wwt_sms.parse_delivery_report, received), seen)
