"""`wwt_sms.parse_delivery_report`: every report the contract allows reads as the status answer
of the same message; every other body is a `DeliveryReportError` that names what is wrong."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import wwt_sms
from tests import spec
from tests.strategies import dumps
from tests.strategies_dlr import (
    as_status_answer,
    delivery_report_cases,
    encodings,
    spec_delivery_reports,
)
from wwt_sms._constants import MAX_DELIVERY_REPORT_BYTES, MAX_DELIVERY_REPORT_DEPTH
from wwt_sms._response import parse_sms

WEBHOOK = spec.load()["webhooks"]["deliveryReport"]["post"]
EXAMPLES: dict[str, Any] = {
    name: example["value"]
    for name, example in WEBHOOK["requestBody"]["content"]["application/json"]["examples"].items()
}
VENDOR_CALLBACK = EXAMPLES["vendorCallback"]  # bsgworld/go-sdk RcsStatusCallback's example


def status_answer(body: Any) -> wwt_sms.Sms | Exception:
    """What the SDK reads from a status answer with this body (or the error it raises)."""
    try:
        return parse_sms(httpx.Response(200, content=dumps(body)), UTC)
    except wwt_sms.WwtError as error:
        return error


def report_of(body: Any) -> wwt_sms.DeliveryReport | Exception:
    try:
        return wwt_sms.parse_delivery_report(dumps(body))
    except wwt_sms.DeliveryReportError as error:
        return error


def same_facts(report: wwt_sms.DeliveryReport, sms: wwt_sms.Sms) -> bool:
    return report.to_dict() == sms.to_dict()


# --- what the contract allows ------------------------------------------------------------------


def test_the_vendors_callback_example_reads_exactly() -> None:
    report = wwt_sms.parse_delivery_report(json.dumps(VENDOR_CALLBACK).encode())
    assert report == wwt_sms.DeliveryReport(
        id=3272625618,
        msisdn="380661231231",
        reference="f2d37bf77f6242daa83f23b0cc84b627",
        time_in=datetime(2025, 4, 14, 10, 56, 9, tzinfo=UTC),
        time_sent=datetime(2025, 4, 14, 10, 56, 10, tzinfo=UTC),
        time_dr=datetime(2025, 4, 14, 10, 56, 13, tzinfo=UTC),
        status=wwt_sms.SmsStatus.DELIVERED,
        price=Decimal("0.10"),
        currency="EUR",
    )
    assert str(report.price) == "0.10"  # the vendor's digits, not 0.1 nor a float's


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_reads_as_the_status_answer_with_its_facts(name: str) -> None:
    body = EXAMPLES[name]
    report = wwt_sms.parse_delivery_report(dumps(body))
    sms = status_answer(as_status_answer(body))
    assert isinstance(sms, wwt_sms.Sms)
    assert same_facts(report, sms)


def test_the_examples_of_message_211_agree_with_each_other() -> None:
    reports = {
        name: wwt_sms.parse_delivery_report(body)
        for name, body in EXAMPLES.items()
        if body["id"] in (211, "211") and body["status"] == "delivered"
    }
    assert len(reports) >= 2
    assert len(set(reports.values())) == 1, reports


@given(delivery_report_cases())
def test_any_wire_style_report_reads_as_the_status_answer_of_its_message(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    report_body, answer_body = case
    report = wwt_sms.parse_delivery_report(dumps(report_body))
    sms = status_answer(answer_body)
    assert isinstance(sms, wwt_sms.Sms)
    assert same_facts(report, sms)


@given(spec_delivery_reports())
def test_any_body_the_schema_allows_reads_as_the_status_answer_with_its_facts(
    body: dict[str, Any],
) -> None:
    report, sms = report_of(body), status_answer(as_status_answer(body))
    if isinstance(sms, wwt_sms.Sms):
        assert isinstance(report, wwt_sms.DeliveryReport), report
        assert same_facts(report, sms)
    else:  # beyond the SDK's bounds (a 300-character currency): refused by both readers
        assert isinstance(report, wwt_sms.DeliveryReportError)


@given(st.data(), delivery_report_cases())
def test_bytes_text_and_decoded_objects_read_the_same(
    data: st.DataObject, case: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    body, _ = case
    expected = wwt_sms.parse_delivery_report(dumps(body))
    assert wwt_sms.parse_delivery_report(data.draw(encodings(body))) == expected


def test_ids_above_2_53_are_exact_as_strings_and_as_numbers() -> None:
    for wire in ("9007199254740993", 9007199254740993, 9223372036854775807):
        body = {**EXAMPLES["largeId"], "id": wire}
        assert wwt_sms.parse_delivery_report(json.dumps(body)).id == int(wire)


def test_zoneless_datetimes_are_read_in_the_given_timezone() -> None:
    kyiv = timezone(timedelta(hours=2))
    report = wwt_sms.parse_delivery_report(EXAMPLES["vendor"], api_timezone=kyiv)
    assert report.time_in == datetime(2017, 1, 17, 9, 11, 41, tzinfo=kyiv)


def test_an_unknown_status_is_kept_and_not_final() -> None:
    report = wwt_sms.parse_delivery_report({**EXAMPLES["canonical"], "status": "bounced"})
    assert report.status == "bounced"
    assert not report.status.is_known
    assert not report.status.is_final


# --- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "Application/JSON; charset=utf-8", "text/json", "application/dlr+json"],
)
def test_json_content_types_are_accepted(content_type: str) -> None:
    headers = {"Content-Type": content_type}
    body = dumps(VENDOR_CALLBACK)
    assert wwt_sms.parse_delivery_report(body, headers=headers).id == 3272625618


def test_headers_without_a_content_type_are_accepted() -> None:
    report = wwt_sms.parse_delivery_report(dumps(VENDOR_CALLBACK), headers={"User-Agent": "gw"})
    assert report.id == 3272625618


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/jsonp", ""]
)
def test_other_content_types_are_refused_by_name(content_type: str) -> None:
    with pytest.raises(wwt_sms.DeliveryReportError, match=r"content type .* is not JSON"):
        wwt_sms.parse_delivery_report(
            dumps(VENDOR_CALLBACK), headers={"content-type": content_type}
        )


# --- what is not a delivery report -------------------------------------------------------------

REFUSED: dict[str, tuple[Any, str]] = {
    "not JSON": (b"<html>502 Bad Gateway</html>", "not JSON"),
    "empty": (b"", "not JSON"),
    "truncated": (dumps(VENDOR_CALLBACK)[:-1], "not JSON"),
    "not UTF-8": (b'{"id": "\xff"}', "not JSON"),
    "NaN": (b'{"price": NaN}', "not JSON"),
    "a list": (b"[1, 2]", "a JSON array, not an object"),
    "a string": (b'"delivered"', "a JSON string, not an object"),
    "null": (b"null", "a JSON null, not an object"),
    "missing id": ({k: v for k, v in VENDOR_CALLBACK.items() if k != "id"}, "'id' is missing"),
    "missing status": (
        {k: v for k, v in VENDOR_CALLBACK.items() if k != "status"},
        "'status' is missing",
    ),
    "id a list": ({**VENDOR_CALLBACK, "id": [1]}, "field 'id'"),
    "id zero": ({**VENDOR_CALLBACK, "id": 0}, "field 'id'"),
    "id a float": ({**VENDOR_CALLBACK, "id": 2.5}, "field 'id'"),
    "price a bool": ({**VENDOR_CALLBACK, "price": True}, "field 'price'"),
    "price words": ({**VENDOR_CALLBACK, "price": "ten"}, "field 'price'"),
    "price beyond bounds": (dumps(VENDOR_CALLBACK).replace(b'"0.10"', b"1e999999"), "'price'"),
    "msisdn with +": ({**VENDOR_CALLBACK, "msisdn": "+380661231231"}, "field 'msisdn'"),
    "time_in month 13": ({**VENDOR_CALLBACK, "time_in": "2025-13-01 00:00:00"}, "field 'time_in'"),
    "status empty": ({**VENDOR_CALLBACK, "status": ""}, "field 'status'"),
    "status a number": ({**VENDOR_CALLBACK, "status": 3}, "field 'status'"),
    "error true": ({**VENDOR_CALLBACK, "error": True}, "field 'error'"),
    "error words": ({**VENDOR_CALLBACK, "error": "none"}, "field 'error'"),
    "a status answer's error": (
        {"error": 20, "errorDescription": "SMS not found"},
        "an error answer \\(error '20': SMS not found\\)",
    ),
    "an error as a string": (
        {**VENDOR_CALLBACK, "error": "27"},
        "an error answer \\(error '27'",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bodies_that_are_not_reports_are_refused_naming_what_is_wrong(name: str) -> None:
    body, reason = REFUSED[name]
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    with pytest.raises(wwt_sms.DeliveryReportError, match=f"^not a delivery report: .*{reason}"):
        wwt_sms.parse_delivery_report(raw)


def test_the_error_is_a_wwt_error_and_a_value_error() -> None:
    assert issubclass(wwt_sms.DeliveryReportError, wwt_sms.WwtError)
    assert issubclass(wwt_sms.DeliveryReportError, ValueError)
    with pytest.raises(ValueError, match="not a delivery report") as caught:
        wwt_sms.parse_delivery_report(b"[]")
    assert type(caught.value) is wwt_sms.DeliveryReportError


def _padded(size: int) -> bytes:
    """The vendor's callback, padded with spaces to exactly `size` bytes."""
    raw = dumps(VENDOR_CALLBACK)
    return raw[:-1] + b" " * (size - len(raw)) + b"}"


def test_a_body_at_the_size_bound_is_read_and_one_byte_more_is_refused() -> None:
    assert wwt_sms.parse_delivery_report(_padded(MAX_DELIVERY_REPORT_BYTES)).id == 3272625618
    with pytest.raises(wwt_sms.DeliveryReportError, match=f"more than {MAX_DELIVERY_REPORT_BYTES}"):
        wwt_sms.parse_delivery_report(_padded(MAX_DELIVERY_REPORT_BYTES + 1))
    text = _padded(MAX_DELIVERY_REPORT_BYTES + 1).decode()
    with pytest.raises(wwt_sms.DeliveryReportError, match="characters, more than"):
        wwt_sms.parse_delivery_report(text)


def _nested(depth: int) -> bytes:
    """The vendor's callback (one object) with an extra field nesting `depth - 1` more arrays;
    brackets inside strings count for nothing."""
    extra = "[" * (depth - 1) + "]" * (depth - 1)
    decoy = '"' + "[{" * 40 + '\\"' + '"'
    return dumps(VENDOR_CALLBACK)[:-1] + f', "x": {extra}, "y": {decoy}}}'.encode()


def test_nesting_at_the_depth_bound_is_read_and_one_level_more_is_refused() -> None:
    assert wwt_sms.parse_delivery_report(_nested(MAX_DELIVERY_REPORT_DEPTH)).id == 3272625618
    with pytest.raises(wwt_sms.DeliveryReportError, match="nested deeper than"):
        wwt_sms.parse_delivery_report(_nested(MAX_DELIVERY_REPORT_DEPTH + 1))


def test_a_hostile_nesting_is_refused_before_decoding() -> None:
    with pytest.raises(wwt_sms.DeliveryReportError, match="nested deeper than"):
        wwt_sms.parse_delivery_report(b"[" * 50_000 + b"]" * 10_000)


def test_a_huge_number_is_refused_by_field_without_reading_it() -> None:
    body = dumps(VENDOR_CALLBACK).replace(b'"0.10"', b"1" + b"0" * 5000 + b".5")
    with pytest.raises(wwt_sms.DeliveryReportError, match="field 'price'"):
        wwt_sms.parse_delivery_report(body)


# --- on_contract_drift -------------------------------------------------------------------------

# Read tolerantly, but not what the webhook's schema says: `error` "00", `id` 211.5 is refused...
DRIFTING = {**EXAMPLES["canonical"], "error": "00"}


def test_drift_is_ignored_by_default_and_the_report_is_read() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert wwt_sms.parse_delivery_report(DRIFTING).id == 211


def test_warn_names_the_pointer_and_still_reads_the_report() -> None:
    with pytest.warns(wwt_sms.ContractDriftWarning) as caught:
        report = wwt_sms.parse_delivery_report(DRIFTING, on_contract_drift="warn")
    assert report.id == 211
    # Only ours: a ResourceWarning from garbage collected mid-block lands here too.
    (warning,) = [w for w in caught if issubclass(w.category, wwt_sms.ContractDriftWarning)]
    assert isinstance(warning.message, wwt_sms.ContractDriftWarning)
    assert warning.message.operation == "deliveryReport"
    assert warning.message.pointer == "/error"


def test_raise_refuses_a_drifting_body() -> None:
    with pytest.raises(wwt_sms.DeliveryReportError, match="breaks the contract at /error"):
        wwt_sms.parse_delivery_report(DRIFTING, on_contract_drift="raise")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_raise_accepts_every_example(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wwt_sms.parse_delivery_report(EXAMPLES[name], on_contract_drift="raise")


def test_an_unknown_drift_mode_is_refused() -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match="on_contract_drift"):
        wwt_sms.parse_delivery_report(VENDOR_CALLBACK, on_contract_drift="loud")  # type: ignore[arg-type]
