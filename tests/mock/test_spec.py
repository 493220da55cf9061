"""The compiled spec agrees with the document it was compiled from."""

from __future__ import annotations

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from tests import spec as contract
from tests import strategies
from wwt_sms_mock._contract.compile import compile_param_check, load_spec
from wwt_sms_mock._contract.spec import INVALID


def test_routes_come_from_the_specs_paths() -> None:
    compiled = load_spec()
    assert {r.template for r in compiled.routes} == set(contract.load()["paths"])
    assert {op.operation_id for op in compiled.operations} == {
        node["operationId"]
        for item in contract.load()["paths"].values()
        for node in item.values()
        if isinstance(node, dict) and "operationId" in node
    }


def test_base_path_comes_from_servers_and_can_be_changed() -> None:
    assert load_spec().base_path == "/rest"
    assert load_spec(base_path="").base_path == ""
    assert load_spec(base_path="api/v1/").base_path == "/api/v1"


def test_error_table_is_the_specs_enum_with_its_extensions() -> None:
    schema = contract.load()["components"]["schemas"]["ErrorCode"]
    compiled = load_spec().errors
    assert list(compiled) == schema["enum"]
    assert [e.http_status for e in compiled.values()] == schema["x-enum-http-statuses"]
    assert [e.description for e in compiled.values()] == schema["x-enum-descriptions"]


def test_known_statuses_carry_their_final_flag() -> None:
    values = contract.load()["components"]["schemas"]["SmsStatus"]["x-known-values"]
    assert load_spec().statuses == {v["value"]: v["final"] for v in values}


def test_400_and_404_bodies_are_the_specs_examples() -> None:
    for op in load_spec().operations:
        assert op.invalid_example in op.responses[400].examples.values()
        if op.body_schema is None:  # a lookup by key
            assert op.not_found_example in op.responses[404].examples.values()
        else:  # the mass-status operation leaves unknown IDs out: it never answers 404 itself
            assert op.not_found_example is None


def _agrees(schema: dict[str, object], text: str) -> None:
    check = compile_param_check(schema)
    value: object = text
    if schema.get("type") == "integer":
        try:
            value = int(text) if text.lstrip("-").isascii() and text.lstrip("-").isdigit() else text
        except ValueError:
            value = text
    expected = jsonschema.Draft202012Validator(schema).is_valid(value)
    if isinstance(value, str) and "\n" in value:
        expected = False  # ECMA-262 "$" does not match before a trailing newline
    assert (check(text) is not INVALID) == expected, text


@given(st.one_of(strategies.valid_ids().map(str), strategies.invalid_id_segments(), st.text()))
def test_fast_id_check_agrees_with_jsonschema(text: str) -> None:
    route = next(r for r in load_spec().routes if r.template == "/sms/{id}")
    _agrees(dict(route.params[0].schema), text)


@given(st.one_of(strategies.valid_references(), strategies.invalid_references(), st.text()))
def test_fast_reference_check_agrees_with_jsonschema(text: str) -> None:
    route = next(r for r in load_spec().routes if "reference" in r.template)
    _agrees(dict(route.params[0].schema), text)


def test_trailing_newline_is_refused() -> None:
    route = next(r for r in load_spec().routes if "reference" in r.template)
    assert route.params[0].check("ext19\n") is INVALID
    assert route.params[0].check("ext19") == "ext19"


def test_fallback_check_for_schemas_outside_the_fast_subset() -> None:
    check = compile_param_check({"type": "integer", "multipleOf": 2})
    assert check("4") == 4
    assert check("3") is INVALID
    assert check("x") is INVALID
