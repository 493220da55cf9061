"""The mass-status operation's body and items, without a server: every bad body refused with
the message the spec shows, every good one read as the schema reads it."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import spec
from wwt_sms_mock._mass_status import BadBody, IdsRule, read_ids, record_view, unique
from wwt_sms_mock._store import Message

SCHEMA = spec.load()["components"]["schemas"]["SmsStatusesRequest"]
RULE = IdsRule.from_schema(SCHEMA)
REQUEST = spec.schema_validator("SmsStatusesRequest")
PREFIX = "Invalid query payload: "


def test_rule_is_read_from_the_spec() -> None:
    read = IdsRule.from_schema(SCHEMA)
    assert read == IdsRule(min_items=1, max_items=100, minimum=1, maximum=2**63 - 1)


@pytest.mark.parametrize(
    ("example", "body"),
    [
        ("emptyList", {"ids": []}),
        ("tooManyIds", {"ids": list(range(1, 102))}),
        ("notAnInteger", {"ids": [123, "124"]}),
        ("noIds", {"id": [123]}),
    ],
)
def test_each_bad_body_gets_the_specs_message(example: str, body: Any) -> None:
    expected = spec.operation("getSmsStatuses").examples("400")[example]["errorDescription"]
    with pytest.raises(BadBody) as refused:
        read_ids(json.dumps(body).encode(), RULE)
    assert PREFIX + str(refused.value) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the body must be a JSON object"),
        (b"not json", "the body must be a JSON object"),
        (b"\xff\xfe", "the body must be a JSON object"),
        (b"[1, 2]", "the body must be a JSON object"),
        (b'{"ids": 5}', "the body must be a JSON object"),
        (b'{"ids": null}', "the body must be a JSON object"),
        (b'{"ids": [NaN]}', "the body must be a JSON object"),
        (b"[" * 100_000, "the body must be a JSON object"),
        (b'{"ids": [1], "x": 1}', 'and nothing else, got a field "x"'),
        (b'{"ids": [0]}', "ids[0] must be an integer from 1 to"),
        (b'{"ids": [1, 9223372036854775808]}', "ids[1] must be an integer"),
        (b'{"ids": [true]}', "got true"),
        (b'{"ids": [1.5]}', "got 1.5"),
        (b'{"ids": [1e400]}', "ids[0] must be an integer"),
        (b'{"ids": [[1]]}', "got [1]"),
    ],
)
def test_bad_bodies_are_refused_with_what_is_wrong(body: bytes, message: str) -> None:
    with pytest.raises(BadBody, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_ids(body, RULE)


def test_long_values_are_shown_shortened() -> None:
    with pytest.raises(BadBody) as refused:
        read_ids(json.dumps({"ids": ["9" * 100]}).encode(), RULE)
    assert str(refused.value).endswith('got "' + "9" * 36 + "...")


@pytest.mark.parametrize(
    ("body", "ids"),
    [
        (b'{"ids": [123, 124, 125]}', [123, 124, 125]),
        (b'{"ids": [5, 5, 3]}', [5, 5, 3]),
        (b'{"ids": [5.0]}', [5]),  # JSON Schema: an integer written with a fraction of zero
        (b'{"ids": [9223372036854775807]}', [2**63 - 1]),
    ],
)
def test_good_bodies_are_read(body: bytes, ids: list[int]) -> None:
    assert read_ids(body, RULE) == ids


@given(st.lists(st.integers(1, 2**63 - 1), min_size=1, max_size=100))
def test_every_body_the_schema_accepts_is_read(ids: list[int]) -> None:
    body = {"ids": ids}
    assert REQUEST.is_valid(body)
    assert read_ids(json.dumps(body).encode(), RULE) == ids


@given(
    st.one_of(
        st.lists(st.integers(), max_size=110).map(lambda ids: {"ids": ids}),
        st.lists(st.one_of(st.none(), st.booleans(), st.text(max_size=3)), max_size=3).map(
            lambda ids: {"ids": ids}
        ),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )
)
def test_a_body_is_read_exactly_when_the_schema_accepts_it(body: Any) -> None:
    encoded = json.dumps(body).encode()
    if REQUEST.is_valid(body):
        assert read_ids(encoded, RULE) == body["ids"]
    else:
        with pytest.raises(BadBody):
            read_ids(encoded, RULE)


def test_unique_keeps_first_occurrences_in_order() -> None:
    assert unique([3, 1, 3, 2, 1]) == [3, 1, 2]


def test_record_view_names_the_reference_external_id_and_drops_time_in() -> None:
    message = Message(
        id=7,
        reference="ext_id_16",
        price=Decimal("0.23"),
        time_in=-10.0,
        time_sent=-5.0,
        time_dr=5.0,
    )
    view = record_view(message, now=0.0)
    assert set(view) == set(spec.load()["components"]["schemas"]["SmsStatusRecord"]["properties"])
    assert view["external_id"] == "ext_id_16"
    assert (view["time_sent"], view["time_dr"]) == (-5.0, None)
    assert record_view(message, now=6.0)["time_dr"] == 5.0
