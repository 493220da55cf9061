"""The per-request shortcuts of the bulk calls give exactly what the plain code gives: a URL
joined to the parsed base URL, a bodiless request from a header template, IDs checked as a
whole, a mass-status item read with its fields checked inline (within the general readers'
bounds) into a record made through a class of the same layout."""

from __future__ import annotations

import dataclasses
import enum
import pickle
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import wwt_sms
from tests.keys import KEY
from wwt_sms._batches import distinct_ids, unique_ids
from wwt_sms._exceptions import ClientValidationError
from wwt_sms._httpx_internals import url_with_path
from wwt_sms._models import SmsStatusRecord
from wwt_sms._normalise import WireError, decimal, digits, integer, optional_text, text
from wwt_sms._requests import sms_by_id, sms_by_reference, task_by_id
from wwt_sms._status_records import status_record

ID_MAX = 2**63 - 1
EXACT_BASES = [  # base URLs that print as they were given: paths are joined to them parsed
    "https://api.example.test/rest",
    "http://127.0.0.1:8123",
    "http://127.0.0.1:8123/a%20b/rest",
]
BASES = [
    *EXACT_BASES,
    "http://h:80/rest",  # parsing drops the default port: joined as text
    "http://EXAMPLE.test/x/../rest",  # parsing rewrites it: joined as text
]
PATHS = ["/sms/211", "/sms/by-reference/ext_19", "/sms/by-reference/a.b", "/x/%41", "/a/../b"]


@pytest.mark.parametrize("base", EXACT_BASES)
@pytest.mark.parametrize("path", PATHS)
def test_url_with_path_is_the_parsed_url(base: str, path: str) -> None:
    parsed = httpx.URL(base)
    assert str(parsed) == base
    joined, plain = url_with_path(parsed, path), httpx.URL(base + path)
    assert joined == plain
    assert (joined.raw_path, joined.netloc, joined.host, joined.port) == (
        plain.raw_path,
        plain.netloc,
        plain.host,
        plain.port,
    )


@given(st.lists(st.text("abcXYZ019_~-.%/ ", min_size=1, max_size=6), min_size=1, max_size=4))
def test_url_with_path_on_any_path(segments: list[str]) -> None:
    path = "/" + "/".join(segments)
    base = "https://api.example.test/rest"
    assert str(url_with_path(httpx.URL(base), path)) == str(httpx.URL(base + path))


def _plain_request(client: wwt_sms.Client, http: httpx.Client, call: Any) -> httpx.Request:
    """What `_build` made before the shortcuts: the URL parsed, the request from content."""
    return httpx.Request(
        call.method,
        client._base_url + call.path,
        headers=client._headers.merged(http.headers),
        content=call.body,
        extensions={"timeout": client._timeout_extension},
    )


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("defaults", [None, {"Host": "elsewhere.test"}, {"X-Trace": "1"}])
def test_a_bodiless_request_is_the_one_httpx_would_build(
    base: str, defaults: dict[str, str] | None
) -> None:
    http = httpx.Client(headers=defaults)
    client = wwt_sms.Client(KEY, base_url=base, http_client=http)
    assert (client._parsed_base is None) == (base not in EXACT_BASES)
    for call in (
        sms_by_id(211),
        sms_by_reference("ext_19"),
        sms_by_reference("a.b"),
        task_by_id(7),
    ):
        built, plain = client._build(call, wwt_sms.NOT_GIVEN), _plain_request(client, http, call)
        assert (built.method, built.url, built.headers.raw) == (
            plain.method,
            plain.url,
            plain.headers.raw,
        )
        assert built.content == plain.content == b""
        assert built.extensions == plain.extensions
        assert isinstance(built.stream, httpx.ByteStream)
    http.headers["X-Later"] = "2"  # the template follows the client's headers
    built, plain = (
        client._build(sms_by_id(5), wwt_sms.NOT_GIVEN),
        _plain_request(client, http, sms_by_id(5)),
    )
    assert built.headers.raw == plain.headers.raw
    http.close()


class Code(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize(
    "ids",
    [
        [],
        [3, 1, 3, 2],
        (5, 5),
        range(10, 20),
        [1, ID_MAX],
        [True, 2],
        [Code.ONE, 2],
        iter([4, 4, 9]),
        {7: "x", 8: "y"}.keys(),
    ],
)
def test_distinct_ids_are_unique_ids(ids: Any) -> None:
    listed = list(ids) if not isinstance(ids, list | tuple | range) else ids
    try:
        expected: Any = dict.fromkeys(unique_ids(listed))
    except ClientValidationError as exc:
        expected = str(exc)
    try:
        got: Any = distinct_ids(listed)
        assert [type(id) for id in got] == [int] * len(got)
    except ClientValidationError as exc:
        got = str(exc)
    assert got == expected


@pytest.mark.parametrize("ids", [[0, 1], [1, ID_MAX + 1], [1, "2"], (1, 2.0), range(3)])
def test_distinct_ids_refuse_as_unique_ids_do(ids: Any) -> None:
    with pytest.raises(ClientValidationError) as plain:
        list(unique_ids(ids))
    with pytest.raises(ClientValidationError) as fast:
        distinct_ids(ids)
    assert str(fast.value) == str(plain.value)


ITEM: dict[str, Any] = {
    "id": "123",
    "external_id": "r1",
    "msisdn": "380972000001",
    "time_sent": "2017-01-17 09:11:41",
    "time_dr": "2017-01-17 09:11:45",
    "status": "delivered",
    "price": Decimal("0.23"),
    "currency": "EUR",
}


@given(st.one_of(st.text("0123456789٣", max_size=22), st.integers(-5, 2**64), st.booleans()))
def test_an_items_id_reads_as_the_general_reader_reads_it(value: object) -> None:
    try:
        expected: object = integer(value, "id", minimum=1, maximum=ID_MAX)
    except WireError as exc:
        expected = str(exc)
    try:
        got: object = status_record({**ITEM, "id": value}, UTC).id
    except WireError as exc:
        got = str(exc)
    assert got == expected


@given(st.one_of(st.text("0123456789٣", max_size=22), st.integers(-5, 10**21)))
def test_an_items_msisdn_reads_as_the_general_reader_reads_it(value: object) -> None:
    try:
        expected: object = digits(value, "msisdn")
    except WireError as exc:
        expected = str(exc)
    try:
        got: object = status_record({**ITEM, "msisdn": value}, UTC).msisdn
    except WireError as exc:
        got = str(exc)
    assert got == expected


def test_shared_datetimes_and_statuses_read_once_each() -> None:
    moments: dict[str, Any] = {}
    first = status_record(ITEM, UTC, moments)
    second = status_record({**ITEM, "id": "124"}, UTC, moments)
    assert first.time_sent is second.time_sent
    assert first.time_dr is second.time_dr
    assert first.status is second.status is wwt_sms.SmsStatus.DELIVERED
    unknown = status_record({**ITEM, "status": "queued_somewhere"}, UTC)
    assert unknown.status == "queued_somewhere"
    with pytest.raises(WireError, match="time_sent"):
        status_record({**ITEM, "time_sent": ["2017"]}, UTC, moments)
    with pytest.raises(WireError, match="status"):
        status_record({**ITEM, "status": ["delivered"]}, UTC, moments)


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        ({"price": "x", "msisdn": "x"}, "price"),
        ({"currency": 5, "status": 5}, "currency"),
        ({"msisdn": "x", "time_sent": "x"}, "msisdn"),
        ({"time_dr": "x", "status": 5}, "time_dr"),
        ({"id": "x", "external_id": 5}, "id"),
    ],
)
def test_an_item_with_several_wrong_fields_names_the_first_in_reading_order(
    wrong: dict[str, Any], named: str
) -> None:
    with pytest.raises(WireError, match=f"field {named!r}"):
        status_record({**ITEM, **wrong}, UTC)


def test_a_record_read_is_the_one_the_dataclass_makes() -> None:
    record = status_record(ITEM, UTC)
    made = SmsStatusRecord(
        id=123,
        reference="r1",
        msisdn="380972000001",
        time_sent=datetime(2017, 1, 17, 9, 11, 41, tzinfo=UTC),
        time_dr=datetime(2017, 1, 17, 9, 11, 45, tzinfo=UTC),
        status=wwt_sms.SmsStatus.DELIVERED,
        price=Decimal("0.23"),
        currency="EUR",
    )
    assert type(record) is SmsStatusRecord
    assert record == made
    assert hash(record) == hash(made)
    assert repr(record) == repr(made)
    assert pickle.loads(pickle.dumps(record)) == made
    assert record.to_dict() == made.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.id = 5  # type: ignore[misc]
    assert not hasattr(record, "__dict__")


@given(
    st.one_of(st.text(max_size=300), st.none(), st.integers()),
    st.one_of(st.text(max_size=300), st.integers()),
    st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True), st.integers(), st.text("0123456789.e-")
    ),
)
def test_an_items_texts_and_price_read_as_the_general_readers_read_them(
    reference: object, currency: object, price: object
) -> None:
    # Checked in reading order, as `status_record` checks them: the first wrong one is named.
    try:
        expected: object = (
            optional_text(reference, "external_id"),
            decimal(price, "price"),
            text(currency, "currency"),
        )
    except WireError as exc:
        expected = str(exc)
    try:
        record = status_record(
            {**ITEM, "external_id": reference, "currency": currency, "price": price}, UTC
        )
        got: object = (record.reference, record.price, record.currency)
    except WireError as exc:
        got = str(exc)
    assert repr(got) == repr(expected)
