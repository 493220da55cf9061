"""The contract's properties for path parameters: ids, references and task ids, valid or not,
as the SDK sends them and as the mock answers them, for every value hypothesis can find.

Examples per test: the `contract` profile (see `profiles.py`) in the default run, `long` in
`nox -s contract_long`.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import wwt_sms
from tests import spec, strategies
from tests.contract import profiles
from tests.contract.harness import (
    CALLS,
    OPERATIONS,
    MockTransportOverCore,
    Wire,
    example_code,
    mock_get,
    model,
)
from tests.keys import KEY
from wwt_sms_mock import MockCore

SETTINGS = profiles.active()


# --- 4. ids, references and task ids: the SDK and the mock agree with the spec -----------------


@SETTINGS
@given(st.data())
def test_valid_path_values_reach_the_wire_unchanged(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    value = data.draw(strategies.path_values(operation_id), label="value")
    wire = Wire(404, strategies.dumps({"error": 20, "errorDescription": "SMS not found"}))
    with pytest.raises(wwt_sms.NotFoundError):
        CALLS[operation_id](wire.client(), value)
    (request,) = wire.requests
    assert request.url.path.rsplit("/", 1)[-1] == str(value)


@SETTINGS
@given(st.data())
def test_invalid_path_values_are_refused_before_anything_is_sent(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    value = data.draw(strategies.invalid_path_values(operation_id), label="value")
    wire = Wire()
    with pytest.raises(wwt_sms.ClientValidationError):
        CALLS[operation_id](wire.client(), value)

    async def call_async() -> None:
        async with wire.async_client() as client:
            await CALLS[operation_id](client, value)

    with pytest.raises(wwt_sms.ClientValidationError):
        asyncio.run(call_async())
    assert wire.requests == []


@SETTINGS
@given(st.data())
def test_the_mock_accepts_every_valid_path_value(core: MockCore, data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    segment = data.draw(strategies.path_segments(operation_id, valid=True), label="segment")
    reply = mock_get(core, operation_id, segment, {"x-api-key": KEY})
    assert reply.status in (200, 404), reply
    body = json.loads(reply.body)
    assert spec.operation(operation_id).body_validator(str(reply.status)).is_valid(body)
    if reply.status == 404:
        assert int(body["error"]) == example_code(operation_id, "404")


@SETTINGS
@given(st.data())
def test_the_mock_refuses_every_invalid_path_value_with_the_specs_400(
    core: MockCore, data: st.DataObject
) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    segment = data.draw(strategies.path_segments(operation_id, valid=False), label="segment")
    style = data.draw(st.sampled_from(strategies.WIRE_STYLES), label="style")
    reply = mock_get(core, operation_id, segment, {"x-api-key": KEY, "prefer": f"style={style}"})
    body = json.loads(reply.body)
    assert int(body["error"]) == example_code(operation_id, "400"), (segment, body)
    if style == "canonical":
        assert reply.status == 400
        assert [body] == list(spec.operation(operation_id).examples("400").values())
    else:  # the real API's habit: the error in a 200 body, the code as a string
        assert reply.status in (200, 400)
    assert spec.operation(operation_id).body_validator(str(reply.status)).is_valid(body)


@SETTINGS
@given(st.data())
def test_the_sdk_and_the_mock_agree_on_every_valid_path_value(
    core: MockCore, data: st.DataObject
) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    records: dict[str, list[Any]] = {
        "getSmsById": sorted(core.store.messages),
        "getSmsByReference": sorted(core.store.references),
        "getTaskById": sorted(core.store.tasks),
    }
    known = records[operation_id]
    value = data.draw(st.sampled_from(known) | strategies.path_values(operation_id), label="value")
    style = data.draw(st.sampled_from(strategies.MOCK_STYLES), label="style")
    transport = httpx.MockTransport(MockTransportOverCore(core, f"style={style}"))
    client = wwt_sms.Client(
        KEY,
        base_url="http://mock.test" + core.base_path,
        max_retries=0,
        http_client=httpx.Client(transport=transport),
    )
    try:
        found = CALLS[operation_id](client, value)
    except wwt_sms.NotFoundError:
        assert value not in known
    else:
        assert value in known
        assert type(found) is model(operation_id)
