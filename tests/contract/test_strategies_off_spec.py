"""The off-spec and per-operation strategies are what they say: checked against the spec."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests import spec, strategies
from tests.contract import profiles

SETTINGS = profiles.active()
OPERATIONS = [operation.operation_id for operation in spec.operations()]
# The path-value strategies are for the lookups by a path parameter.
BY_KEY = [
    operation.operation_id
    for operation in spec.operations()
    if any(parameter["in"] == "path" for parameter in operation.parameters)
]
SCHEMAS = ["Sms", "Task", "ApiError", "GatewayError"]


def named(make: Any) -> st.SearchStrategy[tuple[str, Any]]:
    return st.sampled_from(SCHEMAS).flatmap(lambda name: st.tuples(st.just(name), make(name)))


@SETTINGS
@given(named(strategies.shape_breaking_bodies))
def test_shape_breaking_bodies_break_their_schema(case: tuple[str, Any]) -> None:
    name, body = case
    assert not spec.schema_validator(name).is_valid(json.loads(strategies.dumps(body)))


@SETTINGS
@given(named(strategies.off_spec_bodies))
def test_off_spec_bodies_break_their_schema(case: tuple[str, Any]) -> None:
    name, body = case
    assert not spec.schema_validator(name).is_valid(json.loads(strategies.dumps(body)))


def parameter_validator(operation_id: str) -> Draft202012Validator:
    return Draft202012Validator(dict(spec.operation(operation_id).path_parameter["schema"]))


@SETTINGS
@given(st.sampled_from(BY_KEY).flatmap(
    lambda op: st.tuples(st.just(op), strategies.path_segments(op, valid=True),
                         strategies.path_segments(op, valid=False))
))  # fmt: skip
def test_path_segments_are_valid_or_not_as_asked(case: tuple[str, str, str]) -> None:
    operation_id, good, bad = case
    schema = spec.operation(operation_id).path_parameter["schema"]

    def accepted(segment: str) -> bool:
        text = unquote(segment)
        if schema["type"] == "integer":
            # As a server reads a path: ASCII digits only, then the schema's bounds.
            return bool(re.fullmatch(r"[0-9]+", text)) and parameter_validator(
                operation_id
            ).is_valid(int(text))
        return parameter_validator(operation_id).is_valid(text) and text.isascii()

    assert accepted(good)
    assert not accepted(bad)


@SETTINGS
@given(st.sampled_from(BY_KEY).flatmap(
    lambda op: st.tuples(st.just(op), strategies.path_values(op),
                         strategies.invalid_path_values(op))
))  # fmt: skip
def test_path_values_are_valid_or_not_for_the_parameter(case: tuple[str, Any, Any]) -> None:
    operation_id, good, bad = case
    validator = parameter_validator(operation_id)
    wanted = (
        int if spec.operation(operation_id).path_parameter["schema"]["type"] == "integer" else str
    )

    def accepted(value: Any) -> bool:
        # A Python argument: the exact type (no bool for an int, no 1.0), then the schema;
        # a trailing newline passes `$` in Python's re but not in the spec's ECMA regex.
        if type(value) is not wanted or (isinstance(value, str) and value.endswith("\n")):
            return False
        return validator.is_valid(value)

    assert accepted(good)
    assert not accepted(bad)


@SETTINGS
@given(st.sampled_from(OPERATIONS).flatmap(
    lambda op: st.tuples(st.just(op), strategies.mock_preferences(op))
))  # fmt: skip
def test_mock_preferences_name_only_what_the_spec_documents(case: tuple[str, str]) -> None:
    operation_id, header = case
    operation = spec.operation(operation_id)
    examples = {name for status in operation.statuses() for name in operation.examples(status)}
    for directive in header.split(", "):
        name, value = directive.split("=", 1)
        if name == "code":
            assert value in operation.statuses()
        elif name == "example":
            assert value in examples
        elif name == "style":
            assert value in strategies.MOCK_STYLES
        else:
            assert name in ("error", "retry-after")
            assert value.isdigit()
