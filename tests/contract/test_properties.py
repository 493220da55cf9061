"""The contract's properties, for every input hypothesis can find.

The SDK is driven through its public surface over `httpx.MockTransport` (no retries); the mock
through its core, the handler both its faces share. What each side must do comes from
`tests/spec.py` (operations, statuses, examples, validators, the error-code table) and the
bodies from `tests/strategies/`, so nothing here restates the spec.

Examples per test: the `contract` profile (see `profiles.py`) in the default run, `long` in
`nox -s contract_long`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from http import HTTPStatus
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

import wwt_sms
from tests import spec, strategies
from tests.contract import profiles
from tests.contract.harness import (
    CALLS,
    KNOWN_CODES,
    OPERATIONS,
    SDK_ERRORS,
    answer,
    class_for,
    decoded,
    gateway_class,
    model,
    outcome,
    resource,
    schemas_at,
)
from tests.keys import KEY

SETTINGS = profiles.active()


def test_every_operation_has_an_sdk_call() -> None:
    assert sorted(CALLS) == sorted(OPERATIONS)
    others = {operation.operation_id for operation in spec.operations()} - set(OPERATIONS)
    assert others == {"getSmsStatuses"}  # client.sms.get_statuses


# --- 1. spec-valid bodies parse; both wire styles agree ----------------------------------------


@SETTINGS
@given(st.data())
def test_the_sdk_parses_every_spec_valid_body(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    body = data.draw(strategies.spec_bodies(resource(operation_id)), label="body")
    parsed = answer(operation_id, 200, strategies.dumps(body))
    assert type(parsed) is model(operation_id)
    wire = decoded(body)
    if isinstance(parsed, wwt_sms.Sms):
        assert parsed.id == int(wire["id"])
        assert parsed.msisdn == str(wire["msisdn"])
        assert parsed.price == Decimal(str(wire["price"]))
        assert parsed.status == wire["status"]
        assert parsed.time_in.tzinfo is not None
    else:
        assert isinstance(parsed, wwt_sms.Task)
        assert parsed.total_price == Decimal(str(wire["totalprice"]))
        assert (parsed.originator, parsed.body) == (wire["originator"], wire["body"])
        assert parsed.delivered == int(wire.get("delivered", 0))


@SETTINGS
@given(st.data())
def test_both_wire_styles_of_one_record_give_equal_models(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    if resource(operation_id) == "Sms":
        record = data.draw(strategies.sms_records(), label="record")
        render: Callable[[Any, strategies.WireStyle], Any] = strategies.render_sms
    else:
        record = data.draw(strategies.task_records(), label="record")
        render = strategies.render_task
    canonical, vendor = (
        answer(operation_id, 200, strategies.dumps(render(record, style)))
        for style in strategies.WIRE_STYLES
    )
    assert canonical == vendor
    if isinstance(canonical, wwt_sms.Sms):
        assert canonical.id == record["id"]
        assert canonical.price == record["price"]  # exact: Decimal digits, never a float
        assert canonical.time_in.replace(tzinfo=None) == record["time_in"]
    else:
        assert canonical.total_price == record["totalprice"]
        assert canonical.total == record["total"]


# --- 2. anything off the spec gives one of the SDK's errors ------------------------------------


def off_spec(operation_id: str, status: str) -> st.SearchStrategy[Any]:
    """JSON bodies the operation's documented response at `status` refuses."""
    validator = spec.operation(operation_id).body_validator(status)
    names = schemas_at(operation_id, status)
    if status == "200":
        names = [*names, "ApiError"]
    return st.one_of(
        [strategies.off_spec_bodies(name) for name in names] + [strategies.json_values()]
    ).filter(lambda body: not validator.is_valid(json.loads(strategies.dumps(body))))


@SETTINGS
@given(st.data())
def test_off_spec_bodies_give_only_the_sdks_errors(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    status = data.draw(st.sampled_from(spec.operation(operation_id).statuses()), label="status")
    body = data.draw(off_spec(operation_id, status), label="body")
    result = outcome(operation_id, int(status), strategies.dumps(body))
    if isinstance(result, BaseException):
        assert isinstance(result, SDK_ERRORS), repr(result)
    else:
        # A tolerant reader may read a body the spec's patterns refuse, but only as a 200.
        assert status == "200", f"HTTP {status} gave {result!r}"
        assert type(result) is model(operation_id)


def _tolerated(name: str, body: Any) -> bool:
    """Shape breaks the SDK reads on purpose, not refuses."""
    if not isinstance(body, dict):
        return False
    # An optional field sent as `null` reads as left out (a counter is then 0): tolerant.
    required = set(strategies.spec_schema(name)["required"])
    return any(value is None and field not in required for field, value in body.items())


@SETTINGS
@given(st.data())
def test_shape_breaking_bodies_are_refused(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    name = resource(operation_id)
    # Left out, `errorDescription` changes nothing and `error` reads as 0 (a tolerant reader).
    body = data.draw(
        strategies.shape_breaking_bodies(name, ignore=("errorDescription", "error")), label="body"
    )
    assume(not _tolerated(name, body))
    result = outcome(operation_id, 200, strategies.dumps(body))
    assert isinstance(result, SDK_ERRORS), f"{body!r} gave {result!r}"


@SETTINGS
@given(st.data())
def test_truncated_garbled_or_non_json_bodies_are_refused(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    status = data.draw(st.sampled_from(spec.operation(operation_id).statuses()), label="status")
    body = data.draw(strategies.spec_bodies(schemas_at(operation_id, status)[0]), label="body")
    payload = data.draw(strategies.corrupt(strategies.dumps(body)), label="payload")
    result = outcome(operation_id, int(status), payload)
    assert isinstance(result, SDK_ERRORS), repr(result)
    if isinstance(result, wwt_sms.UnexpectedResponseError):
        assert result.status == int(status)
        assert result.response is not None
        assert KEY not in repr(result.response.request.headers)


# --- 3. every code on every documented status gives its class ----------------------------------


@SETTINGS
@given(st.data())
def test_every_error_code_on_every_documented_status_gives_its_class(
    data: st.DataObject,
) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    status = int(data.draw(st.sampled_from(spec.operation(operation_id).statuses())))
    style = data.draw(st.sampled_from(strategies.WIRE_STYLES), label="style")
    body = data.draw(strategies.api_error_bodies(style), label="body")
    error = outcome(operation_id, status, strategies.dumps(body))
    assert isinstance(error, wwt_sms.APIError), repr(error)
    code = int(body["error"])
    entry = KNOWN_CODES.get(code)
    if entry is None:
        assert type(error) is wwt_sms.APIError
    else:
        assert type(error) is class_for(entry)
        assert isinstance(error.code, wwt_sms.ErrorCode)
    assert error.code == code
    assert error.http_status == status
    if body["errorDescription"]:
        assert error.description == body["errorDescription"]
    else:
        assert error.description  # a default, never empty


GATEWAY_STATUSES = sorted(
    {
        (operation_id, int(status))
        for operation_id in OPERATIONS
        for status in spec.operation(operation_id).statuses()
        if "GatewayError" in schemas_at(operation_id, status)
    }
)


def test_the_gateway_shape_is_documented_where_the_sdk_expects_it() -> None:
    statuses = {status for _, status in GATEWAY_STATUSES}
    assert {401, 403, 429} <= statuses
    assert all(status in (401, 403, 429) or status >= 500 for status in statuses)


@SETTINGS
@given(st.sampled_from(GATEWAY_STATUSES).flatmap(
    lambda pair: st.tuples(st.just(pair), strategies.gateway_error_bodies(pair[1]))
))  # fmt: skip
def test_gateway_bodies_give_the_class_of_their_status(
    case: tuple[tuple[str, int], dict[str, Any]],
) -> None:
    (operation_id, status), body = case
    error = outcome(operation_id, status, strategies.dumps(body))
    assert type(error) is gateway_class(status), repr(error)
    assert error.code is None
    assert error.http_status == status
    phrase = HTTPStatus(status).phrase
    assert error.description == (
        body["message"] or f"{phrase}, with no error description in the response"
    )
