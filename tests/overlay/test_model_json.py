"""`to_dict()` and `to_json()` on every model: JSON that loses no digit, read back to the same
model (by the SDK's own readers where the output is a wire body)."""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wwt_sms
from wwt_sms._response import parse_sms

JS_SAFE_MAX = 2**53 - 1

_zones = st.builds(
    lambda minutes: UTC if minutes == 0 else timezone(timedelta(minutes=minutes)),
    st.integers(-14 * 60, 14 * 60),
)
_moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 31)),
    _zones,
)
# Up to 60 digits, tiny and large: `to_dict` must write each as plain digits (no exponent).
_prices = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(-(10**30), 10**30),
    st.integers(-30, 10),
)
_ids = st.integers(1, 2**63 - 1) | st.sampled_from([JS_SAFE_MAX, JS_SAFE_MAX + 1, 2**63 - 1])
_statuses = st.sampled_from(list(wwt_sms.SmsStatus)) | st.text(
    st.characters(codec="ascii", categories=["Ll"]), min_size=1, max_size=12
).map(wwt_sms.SmsStatus)
_texts = st.text(max_size=20)
_msisdns = st.from_regex(r"\A[0-9]{1,20}\Z")

STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    int: _ids,
    str: _texts,
    Decimal: _prices,
    datetime: _moments,
    wwt_sms.SmsStatus: _statuses,
}


def models(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Any instance of a model, each field drawn from what its type allows."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        args = typing.get_args(hint)
        base = next(a for a in args if a is not type(None)) if args else hint
        strategy = _msisdns if field.name == "msisdn" else STRATEGIES[base]
        fields[field.name] = strategy | st.none() if type(None) in args else strategy
    return st.builds(cls, **fields)


def read_back(cls: type[Any], data: dict[str, Any]) -> Any:
    """A model from its `to_dict()` as another program reads it: by each field's type."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, value in data.items():
        args = typing.get_args(hints[name])
        base = next(a for a in args if a is not type(None)) if args else hints[name]
        if value is None:
            values[name] = None
        elif base is datetime:
            values[name] = datetime.fromisoformat(value)
        elif base is int:
            values[name] = int(value)
        else:
            values[name] = base(value)
    return cls(**values)


MODELS = [wwt_sms.Sms, wwt_sms.Task, wwt_sms.SmsStatusRecord, wwt_sms.DeliveryReport]


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@settings(max_examples=40)
@given(data=st.data())
def test_to_json_reads_back_to_the_same_model(cls: type[Any], data: st.DataObject) -> None:
    model = data.draw(models(cls))
    text = model.to_json()
    assert json.loads(text) == model.to_dict()
    assert read_back(cls, json.loads(text)) == model


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@settings(max_examples=40)
@given(data=st.data())
def test_to_dict_is_json_ready_and_loses_no_digit(cls: type[Any], data: st.DataObject) -> None:
    model = data.draw(models(cls))
    record = model.to_dict()
    assert list(record) == [field.name for field in dataclasses.fields(cls)]
    for name, value in record.items():
        original = getattr(model, name)
        assert type(value) in (str, int, type(None)), (name, value)
        if isinstance(original, int) and not isinstance(original, bool):
            # Numbers a JavaScript reader holds exactly; beyond, strings of the same digits.
            assert value == (original if original <= JS_SAFE_MAX else str(original))
        if isinstance(original, Decimal):
            assert Decimal(value) == original
            assert "E" not in value.upper()  # plain digits, as the wire's WireDecimal
        if original is None:
            assert value is None


@settings(max_examples=40)
@given(models(wwt_sms.DeliveryReport))
def test_a_report_forwarded_as_json_parses_to_the_same_report(
    report: wwt_sms.DeliveryReport,
) -> None:
    assert wwt_sms.parse_delivery_report(report.to_json()) == report


@settings(max_examples=40)
@given(models(wwt_sms.Sms))
def test_an_sms_as_json_is_a_status_answer_the_sdk_reads_back(sms: wwt_sms.Sms) -> None:
    assert parse_sms(httpx.Response(200, content=sms.to_json().encode()), UTC) == sms


def test_the_ids_either_side_of_2_53_and_the_exact_price() -> None:
    report = wwt_sms.parse_delivery_report(
        b'{"id": "9007199254740992", "msisdn": "380972000001", "reference": null,'
        b'"time_in": "2017-01-17 09:11:41", "time_sent": null, "time_dr": null,'
        b'"status": "sent", "price": "0.2300000", "currency": "EUR"}'
    )
    assert report.to_dict() == {
        "id": "9007199254740992",
        "msisdn": "380972000001",
        "reference": None,
        "time_in": "2017-01-17T09:11:41+00:00",
        "time_sent": None,
        "time_dr": None,
        "status": "sent",
        "price": "0.2300000",
        "currency": "EUR",
    }
    smaller = dataclasses.replace(report, id=9007199254740991)
    assert json.loads(smaller.to_json())["id"] == 9007199254740991
    assert (
        wwt_sms.Task(
            originator="alpha",
            body="text",
            validity=None,
            total_price=Decimal("0.4"),
            currency="EUR",
        )
        .to_json(indent=1)
        .startswith('{\n "originator": "alpha"')
    )
