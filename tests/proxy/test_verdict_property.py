"""Property: for any body hypothesis generates, the proxy's verdict on a response equals an
independent validator's (openapi-schema-validator over the schema read straight from
openapi.yaml, references inlined by the tests' own helper), and every pointer the proxy
reports names a place where that validator finds an error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS31Validator

from tests import spec, strategies
from wwt_sms_mock._contract.check import ContractChecker, json_pointer
from wwt_sms_mock._contract.compile import load_spec

CHECKER = ContractChecker(load_spec())
OPERATIONS = {op.operation_id: op for op in CHECKER.spec.operations}
JSON = [(b"content-type", b"application/json")]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated(draw: st.DrawFn, name: str) -> Any:
    """A body of schema `name` with one property dropped or given an arbitrary value."""
    body = draw(strategies.spec_bodies(name))
    if not isinstance(body, dict) or not body:
        return body
    key = draw(st.sampled_from(sorted(body)))
    if draw(st.booleans()):
        del body[key]
    else:
        body[key] = draw(json_values)
    return body


bodies = st.one_of(
    *(strategies.spec_bodies(name) for name in ("Sms", "Task", "ApiError", "GatewayError")),
    *(mutated(name) for name in ("Sms", "Task", "ApiError")),
    json_values,
)


def _independent(operation_id: str, status: int) -> OAS31Validator:
    response = spec.operation(operation_id).response(str(status))
    schema = response["content"]["application/json"]["schema"]
    return OAS31Validator(strategies.self_contained(schema))


def _not_a_number(name: str) -> Any:
    raise ValueError(name)


def _places(errors: Iterator[ValidationError]) -> Iterator[str]:
    """Every pointer in an error tree, and for `required` the missing property's."""
    for error in errors:
        yield json_pointer(error.absolute_path)
        if error.validator == "required" and isinstance(error.validator_value, list):
            yield from (json_pointer([*error.absolute_path, n]) for n in error.validator_value)
        yield from _places(iter(error.context or ()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation_id=st.sampled_from(sorted(OPERATIONS)),
    status_index=st.integers(min_value=0, max_value=20),
    body=bodies,
)
def test_the_proxys_verdict_is_the_independent_validators(
    operation_id: str, status_index: int, body: Any
) -> None:
    operation = OPERATIONS[operation_id]
    statuses = sorted(operation.responses)
    status = statuses[status_index % len(statuses)]
    raw = json.dumps(body, default=str).encode()
    found = CHECKER.check_response(operation, "GET", status, JSON, raw)
    try:
        value = json.loads(raw, parse_constant=_not_a_number)
    except ValueError:  # NaN or Infinity: Python writes them, JSON has no such numbers
        assert [(v.location, v.pointer) for v in found] == [("body", "")], found
        return
    independent = _independent(operation_id, status)
    assert bool(found) == (not independent.is_valid(value)), found
    places = set(_places(independent.iter_errors(value)))
    for violation in found:
        assert (violation.side, violation.location) == ("response", "body")
        assert violation.pointer in places, (violation, places)
