"""The hot path's shortcuts give exactly what the plain code they replace gives.

Each shortcut exists for speed (benchmarks/bench_sdk.py); these tests pin that it changes
nothing observable: the UTC datetime shortcut, the cached JSON decoder, the slot-setter
constructor of `Sms`, and the key written into requests as they are built.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import wwt_sms
from tests.keys import KEY
from wwt_sms import _normalise, _response
from wwt_sms._retries import RequestHeaders

from .fakes import FakeApi, reply


def _plain_moment(value: str, zone: object) -> datetime | str:
    """The general path: parse, then attach the zone to a zoneless result."""
    if len(value) < 19 or value[10] not in " T" or value[4] != "-":
        return "error"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return "error"
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)  # type: ignore[arg-type]


def _moment(value: str, zone: object) -> datetime | str:
    try:
        return _normalise.moment(value, "f", zone)  # type: ignore[arg-type]
    except _normalise.WireError:
        return "error"


EDGE_DATETIMES = [
    "2017-01-17 09:11:41",
    "2017-01-17T09:11:41",
    "2017-01-17T09:11+01",  # 19 characters, but with an offset: not the shortcut's shape
    "2017-01-17 09:11+0100",
    "2017-01-17 09:11:4x",
    "2017-13-17 09:11:41",
    "2017-02-30 09:11:41",
    "2017-01-17 25:11:41",
    "2017-01-17T09:11:41Z",
    "2017-01-17 09:11:41.5",
    "2017-01-17 09:11:41+02:00",
    "2017-01-17 09:11:41 ",
]


@pytest.mark.parametrize("value", EDGE_DATETIMES)
@pytest.mark.parametrize("zone", [UTC, timezone(timedelta(hours=2)), ZoneInfo("Europe/Kyiv")])
def test_utc_datetime_shortcut_matches_the_general_path(value: str, zone: object) -> None:
    got, expected = _moment(value, zone), _plain_moment(value, zone)
    assert got == expected
    if isinstance(got, datetime) and isinstance(expected, datetime):
        assert got.tzinfo == expected.tzinfo
        assert got.utcoffset() == expected.utcoffset()


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)), st.booleans())
def test_utc_datetime_shortcut_on_any_vendor_datetime(moment: datetime, iso: bool) -> None:
    text = moment.replace(microsecond=0).isoformat(sep="T" if iso else " ")
    got = _normalise.moment(text, "f", UTC)
    assert got == moment.replace(microsecond=0, tzinfo=UTC)
    assert got.tzinfo is UTC


@pytest.mark.parametrize(
    "body",
    [
        b'{"price": 0.23, "id": 1}',
        '\ufeff{"a": 1.5}'.encode(),
        '{"a": "\u00e9", "b": 2.50}'.encode("utf-16"),
        '{"a": 1}'.encode("utf-16-le"),
        '{"a": 1}'.encode("utf-32"),
        b"[1, 2.0]",
        b"  {}  ",
    ],
)
def test_cached_decoder_reads_like_json_loads(body: bytes) -> None:
    assert _response._decode(body) == json.loads(body, parse_float=Decimal)


@pytest.mark.parametrize("body", [b"NaN", b"[Infinity]", b"{x", b"\xff\xfe\xff", b"{} {}", b""])
def test_cached_decoder_refuses_what_json_loads_refuses(body: bytes) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - json.loads raises ValueError subclasses
        _response._decode(body)


def test_fast_sms_constructor_is_the_dataclass() -> None:
    values: dict[str, Any] = {
        "id": 211,
        "msisdn": "380972000001",
        "reference": None,
        "time_in": datetime(2017, 1, 17, tzinfo=UTC),
        "time_sent": None,
        "time_dr": datetime(2017, 1, 18, tzinfo=UTC),
        "status": wwt_sms.SmsStatus.DELIVERED,
        "price": Decimal("0.23"),
        "currency": "EUR",
    }
    assert [field.name for field in dataclasses.fields(wwt_sms.Sms)] == list(values)
    fast = _normalise._new_sms(*values.values())
    plain = wwt_sms.Sms(**values)
    assert type(fast) is wwt_sms.Sms
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.id = 1  # type: ignore[misc]


def test_request_headers_hide_the_key_and_follow_the_clients_defaults() -> None:
    headers = RequestHeaders(KEY, {"User-Agent": "sdk"})
    assert KEY not in repr(headers)
    defaults = httpx.Headers({"User-Agent": "theirs", "X-Trace": "1"})
    merged = headers.merged(defaults)
    assert merged["User-Agent"] == "sdk"
    assert merged["X-Trace"] == "1"
    assert merged["X-API-KEY"] == KEY
    assert headers.merged(defaults) is merged  # cached while the defaults do not change
    defaults["X-Trace"] = "2"
    assert headers.merged(defaults)["X-Trace"] == "2"
    assert "X-API-KEY" not in defaults


def test_key_is_per_request_and_an_injected_clients_auth_does_not_apply(api: FakeApi) -> None:
    api.queue(reply(200), reply(200))
    http = httpx.Client(transport=api.transport(), auth=("user", "pass"))
    with wwt_sms.Client(KEY, http_client=http) as client:
        client.sms.get(1)
        client.sms.get(2)
    first, second = api.requests
    assert first.headers["X-API-KEY"] == second.headers["X-API-KEY"] == KEY
    assert "Authorization" not in first.headers  # as with the SDK's Auth before: it wins
    assert first.headers is not second.headers  # each request has its own copy
    assert "X-API-KEY" not in http.headers
