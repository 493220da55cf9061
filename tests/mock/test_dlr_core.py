"""Delivery reports in the core: which fall due, when, in what order and with what body;
the delivery faults; the callback URL's checks and the host guard. No I/O here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wwt_sms_mock import FixtureError, Message, MockCore
from wwt_sms_mock._core.callbacks import CallbackHosts, DeliveryPolicy, callback_url
from wwt_sms_mock._core.dlr import DlrDue

from .core_calls import raw_headers

URL = "http://127.0.0.1:9/dlr"


def in_flight(core: MockCore, id: int = 5, **fields: Any) -> None:
    """A message that is `new` at 0, `sent` at 2 and `delivered` at 5."""
    core.add_message(
        id=id,
        status="new",
        time_sent=2,
        time_dr=5,
        transitions=[(2, "sent"), (5, "delivered")],
        callback_url=URL,
        **fields,
    )


def statuses(due: list[DlrDue]) -> list[tuple[int, str]]:
    return [(d.message_id, d.status) for d in due]


def test_a_report_falls_due_for_each_status_change_in_order(core: MockCore) -> None:
    in_flight(core)
    assert core.due_deliveries() == []  # the status it was added with is no change
    core.advance(3)
    assert statuses(core.due_deliveries()) == [(5, "sent")]
    assert core.due_deliveries() == []  # each change once
    core.advance(100)
    assert statuses(core.due_deliveries()) == [(5, "delivered")]


def test_reports_of_several_messages_come_in_the_order_statuses_changed(core: MockCore) -> None:
    in_flight(core, id=5)
    core.add_message(
        id=6, status="new", transitions=[(1, "sent"), (3, "rejected")], callback_url=URL
    )
    core.advance(10)
    assert statuses(core.due_deliveries()) == [
        (6, "sent"),
        (5, "sent"),
        (6, "rejected"),
        (5, "delivered"),
    ]


@pytest.mark.parametrize("style", ["api", "canonical", "vendor"])
def test_the_body_is_the_status_answer_of_that_moment(core: MockCore, style: str) -> None:
    core.style = style
    in_flight(core, reference="mine")
    core.advance(3)
    (sent,) = core.due_deliveries()
    answer_then = core.handle("GET", "/rest/sms/5", raw_headers()).body
    core.advance(10)
    (delivered,) = core.due_deliveries()
    assert sent.body == answer_then
    assert delivered.body == core.handle("GET", "/rest/sms/5", raw_headers()).body
    assert json.loads(sent.body)["time_dr"] is None
    assert (sent.url, sent.at, delivered.at) == (URL, 2.0, 5.0)


def test_a_forced_status_is_a_change_and_holds(core: MockCore) -> None:
    in_flight(core)
    core.advance(1)
    forced = core.force_status(5, "undeliverable")
    (due,) = core.due_deliveries()
    assert (due.status, due.at) == ("undeliverable", 1.0)
    assert json.loads(due.body)["time_dr"] is not None  # a final status has its report time
    core.advance(100)  # the later steps are gone
    assert core.due_deliveries() == []
    assert core.message(5) is forced
    assert forced.status_at(core.now) == "undeliverable"


def test_replacing_a_message_with_another_status_is_a_change(core: MockCore) -> None:
    in_flight(core)
    core.replace_message(id=5, status="expired", callback_url=URL)
    assert statuses(core.due_deliveries()) == [(5, "expired")]
    core.replace_message(id=5, status="expired", callback_url=URL)
    assert core.due_deliveries() == []  # the same status again is no change


def test_no_report_without_a_callback_url_or_after_removal(core: MockCore) -> None:
    core.add_message(id=7, status="new", transitions=[(1, "sent")])
    in_flight(core)
    core.remove_message(5)
    core.advance(10)
    assert core.due_deliveries() == []


def test_the_wake_up_call_comes_when_reports_may_be_due(core: MockCore) -> None:
    calls: list[float] = []
    core.on_deliveries_due = lambda: calls.append(core.now)
    in_flight(core)
    core.advance(3)
    core.force_status(5, "delivered")
    assert calls == [3.0, 3.0]


def test_reset_forgets_watches_rules_and_the_journal(core: MockCore) -> None:
    in_flight(core)
    core.delivery_fault("drop", times=None)
    core.advance(3)
    core.due_deliveries()
    assert len(core.deliveries) == 1
    core.reset()
    assert (len(core.deliveries), core.delivery_rules) == (0, [])
    in_flight(core)
    core.advance(3)
    assert statuses(core.due_deliveries()) == [(5, "sent")]


# --- delivery faults ----------------------------------------------------------------------


def test_duplicate_sends_the_report_twice(core: MockCore) -> None:
    in_flight(core)
    core.delivery_fault("duplicate", status="sent")
    core.advance(10)
    due = core.due_deliveries()
    assert statuses(due) == [(5, "sent"), (5, "sent"), (5, "delivered")]
    assert due[0].body == due[1].body


def test_out_of_order_holds_a_report_behind_the_next(core: MockCore) -> None:
    in_flight(core)
    core.delivery_fault("out-of-order", id=5, status="sent")
    core.advance(3)
    assert core.due_deliveries() == []
    assert core.deliveries_held == 1
    core.advance(10)
    assert statuses(core.due_deliveries()) == [(5, "delivered"), (5, "sent")]
    assert core.deliveries_held == 0


def test_delay_holds_a_report_for_virtual_seconds(core: MockCore) -> None:
    in_flight(core)
    core.delivery_fault("delay", delay=30, status="sent")
    core.advance(10)
    assert statuses(core.due_deliveries()) == [(5, "delivered")]
    core.advance(21)  # the report of the change at 2 is due at 32
    assert core.due_deliveries() == []
    core.advance(1)
    assert statuses(core.due_deliveries()) == [(5, "sent")]


def test_drop_never_sends_and_says_so(core: MockCore) -> None:
    in_flight(core)
    rule = core.delivery_fault("drop", times=None)
    core.advance(10)
    assert core.due_deliveries() == []
    assert [(e.status, e.outcome, e.attempt) for e in core.deliveries] == [
        ("sent", "dropped", 0),
        ("delivered", "dropped", 0),
    ]
    assert rule.as_dict() == {"fault": "drop", "times": None}
    core.clear_delivery_rules()
    assert core.delivery_rules == []


def test_a_fault_rule_counts_down(core: MockCore) -> None:
    in_flight(core)
    core.delivery_fault("drop", times=1)
    core.advance(10)
    assert statuses(core.due_deliveries()) == [(5, "delivered")]


@pytest.mark.parametrize(
    ("fault", "options", "message"),
    [
        ("resend", {}, "fault must be one of"),
        ("delay", {}, "delay (seconds) goes with the delay fault"),
        ("drop", {"delay": 1}, "delay (seconds) goes with the delay fault"),
        ("delay", {"delay": float("nan")}, "delay must be"),
        ("drop", {"times": 0}, "times must be"),
        ("drop", {"id": True}, "id must be a whole number"),
        ("drop", {"status": ""}, "status must be 1 to 255"),
    ],
)
def test_fault_rules_are_checked(
    core: MockCore, fault: str, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        core.delivery_fault(fault, **options)


# --- the callback URL, the host guard, the policy -------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/x", "http:// or https://"),
        ("127.0.0.1:8000/x", "http:// or https://"),
        ("http:///x", "with a host"),
        ("http://127.0.0.1:99999/x", "not a URL"),
        ("http://user:pw@127.0.0.1/x", "user name or password"),
        ("http://127.0.0.1/a b", "visible ASCII"),
        ("http://127.0.0.1/\r\nX: y", "visible ASCII"),
        ("http://127.0.0.1/é", "visible ASCII"),
        ("http://127.0.0.1/" + "a" * 2048, "1 to 2048 characters"),
        ("", "1 to 2048 characters"),
        (5, "must be a string"),
    ],
)
def test_callback_urls_are_checked(core: MockCore, url: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        core.add_message(id=5, callback_url=url)
    assert 5 not in core.store.messages


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:1/x", "https://127.9.9.9/x", "http://[::1]:80/", "http://LOCALHOST/"]
)
def test_loopback_callbacks_pass_the_guard(url: str) -> None:
    assert callback_url(url) == url
    assert CallbackHosts().refusal(url) is None


def test_the_guard_names_its_rule_and_allows_named_hosts(core: MockCore) -> None:
    with pytest.raises(ValueError, match=r"--allow-callback-host receiver\.test"):
        core.add_message(id=5, callback_url="http://receiver.test/dlr")
    with pytest.raises(ValueError, match="not on loopback"):
        core.check_record(Message(id=5, callback_url="http://10.0.0.1/"))
    core.callback_hosts = CallbackHosts.of(["Receiver.Test"])
    core.add_message(id=5, callback_url="http://receiver.test/dlr")
    assert CallbackHosts(anywhere=True).refusal("http://example.com/") is None


def test_the_policy_says_what_an_answer_makes_of_a_report() -> None:
    policy = DeliveryPolicy(max_attempts=3, backoff=0.5, max_backoff=1.5)
    assert [policy.outcome(1, s) for s in (200, 204, 400, 404, 408, 429, 500, None)] == [
        "delivered",
        "delivered",
        "refused",
        "refused",
        "retrying",
        "retrying",
        "retrying",
        "retrying",
    ]
    assert policy.outcome(3, 503) == "gave_up"
    assert [policy.wait_before(n) for n in (2, 3, 4, 5)] == [0.5, 1.0, 1.5, 1.5]
    with pytest.raises(ValueError, match="max_attempts"):
        DeliveryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="timeout"):
        DeliveryPolicy(timeout=float("nan"))


@given(
    st.lists(
        st.tuples(st.integers(1, 50), st.sampled_from(["sent", "delivered", "expired"])),
        max_size=6,
    ).map(lambda steps: sorted(steps, key=lambda s: s[0])),
    st.lists(st.integers(0, 60), min_size=1, max_size=5),
)
def test_reports_follow_the_status_changes_whatever_the_steps_of_time(
    steps: list[tuple[int, str]], advances: list[int]
) -> None:
    core = MockCore(demo=False)
    core.add_message(id=9, status="new", transitions=steps, callback_url=URL)
    reported: list[str] = []
    for seconds in advances:
        core.advance(seconds)
        reported += [d.status for d in core.due_deliveries()]
    changes: list[str] = []
    last = "new"
    for at, status in steps:
        if at <= core.now and status != last:
            changes.append(status)
            last = status
    assert reported == changes


@pytest.mark.parametrize("style", ["api", "canonical", "vendor", "strings+types"])
def test_every_report_fits_the_webhook_schema(style: str) -> None:
    core = MockCore(style=style, demo=False)
    validator = core.spec.validator(core.spec.component_pointer("DeliveryReport"))
    in_flight(core, id=2**53 + 1)  # an ID JSON numbers cannot hold
    in_flight(core, id=6, reference="ref", price="0.1000000")
    core.force_status(6, "not_viber_user")  # at 0: its later steps are dropped
    core.advance(10)
    due = core.due_deliveries()
    assert [(d.status, d.at) for d in due] == [
        ("not_viber_user", 0.0),
        ("sent", 2.0),
        ("delivered", 5.0),
    ]
    for report in due:
        assert list(validator.iter_errors(json.loads(report.body))) == []


def test_replacing_a_message_again_and_again_keeps_the_schedule_bounded() -> None:
    core = MockCore(demo=False)
    for round_number in range(3000):
        core.replace_message(
            id=5, status="new", transitions=[(1e6 + round_number, "sent")], callback_url=URL
        )
    assert len(core._dlr._changes) <= 1024 + 2
    core.advance(2e6)
    assert statuses(core.due_deliveries()) == [(5, "sent")]


def test_a_recording_may_name_a_callback_url(tmp_path: Path) -> None:
    recorded = Path(__file__).parents[1] / "proxy" / "recorded" / "getSmsById"
    source = next(recorded.glob("*.200.*.json"))
    data = json.loads(source.read_text(encoding="utf-8"))
    (tmp_path / "getSmsById").mkdir()
    (tmp_path / "getSmsById" / source.name).write_text(json.dumps({**data, "callback_url": URL}))
    core = MockCore(fixtures=tmp_path, demo=False)
    message_id = int(data["body"]["id"])
    assert core.message(message_id).callback_url == URL
    core.force_status(message_id, "expired")
    assert statuses(core.due_deliveries()) == [(message_id, "expired")]
    (tmp_path / "getSmsById" / source.name).write_text(json.dumps({**data, "callback_url": "x"}))
    with pytest.raises(FixtureError, match="callback_url"):
        MockCore(fixtures=tmp_path, demo=False)


def test_faults_hold_back_a_bounded_number_of_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wwt_sms_mock._core.dlr.MAX_HELD", 2)
    core = MockCore(demo=False)
    core.delivery_fault("delay", delay=1000, times=None)
    for id in (5, 6, 7):
        in_flight(core, id=id)
    core.advance(3)
    assert core.due_deliveries() == []
    assert core.deliveries_held == 2
    (note,) = core.deliveries
    assert (note.message_id, note.outcome, note.error) == (
        7,
        "undeliverable",
        "more than 2 reports held back",
    )
