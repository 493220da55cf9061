"""openapi.yaml against itself: examples against schemas, tables against their lists.

The validators (prance, openapi-spec-validator, Redocly) check the document's structure but
not that an example matches its schema or that a description's table matches the lists that
tools read. These tests do.
"""

from __future__ import annotations

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
            elif "code" in body:
                assert body["code"] == int(status), (op.operation_id, name)
            else:  # a validation failure, `{message, errors}`: only 400 and 422 carry one
                assert status in ("400", "422"), (op.operation_id, name)
                assert set(body) == {"message", "errors"}, (op.operation_id, name)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_each_operation_shows_its_error_in_a_200_body(op: spec.Operation) -> None:
    """The real API can answer 200 with an error: every 200 documents it with an example."""
    assert any(
        "error" in body and str(body["error"]) != "0" for body in op.examples("200").values()
    )


# Codes 23 and 31 are conflicts of sending a message, which this contract does not cover: no
# status lookup returns them, so no operation declares their 409 (the ErrorCode description
# says so).
SENDING_ONLY_CODES = frozenset({23, 31})


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_status_a_code_is_paired_with_is_declared(op: spec.Operation) -> None:
    paired = {e.http_status for e in spec.error_codes() if e.code not in SENDING_ONLY_CODES}
    assert paired - set(map(int, op.statuses())) == set()


def test_the_undeclared_409_is_explained_in_the_code_table() -> None:
    assert {e.http_status for e in spec.error_codes() if e.code in SENDING_ONLY_CODES} == {409}
    assert all("409" not in op.statuses() for op in OPERATIONS)
    description = spec.load()["components"]["schemas"]["ErrorCode"]["description"]
    assert "except `409`: codes 23 and 31" in " ".join(description.split())


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_the_200_body_is_one_plain_object(op: spec.Operation) -> None:
    """No `oneOf`/`anyOf` at the top of a 200: generators that treat one strictly (exactly one
    branch must match) or loosely (the first branch whose required keys are present) misread
    success and error-in-200 bodies. One object, conditional requirements in `if`/`then`."""
    schema = spec.deref(op.response("200")["content"]["application/json"]["schema"])
    assert schema["type"] == "object"
    assert not {"oneOf", "anyOf", "allOf"} & set(schema)
    # The lookups' bodies always carry `error`; the vendor's model of the mass-status answer
    # has `result` alone, so there `error` is optional.
    required = [] if op.operation_id == "getSmsStatuses" else ["error"]
    assert schema.get("required", []) == required
    assert set(schema["then"]["required"]) <= set(schema["properties"])


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


def test_error_codes_cover_the_vendor_page_and_sdks() -> None:
    codes = {entry.code for entry in spec.error_codes()}
    assert set(range(20, 37)) <= codes
    assert {0, 1, 6, 7, 8, 14, 15} <= codes


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
        # the newer One API
        "moderation", "sending", "undelivered", "read", "not_viber_user", "not_service_user",
    }  # fmt: skip
    assert {entry["value"] for entry in spec.known_statuses()} == seen
    final = {entry["value"] for entry in spec.known_statuses() if entry["final"]}
    assert {"undelivered", "read", "not_viber_user", "not_service_user"} <= final
    assert not {"moderation", "sending"} & final


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
        ("WireErrorCode", [0, "0", 20, "25", 99], ["00", "-1", -1, "x", None]),
        ("WireNonZeroCode", [20, "25", 99], [0, "0", "-1", "x"]),
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


@pytest.mark.parametrize(
    ("operation", "fields"),
    [
        ("getSmsById", ["id", "msisdn", "time_in", "status", "price", "currency"]),
        ("getTaskById", ["originator", "body", "totalprice", "currency"]),
    ],
)
def test_the_200_schema_requires_the_fields_exactly_when_error_is_zero(
    operation: str, fields: list[str]
) -> None:
    """The `if`/`then` keeps validators strict although generators see optional fields."""
    op = spec.operation(operation)
    body = op.examples("200")["canonical"]
    validator = op.body_validator("200")
    assert validator.is_valid(body)
    assert validator.is_valid({**body, "error": "0"})
    for field in fields:
        without = {k: v for k, v in body.items() if k != field}
        assert not validator.is_valid(without), field
        assert not validator.is_valid({**without, "error": "0"}), field
    for error in (20, "20", 30, "99"):
        assert validator.is_valid({"error": error, "errorDescription": "Not found"})
    assert not validator.is_valid({"errorDescription": "No errors"})  # `error` is required
    assert not validator.is_valid({"error": "0", "errorDescription": "No errors"})


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_bodies_of_several_shapes_are_told_apart_by_their_required_fields(
    op: spec.Operation,
) -> None:
    """Where a response is a `oneOf` (400, 401), every example matches exactly one branch."""
    for status in op.statuses():
        schema = op.response(status)["content"]["application/json"]["schema"]
        branches = [spec.validator(branch["$ref"]) for branch in schema.get("oneOf", [])]
        for body in op.examples(status).values() if branches else ():
            assert sum(branch.is_valid(body) for branch in branches) == 1, (status, body)


# References as the vendor's own examples look them up.
VENDOR_REFERENCES = ["ext_id_16", "ext_id_17", "ext_id_19", "unique_ref_123", "ext19", "a" * 50]
# Only what could not travel as one safe path segment is refused.
REFUSED_REFERENCES = [
    "", "a" * 51, "a/b", "a?b", "a#b", "a%20b", "a b", "a\tb", "a\nb", "a\x7fb", "\x00", "ä",
    "ref\u00a0", ".", "..",
]  # fmt: skip


def test_reference_parameter_follows_the_vendors_rule() -> None:
    param = spec.operation("getSmsByReference").path_parameter
    schema = param["schema"]
    assert schema["type"] == "string"
    assert (schema["minLength"], schema["maxLength"]) == (1, 50)
    validator = Draft202012Validator(schema)
    assert [r for r in VENDOR_REFERENCES if not validator.is_valid(r)] == []
    assert [r for r in REFUSED_REFERENCES if validator.is_valid(r)] == []
    printable = [chr(c) for c in range(0x21, 0x7F) if chr(c) not in "/?#%."]
    assert [c for c in printable if not validator.is_valid(c)] == []
    assert "50" in param["description"]
    assert all(c in param["description"] for c in ("`/`", "`?`", "`#`", "`%`", "`..`"))
