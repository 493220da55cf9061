"""The contract's properties of the mock: every response it gives is one the spec documents, and
a record put in it reads back exactly through the SDK in every wire style.

Examples per test: the `contract` profile (see `profiles.py`) in the default run, `long` in
`nox -s contract_long`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import wwt_sms
from tests import spec, strategies
from tests.contract import profiles
from tests.contract.harness import OPERATIONS, MockTransportOverCore, mock_get
from tests.keys import KEY
from wwt_sms_mock import MockCore, Reply
from wwt_sms_mock._core.store import EPOCH

SETTINGS = profiles.active()


# --- 5. every mock response is one the spec documents ------------------------------------------


def requests_to_the_mock(core: MockCore) -> st.SearchStrategy[tuple[str, str, dict[str, str]]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
        operation_id = draw(st.sampled_from(OPERATIONS))
        known = {
            "getSmsById": [str(i) for i in core.store.messages],
            "getSmsByReference": list(core.store.references),
            "getTaskById": [str(i) for i in core.store.tasks],
        }[operation_id]
        segment = draw(
            st.sampled_from(sorted(known))
            | strategies.path_segments(operation_id, valid=True)
            | strategies.path_segments(operation_id, valid=False)
        )
        headers: dict[str, str] = {}
        key = draw(st.sampled_from([KEY, "live_Abc123", None, "", "nope", "test_"]))
        if key is not None:
            headers["x-api-key"] = key
        if draw(st.booleans()):
            headers["prefer"] = draw(strategies.mock_preferences(operation_id))
        return operation_id, segment, headers

    return build()


def documented_reply(operation_id: str, reply: Reply) -> Iterator[str]:
    """Every way `reply` differs from what the spec documents for the operation (none: fine)."""
    operation = spec.operation(operation_id)
    status = str(reply.status)
    if status not in operation.statuses():
        yield f"HTTP {status} is not documented for {operation_id}"
        return
    headers = {name.decode().lower(): value.decode() for name, value in reply.headers}
    if not headers.get("content-type", "").startswith("application/json"):
        yield f"content-type {headers.get('content-type')!r}"
    body = json.loads(reply.body)
    for error in operation.body_validator(status).iter_errors(body):
        yield f"body: {error.message} at {list(error.absolute_path)}"
    declared: Mapping[str, Any] = operation.response(status).get("headers", {})
    for name, header in declared.items():
        value = headers.get(name.lower())
        if value is not None:
            schema = spec.deref(header)["schema"]
            if not Draft202012Validator(schema).is_valid(value):
                yield f"header {name}: {value!r}"


@SETTINGS
@given(st.data())
def test_every_mock_response_is_documented_by_the_spec(core: MockCore, data: st.DataObject) -> None:
    operation_id, segment, headers = data.draw(requests_to_the_mock(core), label="request")
    style = data.draw(st.sampled_from(strategies.MOCK_STYLES), label="mock style")
    core.style = style
    try:
        reply = mock_get(core, operation_id, segment, headers)  # the self-check raises on a breach
    finally:
        core.style = "canonical"
    assert list(documented_reply(operation_id, reply)) == []
    assert core.breaches == []


@SETTINGS
@given(strategies.sms_records(prices=strategies.long_prices()))
def test_a_record_in_the_mock_reads_back_exactly_in_every_wire_style(
    record: dict[str, Any],
) -> None:
    mock = MockCore(self_check=True, demo=False)
    seconds = {
        name: None if record[name] is None else (record[name].replace(tzinfo=UTC) - EPOCH)
        for name in ("time_in", "time_sent", "time_dr")
    }
    mock.add_message(
        id=record["id"],
        msisdn=record["msisdn"],
        reference=record["reference"],
        status=record["status"],
        price=record["price"],
        currency=record["currency"],
        **{name: None if s is None else s.total_seconds() for name, s in seconds.items()},
    )
    latest = max(s.total_seconds() for s in seconds.values() if s is not None)
    mock.advance(max(latest, 0.0) + 1)  # every event has happened: nothing reads null
    read = []
    for style in strategies.MOCK_STYLES:
        transport = httpx.MockTransport(MockTransportOverCore(mock, f"style={style}"))
        client = wwt_sms.Client(
            KEY,
            base_url="http://mock.test" + mock.base_path,
            max_retries=0,
            http_client=httpx.Client(transport=transport),
        )
        read.append(client.sms.get(record["id"]))
    assert all(sms == read[0] for sms in read), read
    sms = read[0]
    assert sms.price == record["price"], "exact, in every style"
    assert (sms.id, sms.msisdn, sms.reference) == (
        record["id"],
        record["msisdn"],
        record["reference"],
    )
    assert sms.status == record["status"]
    assert sms.time_in == record["time_in"].replace(tzinfo=UTC)
    assert sms.time_dr == (record["time_dr"] and record["time_dr"].replace(tzinfo=UTC))
