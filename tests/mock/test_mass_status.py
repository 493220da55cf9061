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
from tests.keys import KEY
from wwt_sms_mock import MockCore, Reply
from wwt_sms_mock._core.mass_status import (
    BODY_LIMIT,
    BadBody,
    IdsRule,
    read_ids,
    record_view,
    unique,
)
from wwt_sms_mock._core.store import Message

from .core_calls import body, get, header, raw_headers

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


# --- served by the core ----------------------------------------------------------------------


def post(core: MockCore, payload: Any, key: str | None = KEY, **extra: str) -> Reply:
    content = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = [*raw_headers(key, **extra), (b"content-type", b"application/json")]
    return core.handle("POST", core.base_path + "/sms/getStatus", headers, content)


def test_known_ids_answered_once_unknown_left_out(core: MockCore) -> None:
    reply = post(core, {"ids": [212, 999, 211, 212]})
    assert reply.status == 200
    items = body(reply)["result"]
    assert [item["id"] for item in items] == [212, 211]
    assert items[1]["external_id"] == "ext19"
    assert "time_in" not in items[1]


def test_items_follow_virtual_time(core: MockCore) -> None:
    assert body(post(core, {"ids": [213]}))["result"][0]["status"] == "new"
    core.advance(11)
    item = body(post(core, {"ids": [213]}))["result"][0]
    assert (item["status"], item["time_dr"] is not None) == ("delivered", True)


def test_an_empty_result_when_nothing_is_known(core: MockCore) -> None:
    reply = post(core, {"ids": [5, 6]})
    assert (reply.status, body(reply)) == (200, {"result": []})


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        ({"ids": []}, "got 0"),
        ({"ids": list(range(1, 102))}, "got 101"),
        ({"ids": [1, "2"]}, 'ids[1] must be an integer from 1 to 9223372036854775807, got "2"'),
        (b"{", "the body must be a JSON object"),
    ],
)
def test_a_bad_body_is_a_400_with_code_24_saying_what_is_wrong(
    core: MockCore, payload: Any, detail: str
) -> None:
    reply = post(core, payload)
    assert reply.status == 400
    error = body(reply)
    assert error["error"] == 24
    assert error["errorDescription"].startswith(PREFIX)
    assert detail in error["errorDescription"]


def test_a_body_over_the_limit_is_refused_before_anything_else(core: MockCore) -> None:
    reply = post(core, b'{"ids": [1]}' + b" " * BODY_LIMIT, key=None)
    assert (reply.status, body(reply)) == (413, {"code": 413, "message": "Payload too large"})


def test_auth_comes_before_the_body(core: MockCore) -> None:
    assert post(core, b"{", key=None).status == 401


def test_other_methods_are_405_with_allow(core: MockCore) -> None:
    reply = get(core, "/sms/getStatus")
    assert (reply.status, header(reply, "allow")) == (405, "OPTIONS, POST")


def test_vendor_style_strings_and_errors_in_200(core: MockCore) -> None:
    core.style = "vendor"
    item = body(post(core, {"ids": [211]}))["result"][0]
    assert (item["id"], item["msisdn"], item["time_sent"]) == (
        "211",
        "380972000001",
        "2017-01-17 09:11:41",
    )
    refused = post(core, {"ids": []})
    assert (refused.status, body(refused)["error"]) == (200, "24")


def test_journaled_rules_faults_and_prefer_apply(core: MockCore) -> None:
    post(core, {"ids": [211]})
    entry = core.assert_called_once(operation="getSmsStatuses")
    assert (entry.method, entry.status) == ("POST", 200)
    core.force(status=503, operation="getSmsStatuses", times=1)
    unavailable = post(core, {"ids": [211]})
    assert (unavailable.status, header(unavailable, "retry-after")) == (503, "2")
    assert post(core, {"ids": [211]}).status == 200
    core.fault("reset", operation="getSmsStatuses")
    assert post(core, {"ids": [211]}).fault == "reset"
    core.force(error=24, operation="getSmsStatuses", times=1)
    assert body(post(core, {"ids": [211]}))["error"] == 24
    preferred = post(core, {"ids": [211]}, prefer="code=429")
    assert (preferred.status, header(preferred, "preference-applied")) == (429, "code=429")
    assert get(core, "/sms/211").status == 200  # a rule for the operation leaves others alone


def test_every_answer_keeps_the_contract(core: MockCore) -> None:
    payloads: list[Any] = [{"ids": [211, 212, 9007199254740993]}, {"ids": []}, b"[]", {"ids": [7]}]
    for payload in payloads:
        post(core, payload)
    core.style = "vendor"
    post(core, {"ids": [211, 212]})
    assert core.breaches == []


def test_the_proxys_style_check_asks_the_mass_status_operation_with_a_body() -> None:
    from wwt_sms_mock._contract.compile import load_spec
    from wwt_sms_mock._core.styles import CANONICAL
    from wwt_sms_mock._proxy.style_check import _demo_answers

    spec = load_spec()
    (operation,) = [op for op in spec.operations if op.operation_id == "getSmsStatuses"]
    (refused_status, refused), (status, found) = _demo_answers(spec, CANONICAL, operation)
    assert (refused_status, json.loads(refused)["error"]) == (400, 24)
    assert status == 200
    assert json.loads(found)["result"]
