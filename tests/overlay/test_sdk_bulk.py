"""Mass status, the plan without I/O: checking and deduplicating IDs, batching, reading items,
assembling one entry per asked ID, and the failed batch's IDs on its error."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wwt_sms
from tests import spec, strategies
from wwt_sms import SmsStatusRecord
from wwt_sms._batches import (
    assemble,
    batch_plan,
    batches,
    checked_ids,
    one_batch,
    unique_ids,
)
from wwt_sms._constants import STATUS_BATCH_LIMIT
from wwt_sms._normalise import WireError
from wwt_sms._retries import Plan
from wwt_sms._status_records import status_record, status_records

T = TypeVar("T")

ITEM: dict[str, Any] = {
    "id": "123",
    "external_id": "ext_id_16",
    "msisdn": "380972000001",
    "time_sent": "2017-01-17 09:11:41",
    "time_dr": "2017-01-17 09:11:45",
    "status": "delivered",
    "price": Decimal("0.23"),
    "currency": "EUR",
}
ID_MAX = 2**63 - 1


def _record(id: int) -> SmsStatusRecord:
    return status_record({**ITEM, "id": id}, UTC)


# --- the limit ---------------------------------------------------------------------------------


def test_batch_limit_is_the_specs() -> None:
    ids = spec.load()["components"]["schemas"]["SmsStatusesRequest"]["properties"]["ids"]
    assert ids["maxItems"] == STATUS_BATCH_LIMIT


# --- unique_ids ------------------------------------------------------------------------------


def test_unique_ids_keeps_first_occurrences_in_order() -> None:
    assert list(unique_ids([5, 3, 5, 1, 3, 5])) == [5, 3, 1]


def test_unique_ids_accepts_any_iterable() -> None:
    assert list(unique_ids(range(1, 4))) == [1, 2, 3]
    assert list(unique_ids(iter((7, 8)))) == [7, 8]
    assert list(unique_ids({9: None}.keys())) == [9]
    assert list(unique_ids([])) == []


def test_unique_ids_is_lazy() -> None:
    read: list[int] = []

    def source() -> Iterator[int]:
        for id in range(1, 1000):
            read.append(id)
            yield id

    first = next(unique_ids(source()))
    assert (first, read) == (1, [1])


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([1, "2"], "ids[1] must be an int, not str"),
        ([1, 2, True], "ids[2] must be an int, not bool"),
        ([0], f"ids[0] must be between 1 and {ID_MAX}: 0"),
        ([ID_MAX + 1], f"ids[0] must be between 1 and {ID_MAX}"),
        ([1.0], "ids[0] must be an int, not float"),
        ([None], "ids[0] must be an int, not NoneType"),
    ],
)
def test_unique_ids_refuses_a_bad_id_naming_its_position(ids: list[Any], message: str) -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match=message.replace("[", r"\[")):
        list(unique_ids(ids))


@pytest.mark.parametrize("ids", ["123", b"123", 123, {1: 2}, None])
def test_unique_ids_refuses_what_is_not_a_collection_of_ids(ids: Any) -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match="ids must be an iterable"):
        list(unique_ids(ids))


@given(st.lists(strategies.valid_ids(), max_size=300))
def test_unique_ids_is_the_set_of_ids_once_each(ids: list[int]) -> None:
    unique = list(unique_ids(ids))
    assert len(unique) == len(set(unique))
    assert set(unique) == set(ids)


@given(st.lists(strategies.valid_ids(), max_size=20), strategies.invalid_ids())
def test_unique_ids_refuses_any_invalid_id(ids: list[int], bad: Any) -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match=rf"ids\[{len(ids)}\]"):
        list(unique_ids([*ids, bad]))


# --- batches ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "sizes"),
    [(0, []), (1, [1]), (100, [100]), (101, [100, 1]), (250, [100, 100, 50]), (300, [100] * 3)],
)
def test_batches_split_at_the_limit(count: int, sizes: list[int]) -> None:
    assert [len(batch) for batch in batches(range(1, count + 1))] == sizes


@given(st.lists(st.integers(1, 10**6), max_size=450), st.integers(1, STATUS_BATCH_LIMIT))
def test_batches_cover_every_id_once_in_order(ids: list[int], size: int) -> None:
    found = list(batches(ids, size))
    assert [id for batch in found for id in batch] == ids
    assert all(1 <= len(batch) <= size for batch in found)
    assert all(len(batch) == size for batch in found[:-1])


def test_batches_read_a_stream_one_batch_at_a_time() -> None:
    read: list[int] = []

    def source() -> Iterator[int]:
        for id in range(1, 1000):
            read.append(id)
            yield id

    first = next(batches(source()))
    assert len(first) == STATUS_BATCH_LIMIT
    assert len(read) == STATUS_BATCH_LIMIT


def test_one_batch_is_1_to_the_limit_distinct_ids() -> None:
    assert one_batch([3, 1, 3]) == (3, 1)
    assert len(one_batch(range(1, 101))) == STATUS_BATCH_LIMIT
    too_few_or_many: list[Iterable[int]] = [[], range(1, 102)]
    for ids in too_few_or_many:
        with pytest.raises(wwt_sms.ClientValidationError, match="1 to 100 distinct"):
            one_batch(ids)


@pytest.mark.parametrize("size", [0, -1, STATUS_BATCH_LIMIT + 1])
def test_batches_refuse_a_size_the_api_would_refuse(size: int) -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match="batch size must be 1 to 100"):
        list(batches([1], size))


# --- status_record ---------------------------------------------------------------------------


def test_record_reads_the_vendors_item() -> None:
    record = status_record(ITEM, UTC)
    assert record == SmsStatusRecord(
        id=123,
        reference="ext_id_16",
        msisdn="380972000001",
        time_sent=datetime(2017, 1, 17, 9, 11, 41, tzinfo=UTC),
        time_dr=datetime(2017, 1, 17, 9, 11, 45, tzinfo=UTC),
        status=wwt_sms.SmsStatus.DELIVERED,
        price=Decimal("0.23"),
        currency="EUR",
    )
    assert record.status is wwt_sms.SmsStatus.DELIVERED


def test_record_reads_numbers_iso_datetimes_and_nulls() -> None:
    item = {
        **ITEM,
        "id": 9007199254740993,
        "msisdn": 380972000001,
        "external_id": None,
        "time_sent": "2017-01-17T09:11:41+02:00",
        "time_dr": None,
        "price": "1.1000000",
        "status": "brand-new",
    }
    record = status_record(item, UTC)
    assert (record.id, record.msisdn, record.reference) == (9007199254740993, "380972000001", None)
    assert record.time_sent == datetime(2017, 1, 17, 7, 11, 41, tzinfo=UTC)
    assert record.time_dr is None
    assert record.price == Decimal("1.1000000")
    assert not record.status.is_known


def test_record_treats_absent_optional_fields_as_null() -> None:
    item = {k: v for k, v in ITEM.items() if k not in ("external_id", "time_sent", "time_dr")}
    record = status_record(item, UTC)
    assert (record.reference, record.time_sent, record.time_dr) == (None, None, None)


def test_record_reads_zoneless_datetimes_in_the_api_zone() -> None:
    zone = timezone(timedelta(hours=3))
    record = status_record(ITEM, zone)
    assert record.time_sent == datetime(2017, 1, 17, 9, 11, 41, tzinfo=zone)


@pytest.mark.parametrize("field", ["id", "msisdn", "status", "price", "currency"])
def test_record_needs_its_required_fields(field: str) -> None:
    with pytest.raises(KeyError, match=field):
        status_record({k: v for k, v in ITEM.items() if k != field}, UTC)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "0"),
        ("id", "12a"),
        ("msisdn", "+380"),
        ("time_sent", "17.01.2017"),
        ("status", ""),
        ("price", "1,5"),
        ("currency", 978),
        ("external_id", 16),
    ],
)
def test_record_refuses_a_wrong_field_by_name(field: str, value: object) -> None:
    with pytest.raises(WireError, match=f"field {field!r}"):
        status_record({**ITEM, field: value}, UTC)


@pytest.mark.parametrize("item", [None, [], "123", 123])
def test_record_refuses_an_item_that_is_not_an_object(item: object) -> None:
    with pytest.raises(WireError, match="expected an object"):
        status_record(item, UTC)


def test_records_need_a_result_list() -> None:
    assert status_records({"result": []}, UTC) == []
    assert [r.id for r in status_records({"result": [ITEM, {**ITEM, "id": 5}]}, UTC)] == [123, 5]
    with pytest.raises(KeyError, match="result"):
        status_records({"error": 0}, UTC)
    with pytest.raises(WireError, match="field 'result'"):
        status_records({"result": {"id": 1}}, UTC)


def test_record_is_frozen_and_slotted() -> None:
    record = _record(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.id = 2  # type: ignore[misc]
    assert not hasattr(record, "__dict__")
    assert [f.name for f in dataclasses.fields(SmsStatusRecord)] == [
        "id",
        "reference",
        "msisdn",
        "time_sent",
        "time_dr",
        "status",
        "price",
        "currency",
    ]


# --- assemble --------------------------------------------------------------------------------


def test_assemble_gives_every_asked_id_a_key() -> None:
    found = assemble((3, 1, 2), [_record(2), _record(3)])
    assert list(found) == [3, 1, 2]
    assert found[1] is None
    assert found[2] is not None
    assert found[2].id == 2


def test_assemble_drops_records_that_were_not_asked_and_keeps_the_first_of_two() -> None:
    first, second = _record(1), dataclasses.replace(_record(1), currency="USD")
    found = assemble((1,), [_record(99), first, second])
    assert found == {1: first}


@given(
    st.lists(st.integers(1, 500), unique=True, max_size=STATUS_BATCH_LIMIT),
    st.lists(st.integers(1, 500), max_size=150),
)
def test_assemble_has_exactly_the_asked_ids(asked: list[int], answered: list[int]) -> None:
    found = assemble(asked, [_record(id) for id in answered])
    assert list(found) == asked
    for id, record in found.items():
        assert (record is not None) == (id in answered)
        assert record is None or record.id == id


# --- a failed batch --------------------------------------------------------------------------


def _failing_plan(error: Exception) -> Plan[int]:
    yield 0.5  # a backoff wait, as a real plan may yield
    raise error


def _drive(plan: Plan[T]) -> T:
    try:
        while True:
            plan.send(None)
    except StopIteration as stop:
        result: T = stop.value
        return result


def test_a_failed_batch_raises_its_own_error_with_the_batch_ids() -> None:
    error = wwt_sms.ServerError("Internal server error", http_status=500)
    with pytest.raises(wwt_sms.ServerError) as raised:
        _drive(batch_plan(_failing_plan(error), (4, 5, 6)))
    assert raised.value is error
    assert raised.value.batch_ids == (4, 5, 6)


def test_a_batch_plan_passes_effects_and_its_result_through() -> None:
    def plan() -> Plan[int]:
        outcome = yield 0.25
        assert outcome is None
        return 42

    wrapped = batch_plan(plan(), (1,))
    assert next(wrapped) == 0.25
    with pytest.raises(StopIteration) as stop:
        wrapped.send(None)
    assert stop.value.value == 42


def test_errors_that_are_not_the_sdks_pass_untouched() -> None:
    with pytest.raises(RuntimeError) as raised:
        _drive(batch_plan(_failing_plan(RuntimeError("bug")), (1,)))
    assert not hasattr(raised.value, "batch_ids")


# --- the generated model agrees ------------------------------------------------------------


@pytest.mark.parametrize("name", list(spec.operation("getSmsStatuses").examples("200")))
def test_items_read_straight_equal_items_read_through_the_generated_model(name: str) -> None:
    """Items are read from the decoded JSON, not through the generated `from_dict` (speed):
    the generated model must accept the same bodies and hand over the same values."""
    from wwt_sms._response import _decode
    from wwt_sms_api.models.sms_status_list import SmsStatusList

    body = _decode(json.dumps(spec.operation("getSmsStatuses").examples("200")[name]).encode())
    generated = SmsStatusList.from_dict(body)
    if "result" not in body:
        assert str(body["error"]) != "0"
        return
    straight = status_records(body, UTC)
    through = [status_record(item.to_dict(), UTC) for item in generated.result]  # type: ignore[union-attr]
    assert straight == through
    assert len(straight) == len(body["result"])


def test_a_datetime_text_shared_by_items_is_read_once_per_answer() -> None:
    second = {**ITEM, "id": 124, "time_dr": "2017-01-17 09:12:00"}
    first, other = status_records({"result": [ITEM, second]}, UTC)
    assert first.time_sent is other.time_sent  # one parse for the shared send time
    assert first.time_sent == status_record(ITEM, UTC).time_sent
    assert other.time_dr == datetime(2017, 1, 17, 9, 12, tzinfo=UTC)
    with pytest.raises(WireError, match="field 'time_dr'"):
        status_records({"result": [ITEM, {**second, "time_dr": "2017-13-01 00:00:00"}]}, UTC)


def test_distinct_batches_keep_an_id_once_within_each() -> None:
    ids = [1, 2, 1, 3, 3, 2, 4]
    assert list(batches(ids, 3, distinct=True)) == [(1, 2), (3, 2), (4,)]
    assert list(batches(ids, 3)) == [(1, 2, 1), (3, 3, 2), (4,)]


def test_checked_ids_check_without_keeping_anything() -> None:
    assert list(checked_ids([3, 3, 1])) == [3, 3, 1]
    with pytest.raises(wwt_sms.ClientValidationError, match=r"ids\[1\]"):
        list(checked_ids([3, "x"]))
