"""The mass-status operation (`POST /sms/getStatus`) in openapi.yaml: its request, its limit,
its items, and its provenance (the vendor's SDK, not the WWT status page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests import spec

OPERATION = spec.operation("getSmsStatuses")
REQUEST = spec.schema_validator("SmsStatusesRequest")
ID_MAX = 2**63 - 1

# The fields of the vendor's item model (php-sdk-v1 `ResultschemaResultItem2`).
VENDOR_ITEM_FIELDS = {
    "id",
    "external_id",
    "msisdn",
    "time_sent",
    "time_dr",
    "status",
    "price",
    "currency",
}


def _request_schema() -> Any:
    return spec.load()["components"]["schemas"]["SmsStatusesRequest"]


def batch_limit() -> int:
    limit: int = _request_schema()["properties"]["ids"]["maxItems"]
    return limit


def test_operation_is_marked_as_coming_from_the_vendor_sdk() -> None:
    assert OPERATION.method == "post"
    assert OPERATION.raw["x-source"] == "vendor-sdk"
    assert "not from the WWT status page" in OPERATION.raw["description"]


def test_request_examples_validate_against_the_request_schema() -> None:
    content = OPERATION.raw["requestBody"]["content"]["application/json"]
    examples = [example["value"] for example in content["examples"].values()]
    assert examples
    for body in examples:
        assert list(REQUEST.iter_errors(body)) == []


def test_batch_limit_is_the_vendors_and_is_stated_where_users_read_it() -> None:
    assert batch_limit() == 100
    assert _request_schema()["properties"]["ids"]["minItems"] == 1
    result = spec.load()["components"]["schemas"]["SmsStatusList"]["properties"]["result"]
    assert result["maxItems"] == batch_limit()
    assert f"1 to {batch_limit()}" in OPERATION.raw["description"]


@pytest.mark.parametrize(
    "body",
    [
        {"ids": [1]},
        {"ids": [ID_MAX]},
        {"ids": list(range(1, 101))},
        {"ids": [5, 5]},  # a repeated ID is allowed and answered once
    ],
)
def test_request_schema_accepts(body: dict[str, Any]) -> None:
    assert REQUEST.is_valid(body)


@pytest.mark.parametrize(
    "body",
    [
        {"ids": []},
        {"ids": list(range(1, 102))},
        {"ids": ["124"]},
        {"ids": [0]},
        {"ids": [ID_MAX + 1]},
        {"ids": [1.5]},
        {"ids": [True]},
        {"ids": 123},
        {},
        {"ids": [1], "extra": 1},
        [1, 2],
    ],
)
def test_request_schema_refuses(body: Any) -> None:
    assert not REQUEST.is_valid(body)


def test_items_carry_the_vendors_fields_and_no_time_in() -> None:
    item = spec.load()["components"]["schemas"]["SmsStatusRecord"]
    assert set(item["properties"]) == VENDOR_ITEM_FIELDS


def test_success_examples_answer_each_id_at_most_once() -> None:
    record = spec.schema_validator("SmsStatusRecord")
    for name, body in OPERATION.examples("200").items():
        ids = [str(item["id"]) for item in body.get("result", [])]
        assert len(ids) == len(set(ids)), name
        assert all(record.is_valid(item) for item in body.get("result", [])), name


def test_every_bad_body_has_its_own_400_example() -> None:
    examples = OPERATION.examples("400")
    assert {"emptyList", "tooManyIds", "notAnInteger", "noIds"} <= set(examples)
    assert all(body["error"] == 24 for body in examples.values())
    assert f"got {batch_limit() + 1}" in examples["tooManyIds"]["errorDescription"]


def test_the_answer_requires_result_exactly_when_it_is_not_an_error() -> None:
    validator = OPERATION.body_validator("200")
    answer = OPERATION.examples("200")["vendor"]
    assert validator.is_valid(answer)  # the vendor's model: `result` alone
    for envelope in ({"error": 0}, {"error": "0", "errorDescription": "No errors"}):
        assert validator.is_valid({**envelope, **answer})
        assert not validator.is_valid(envelope)  # success without `result`
    assert not validator.is_valid({})
    for error in (24, "24", 20, "99"):
        assert validator.is_valid({"error": error, "errorDescription": "Invalid query payload"})
