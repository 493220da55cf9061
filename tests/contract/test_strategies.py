"""The strategies other tests trust: what they generate is what the spec says it is."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests import spec, strategies

SCHEMAS = ["Sms", "Task", "ApiError", "GatewayError", "WireDateTime", "WireDecimal", "WireId"]


@given(
    st.sampled_from(SCHEMAS).flatmap(
        lambda name: st.tuples(st.just(name), strategies.spec_bodies(name))
    )
)
def test_spec_bodies_are_valid_for_their_schema(named: tuple[str, Any]) -> None:
    name, body = named
    assert spec.schema_validator(name).is_valid(body)


@given(
    st.sampled_from(strategies.WIRE_STYLES).flatmap(
        lambda style: st.tuples(strategies.sms_bodies(style), strategies.task_bodies(style))
    )
)
def test_both_wire_styles_render_spec_valid_bodies(
    bodies: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    sms, task = (json.loads(strategies.dumps(body)) for body in bodies)
    assert spec.schema_validator("Sms").is_valid(sms)
    assert spec.schema_validator("Task").is_valid(task)


@given(strategies.api_error_bodies("canonical") | strategies.api_error_bodies("vendor"))
def test_api_error_bodies_are_spec_valid(body: dict[str, Any]) -> None:
    assert spec.schema_validator("ApiError").is_valid(body)


@given(strategies.valid_ids(), strategies.valid_references())
def test_valid_path_values_satisfy_the_parameter_schemas(id_: int, reference: str) -> None:
    assert Draft202012Validator(spec.operation("getSmsById").path_parameter["schema"]).is_valid(id_)
    assert re.fullmatch(
        spec.operation("getSmsByReference").path_parameter["schema"]["pattern"], reference
    )


@given(strategies.invalid_ids(), strategies.invalid_references())
def test_invalid_path_values_break_the_parameter_schemas(value: Any, reference: str) -> None:
    id_schema = spec.operation("getSmsById").path_parameter["schema"]
    assert not (
        isinstance(value, int)
        and not isinstance(value, bool)
        and Draft202012Validator(id_schema).is_valid(value)
    )
    assert not re.fullmatch(
        spec.operation("getSmsByReference").path_parameter["schema"]["pattern"], reference
    )


def test_dumps_writes_decimals_as_exact_json_numbers() -> None:
    from decimal import Decimal

    assert strategies.dumps({"price": Decimal("1.1000000"), "n": [Decimal("-2E+3")]}) == (
        b'{"price":1.1000000,"n":[-2000]}'
    )
