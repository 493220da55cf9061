"""Records, demo data and virtual time."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from wwt_sms_mock import Message, MockCore, Task
from wwt_sms_mock._contract.compile import load_spec
from wwt_sms_mock._contract.spec import JS_SAFE_MAX
from wwt_sms_mock._core.demo import demo_records
from wwt_sms_mock._core.store import Clock, Store

from .core_calls import body, get

STATUSES = load_spec().statuses


@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_readme_records_are_there_for_every_seed(seed: int) -> None:
    messages, tasks = demo_records(seed, STATUSES)
    by_id = {m.id: m for m in messages}
    assert by_id[211].reference == "ext19"
    assert by_id[211].status_at(0) == "delivered"
    assert by_id[212].reference is None
    assert by_id[212].view(0)["time_sent"] is None
    assert by_id[9007199254740993].id > JS_SAFE_MAX
    assert 77 in {t.task_id for t in tasks}


def test_seed_changes_only_the_extras() -> None:
    first, _ = demo_records(1, STATUSES)
    second, _ = demo_records(2, STATUSES)
    assert [m.id for m in first] != [m.id for m in second]
    assert first[:6] == second[:6]
    assert demo_records(1, STATUSES) == demo_records(1, STATUSES)


def test_demo_statuses_are_the_specs_known_values() -> None:
    messages, _ = demo_records(7, STATUSES, extras=50)
    used = {m.status for m in messages} | {s for m in messages for _, s in m.transitions}
    assert used <= set(STATUSES)


def test_in_flight_message_becomes_final_over_virtual_time(core: MockCore) -> None:
    first = body(get(core, "/sms/213"))
    assert not STATUSES[first["status"]]
    assert first["time_sent"] is None
    assert first["time_dr"] is None
    core.advance(5)
    assert body(get(core, "/sms/213"))["status"] == "sent"
    core.advance(5)
    final = body(get(core, "/sms/213"))
    assert STATUSES[final["status"]]
    assert final["time_sent"] is not None
    assert final["time_dr"] is not None


def test_campaign_counters_follow_their_messages(core: MockCore) -> None:
    before = body(get(core, "/sms/task/77"))
    assert before["undeliverable"] == 0
    assert before["total"] == 2
    core.advance(15)
    after = body(get(core, "/sms/task/77"))
    assert (after["sent"], after["delivered"], after["undeliverable"]) == (2, 1, 1)
    assert after["totalprice"] == pytest.approx(0.4)
    core.replace_message(
        Message(id=301, status="expired", price=Decimal("1.5"), time_sent=-1, reference="task77a")
    )
    changed = body(get(core, "/sms/task/77"))
    assert (changed["expired"], changed["delivered"]) == (1, 0)
    assert changed["totalprice"] == pytest.approx(1.7)


def test_add_replace_remove_and_clear(core: MockCore) -> None:
    core.add_message(id=5, reference="mine", status="sent", msisdn="123")
    assert body(get(core, "/sms/reference/mine"))["id"] == 5
    with pytest.raises(ValueError, match="exists"):
        core.add_message(id=5)
    with pytest.raises(ValueError, match="belongs to"):
        core.add_message(id=6, reference="mine")
    core.replace_message(id=5, reference="other", status="delivered")
    assert get(core, "/sms/reference/mine").status == 404
    assert body(get(core, "/sms/reference/other"))["status"] == "delivered"
    core.remove_message(5)
    assert get(core, "/sms/5").status == 404
    core.add_task(task_id=9, message_ids=(211,))
    assert body(get(core, "/sms/task/9"))["delivered"] == 1
    with pytest.raises(ValueError, match="exists"):
        core.add_task(Task(task_id=9))
    core.replace_task(task_id=9, message_ids=())
    assert body(get(core, "/sms/task/9"))["total"] == 0
    core.remove_task(9)
    core.clear()
    assert get(core, "/sms/211").status == 404
    core.reset()
    assert get(core, "/sms/211").status == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": 0}, "message id must be a positive integer"),
        ({"id": True}, "message id must be a positive integer"),
        ({"id": 2**63}, "message id must be between 1 and"),
        ({"id": 1, "msisdn": "+380"}, "msisdn must be 1 to 32 digits"),
        ({"id": 1, "msisdn": "٣٨٠"}, "msisdn must be 1 to 32 digits"),
        ({"id": 1, "transitions": ((5, "a"), (1, "b"))}, "transitions must be in time order"),
        ({"id": 1, "transitions": ((5,),)}, "a transition is a pair"),
        ({"id": 1, "time_in": float("nan")}, "time_in must be between"),
        ({"id": 1, "time_dr": 1e300}, "time_dr must be between"),
        ({"id": 1, "status": 5}, "status must be a string"),
        ({"id": 1, "reference": "r" * 300}, "reference must be 0 to 255 characters"),
    ],
)
def test_invalid_messages_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Message(**fields)  # type: ignore[arg-type]


def test_invalid_task_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        Task(task_id=0)


def test_clock_moves_only_forward_and_can_follow_the_wall() -> None:
    clock = Clock()
    assert clock.advance(2.5) == 2.5
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)
    for bad in (float("nan"), float("inf"), 1e300):
        with pytest.raises(ValueError, match="stays finite"):
            clock.advance(bad)
    assert clock.now() == 2.5
    real = Clock(realtime=True)
    assert real.now() >= 0
    clock.reset()
    assert clock.now() == 0


def test_store_version_moves_on_every_write() -> None:
    store = Store()
    before = store.version
    store.add_message(Message(id=1))
    store.add_task(Task(task_id=1, message_ids=(1, 2)))
    assert [m.id for m in store.task_messages(store.tasks[1])] == [1]
    assert store.version == before + 2


def test_from_mapping_accepts_json_forms() -> None:
    message = Message.from_mapping(
        {"id": "7", "time_in": "-3", "time_sent": 1, "transitions": [[1, "sent"]], "price": "0.1"}
    )
    assert message.id == 7
    assert message.time_in == -3.0
    assert message.transitions == ((1.0, "sent"),)
    assert Task.from_mapping({"task_id": "8", "validity": "24"}).validity == 24
