"""The `deliveryReport` webhook of openapi.yaml: its body is the status answer's, with the same
wire schemas; every claim has a source; every example validates."""

from __future__ import annotations

from typing import Any

import pytest

from tests import spec

WEBHOOK: dict[str, Any] = spec.load()["webhooks"]["deliveryReport"]["post"]
MEDIA = WEBHOOK["requestBody"]["content"]["application/json"]
SCHEMAS = spec.load()["components"]["schemas"]


def test_the_body_is_the_delivery_report_schema_and_required() -> None:
    assert WEBHOOK["requestBody"]["required"] is True
    assert MEDIA["schema"] == {"$ref": "#/components/schemas/DeliveryReport"}


@pytest.mark.parametrize("name", sorted(MEDIA["examples"]))
def test_every_example_validates(name: str) -> None:
    body = MEDIA["examples"][name]["value"]
    errors = [e.message for e in spec.schema_validator("DeliveryReport").iter_errors(body)]
    assert errors == []


def test_a_report_has_the_status_answers_fields_with_the_same_wire_schemas() -> None:
    report, sms = SCHEMAS["DeliveryReport"]["properties"], SCHEMAS["Sms"]["properties"]
    assert set(report) == set(sms)
    for name in ("id", "time_in", "status", "price"):
        assert report[name]["$ref"] == sms[name]["$ref"], name
    for name in ("time_sent", "time_dr"):
        assert report[name]["oneOf"] == sms[name]["oneOf"], name
    assert report["msisdn"]["$ref"] == "#/components/schemas/WireMsisdn"
    assert spec.deref(report["msisdn"])["oneOf"] == sms["msisdn"]["oneOf"]
    assert report["error"]["$ref"] == "#/components/schemas/WireNoError"
    assert SCHEMAS["DeliveryReport"]["required"] == SCHEMAS["Sms"]["then"]["required"]


def test_bodies_that_are_not_reports_are_refused_by_the_schema() -> None:
    validator = spec.schema_validator("DeliveryReport")
    vendor = MEDIA["examples"]["vendorCallback"]["value"]
    assert not validator.is_valid({"error": 20, "errorDescription": "SMS not found"})
    assert not validator.is_valid({**vendor, "error": 20})
    assert not validator.is_valid([vendor])
    assert not validator.is_valid({k: v for k, v in vendor.items() if k != "id"})


def test_the_vendors_callback_example_is_the_go_sdks() -> None:
    vendor = MEDIA["examples"]["vendorCallback"]["value"]
    assert vendor["price"] == "0.10"
    assert list(vendor) == [
        "error", "errorDescription", "id", "msisdn", "reference", "time_in", "time_sent",
        "time_dr", "status", "price", "currency",
    ]  # fmt: skip


def test_every_claim_has_a_source() -> None:
    claims = WEBHOOK["x-source"]
    assert len(claims) >= 3
    for claim in claims:
        assert set(claim) == {"claim", "source"}
        assert claim["claim"].strip()
        assert claim["source"].strip()
    sources = " ".join(claim["source"] for claim in claims)
    assert "SmsSingleCreateRequest" in sources
    assert "RcsStatusCallback" in sources


def test_the_receiver_acknowledges_with_any_2xx_and_refuses_with_400() -> None:
    assert set(WEBHOOK["responses"]) == {"2XX", "400"}
    assert WEBHOOK["security"] == []  # no signature or authentication is documented
