"""openapi.yaml against itself: examples against schemas, tables against their lists.

The validators (prance, openapi-spec-validator, Redocly) check the document's structure but
not that an example matches its schema or that a description's table matches the lists that
tools read. These tests do.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests import spec

OPERATIONS = list(spec.operations())
RESPONSE_EXAMPLES = [
    pytest.param(op, status, name, value, id=f"{op.operation_id}-{status}-{name}")
    for op in OPERATIONS
    for status in op.statuses()
    for name, value in op.examples(status).items()
]


def _markdown_rows(text: str) -> list[list[str]]:
    """The body rows of the markdown table in a description."""
    rows = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


@pytest.mark.parametrize(("op", "status", "name", "value"), RESPONSE_EXAMPLES)
def test_every_response_example_validates_against_its_schema(
    op: spec.Operation, status: str, name: str, value: Any
) -> None:
    errors = [e.message for e in op.body_validator(status).iter_errors(value)]
    assert errors == [], f"{op.operation_id} {status} example {name!r}: {errors}"


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_documented_response_has_an_example(op: spec.Operation) -> None:
    missing = [status for status in op.statuses() if not op.examples(status)]
    assert missing == []


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_error_examples_use_the_http_status_their_code_is_paired_with(
    op: spec.Operation,
) -> None:
    paired = {entry.code: entry.http_status for entry in spec.error_codes()}
    for status in op.statuses():
        if status == "200":
            continue
        for name, body in op.examples(status).items():
            if "error" in body:
                assert paired[int(body["error"])] == int(status), (op.operation_id, name)
            else:
                assert body["code"] == int(status), (op.operation_id, name)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_each_operation_shows_its_error_in_a_200_body(op: spec.Operation) -> None:
    """The real API can answer 200 with an error: every 200 documents it with an example."""
    assert any(
        "error" in body and str(body["error"]) != "0" for body in op.examples("200").values()
    )


@pytest.mark.parametrize(
    "op",
    [op for op in OPERATIONS if any(p["in"] == "path" for p in op.parameters)],
    ids=lambda op: op.operation_id,
)
def test_path_parameter_example_validates(op: spec.Operation) -> None:
    param = op.path_parameter
    assert param["required"] is True
    assert f"{{{param['name']}}}" in op.path
    Draft202012Validator(param["schema"]).validate(param["example"])


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_operation_is_described_for_rendered_docs(op: spec.Operation) -> None:
    assert op.raw["summary"]
    assert len(op.raw["description"]) > 80
    assert op.raw["tags"]
    for status in op.statuses():
        assert op.response(status)["description"]


def test_api_key_security_applies_to_every_operation() -> None:
    document = spec.load()
    scheme = document["components"]["securitySchemes"]["ApiKeyAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-API-KEY")
    assert document["security"] == [{"ApiKeyAuth": []}]
    assert all("security" not in op.raw for op in OPERATIONS)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_throttling_and_unavailability_document_retry_after(op: spec.Operation) -> None:
    for status in ("429", "503"):
        assert "Retry-After" in op.response(status)["headers"]


def test_error_code_table_in_the_description_matches_its_lists() -> None:
    schema = spec.load()["components"]["schemas"]["ErrorCode"]
    table = [(int(c), m, int(s)) for c, m, s in _markdown_rows(schema["description"])]
    lists = [(e.code, e.description, e.http_status) for e in spec.error_codes()]
    assert table == lists


def test_error_codes_cover_the_vendor_page() -> None:
    codes = {entry.code for entry in spec.error_codes()}
    assert set(range(20, 37)) <= codes
    assert {0, 1} <= codes


def test_generated_error_code_enum_matches_the_spec() -> None:
    from wwt_sms_api.models import ErrorCode

    assert [(member.value, member.name) for member in ErrorCode] == [
        (entry.code, entry.name) for entry in spec.error_codes()
    ]


def test_known_status_table_in_the_description_matches_its_list() -> None:
    schema = spec.load()["components"]["schemas"]["SmsStatus"]
    table = [
        (value, final == "yes") for value, _meaning, final in _markdown_rows(schema["description"])
    ]
    known = [(entry["value"], entry["final"]) for entry in spec.known_statuses()]
    assert table == known


def test_known_statuses_include_every_value_seen_on_the_real_api() -> None:
    seen = {
        "scheduled", "sent", "delivered", "expired", "undeliverable", "rejected", "unknown",
        "new", "waiting", "failed", "deleted", "queued", "accepted", "enroute",
    }  # fmt: skip
    assert {entry["value"] for entry in spec.known_statuses()} == seen


@pytest.mark.parametrize(
    ("schema", "accepted", "refused"),
    [
        ("WireId", [1, "211", "9007199254740993", 2**63 - 1], [0, "0", "012", -1, 2**63, "x"]),
        ("WireInteger", [0, "0", "72"], [-1, "-1", "7.2", 1.5]),
        ("WireDecimal", [0.23, "1.1000000", "-2", 3], ["1,5", "", ".5", None]),
        (
            "WireDateTime",
            ["2017-01-17 09:11:41", "2017-01-17T09:11:41+02:00", "2017-01-17T09:11:41.5Z"],
            ["2017-01-17", "17.01.2017 09:11:41", "2017-01-17 09:11"],
        ),
        ("WireErrorCode", [20, "25", 99], [0, "0", "-1", "x"]),
        ("WireNoError", [0, "0"], [20, "20", None]),
        ("SmsStatus", ["delivered", "brand-new-status"], ["", 3]),
    ],
)
def test_wire_schemas_accept_both_forms_and_refuse_nonsense(
    schema: str, accepted: list[Any], refused: list[Any]
) -> None:
    validator = spec.schema_validator(schema)
    assert [v for v in accepted if not validator.is_valid(v)] == []
    assert [v for v in refused if validator.is_valid(v)] == []


def test_success_and_error_bodies_are_mutually_exclusive() -> None:
    """oneOf [Sms, ApiError] needs a body to match exactly one: `error` 0 vs non-zero."""
    sms = spec.schema_validator("Sms")
    api_error = spec.schema_validator("ApiError")
    for op in OPERATIONS:
        if "oneOf" not in op.response("200")["content"]["application/json"]["schema"]:
            continue  # a single object schema: nothing to tell apart
        for body in op.examples("200").values():
            assert (
                sms.is_valid(body)
                + api_error.is_valid(body)
                + spec.schema_validator("Task").is_valid(body)
                == 1
            )


def test_reference_parameter_is_a_string_of_letters_and_digits() -> None:
    schema = spec.operation("getSmsByReference").path_parameter["schema"]
    assert schema["type"] == "string"
    pattern = re.compile(schema["pattern"])
    assert pattern.fullmatch("ext19")
    assert not pattern.fullmatch("ext_19")
    assert not pattern.fullmatch("a" * 33)
