"""Wire quirks → exact types: both wire forms, both datetime forms, nulls, extras, bad shapes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import wwt_sms
from tests import spec, strategies
from tests.keys import KEY

from .fakes import SMS_BODY, TASK_BODY, FakeApi, reply

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _asked_id(body: Any, content: bytes | None) -> int:
    """The id to ask for: the body's own when it has a readable one (the SDK checks that an
    answer is for the message asked for)."""
    try:
        found = json.loads(content) if content is not None else body
        id = int(found["id"])
    except (ValueError, TypeError, KeyError):
        return 1
    return id if 1 <= id < 2**63 else 1


def _get(body: Any, *, content: bytes | None = None, **client_args: Any) -> wwt_sms.Sms:
    api = FakeApi().queue(reply(200, body, content=content))
    http = httpx.Client(transport=api.transport())
    with wwt_sms.Client(KEY, http_client=http, **client_args) as client:
        return client.sms.get(_asked_id(body, content))


def _task(body: Any, *, content: bytes | None = None) -> wwt_sms.Task:
    api = FakeApi().queue(reply(200, body, content=content))
    with wwt_sms.Client(KEY, http_client=httpx.Client(transport=api.transport())) as client:
        return client.tasks.get(1)


@pytest.mark.parametrize("name", list(spec.operation("getSmsById").examples("200")))
def test_every_spec_example_parses(name: str) -> None:
    body = spec.operation("getSmsById").examples("200")[name]
    if str(body.get("error", 0)) != "0":
        with pytest.raises(wwt_sms.SmsNotFoundError):
            _get(body)
        return
    sms = _get(body)
    assert type(sms.id) is int
    assert type(sms.msisdn) is str
    assert type(sms.price) is Decimal
    assert sms.time_in.tzinfo is not None


@FAST
@given(strategies.sms_records())
def test_both_wire_styles_give_equal_models(record: dict[str, Any]) -> None:
    canonical = _get(None, content=strategies.dumps(strategies.render_sms(record, "canonical")))
    vendor = _get(None, content=strategies.dumps(strategies.render_sms(record, "vendor")))
    assert canonical == vendor
    assert canonical.id == record["id"]
    assert canonical.msisdn == record["msisdn"]
    assert canonical.price == record["price"]
    assert canonical.time_in == record["time_in"].replace(tzinfo=UTC)
    assert canonical.status == record["status"]


@FAST
@given(strategies.task_records())
def test_both_task_wire_styles_give_equal_models(record: dict[str, Any]) -> None:
    canonical = _task(None, content=strategies.dumps(strategies.render_task(record, "canonical")))
    vendor = _task(None, content=strategies.dumps(strategies.render_task(record, "vendor")))
    assert canonical == vendor
    assert canonical.total_price == record["totalprice"]
    assert canonical.undeliverable == record["undeliverable"]


@FAST
@given(strategies.spec_bodies("Sms"))
def test_anything_the_spec_allows_for_sms_parses(body: dict[str, Any]) -> None:
    if str(body.get("error", 0)) != "0":
        return
    # WireId's string form (`^[1-9][0-9]{0,18}$`) admits 19-digit values above the int64
    # maximum that its integer form and the SDK keep to; those are not read.
    assume(int(body["id"]) <= 2**63 - 1)
    sms = _get(None, content=strategies.dumps(body))
    assert sms.time_in.tzinfo is not None
    assert sms.msisdn.isdigit()


@FAST
@given(strategies.spec_bodies("Task"))
def test_anything_the_spec_allows_for_task_parses(body: dict[str, Any]) -> None:
    task = _task(None, content=strategies.dumps(body))
    assert all(type(getattr(task, n)) is int for n in ("total", "sent", "unknown"))


@FAST
@given(strategies.corrupt(json.dumps(SMS_BODY).encode()))
def test_corrupt_bodies_give_unexpected_response(payload: bytes) -> None:
    with pytest.raises(wwt_sms.UnexpectedResponseError):
        _get(None, content=payload)


def test_prices_are_exact_never_through_float() -> None:
    content = json.dumps(SMS_BODY).replace("0.23", "0.1000000000000000055511151231257827").encode()
    assert _get(None, content=content).price == Decimal("0.1000000000000000055511151231257827")
    assert _get({**SMS_BODY, "price": "1.1000000"}).price == Decimal("1.1000000")
    assert _get({**SMS_BODY, "price": 2}).price == Decimal(2)


def test_msisdn_keeps_digits() -> None:
    assert _get({**SMS_BODY, "msisdn": 380972000001}).msisdn == "380972000001"
    assert _get({**SMS_BODY, "msisdn": "00380972000001"}).msisdn == "00380972000001"


def test_large_ids_as_strings() -> None:
    assert _get({**SMS_BODY, "id": "9223372036854775807"}).id == 2**63 - 1


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("2017-01-17 09:11:41", datetime(2017, 1, 17, 9, 11, 41, tzinfo=UTC)),
        ("2017-01-17T09:11:41+02:00",
         datetime(2017, 1, 17, 9, 11, 41, tzinfo=timezone(timedelta(hours=2)))),
        ("2017-01-17T09:11:41Z", datetime(2017, 1, 17, 9, 11, 41, tzinfo=UTC)),
        ("2017-01-17 09:11:41.250000", datetime(2017, 1, 17, 9, 11, 41, 250000, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_datetime_forms(wire: str, expected: datetime) -> None:
    sms = _get({**SMS_BODY, "time_in": wire})
    assert sms.time_in == expected
    assert sms.time_in.utcoffset() == expected.utcoffset()


def test_api_timezone_applies_to_zoneless_datetimes_only() -> None:
    kyiv = ZoneInfo("Europe/Kyiv")
    body = {**SMS_BODY, "time_sent": "2017-01-17T09:11:41+00:00"}
    for zone in (kyiv, "Europe/Kyiv"):
        sms = _get(body, api_timezone=zone)
        assert sms.time_in == datetime(2017, 1, 17, 9, 11, 41, tzinfo=kyiv)
        assert sms.time_sent == datetime(2017, 1, 17, 9, 11, 41, tzinfo=UTC)


def test_nulls_and_missing_optional_fields() -> None:
    sms = _get({**SMS_BODY, "reference": None, "time_sent": None, "time_dr": None})
    assert (sms.reference, sms.time_sent, sms.time_dr) == (None, None, None)
    trimmed = {k: v for k, v in SMS_BODY.items() if k not in ("reference", "time_dr", "error")}
    sms = _get(trimmed)
    assert (sms.reference, sms.time_dr) == (None, None)


def test_task_counters_left_out_are_zero() -> None:
    task = _task(TASK_BODY)
    assert (task.total, task.queued, task.accepted, task.enroute) == (0, 0, 0, 0)
    assert (task.sent, task.delivered, task.undeliverable) == (2, 1, 1)
    assert task.validity == 72
    assert task.total_price == Decimal("0.4")
    assert _task({k: v for k, v in TASK_BODY.items() if k != "validity"}).validity is None


def test_unknown_extra_fields_are_ignored() -> None:
    assert _get({**SMS_BODY, "new_field": {"x": [1]}, "parts": 2}) == _get(SMS_BODY)


def test_unknown_status_survives() -> None:
    sms = _get({**SMS_BODY, "status": "bounced"})
    assert sms.status == "bounced"
    assert not sms.status.is_final


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", 0), ("id", -3), ("id", "abc"), ("id", 2**63), ("id", True), ("id", 1.5),
        ("msisdn", "+380"), ("msisdn", None), ("msisdn", -1),
        ("price", "abc"), ("price", None), ("price", True), ("price", "1e5"),
        ("time_in", "yesterday"), ("time_in", None), ("time_in", "2017-13-01 00:00:00"),
        ("time_in", "2017-02-30 00:00:00"), ("time_sent", 5),
        ("status", ""), ("status", 7), ("reference", 5), ("currency", None),
    ],
)  # fmt: skip
def test_wrong_shapes_give_unexpected_response(field: str, value: object) -> None:
    with pytest.raises(wwt_sms.UnexpectedResponseError, match=field):
        _get({**SMS_BODY, field: value})


@pytest.mark.parametrize("field", ["id", "msisdn", "time_in", "status", "price", "currency"])
def test_missing_required_field(field: str) -> None:
    # The generated model holds every field but `error` as optional: the SDK requires them.
    with pytest.raises(wwt_sms.UnexpectedResponseError, match=f"field '{field}' is missing"):
        _get({k: v for k, v in SMS_BODY.items() if k != field})


@pytest.mark.parametrize("field", ["originator", "body", "totalprice", "currency"])
def test_task_missing_required_field(field: str) -> None:
    with pytest.raises(wwt_sms.UnexpectedResponseError, match=f"field '{field}' is missing"):
        _task({k: v for k, v in TASK_BODY.items() if k != field})


@pytest.mark.parametrize(("field", "value"), [("sent", "-1"), ("totalprice", None),
                                              ("originator", 5), ("validity", "x")])  # fmt: skip
def test_task_wrong_shapes(field: str, value: object) -> None:
    with pytest.raises(wwt_sms.UnexpectedResponseError, match=field):
        _task({**TASK_BODY, field: value})


@given(st.integers(1, 2**63 - 1), st.sampled_from(["int", "str"]))
def test_ids_in_either_form(id: int, form: str) -> None:
    wire: object = id if form == "int" else str(id)
    assert _get({**SMS_BODY, "id": wire}).id == id
