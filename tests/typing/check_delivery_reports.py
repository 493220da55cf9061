"""What a type checker sees of delivery reports and `to_dict()` / `to_json()` (checked by
`mypy tests/typing`, never run)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, assert_type

import wwt_sms


def check_parse(raw: bytes, text: str, decoded: dict[str, Any], headers: dict[str, str]) -> None:
    report = wwt_sms.parse_delivery_report(raw, headers=headers)
    assert_type(report, wwt_sms.DeliveryReport)
    assert_type(wwt_sms.parse_delivery_report(text), wwt_sms.DeliveryReport)
    assert_type(
        wwt_sms.parse_delivery_report(decoded, on_contract_drift="raise"), wwt_sms.DeliveryReport
    )
    assert_type(report.id, int)
    assert_type(report.msisdn, str)
    assert_type(report.reference, str | None)
    assert_type(report.time_dr, datetime | None)
    assert_type(report.status, wwt_sms.SmsStatus)
    assert_type(report.price, Decimal)
    wwt_sms.parse_delivery_report(raw, on_contract_drift="loud")  # type: ignore[arg-type]
    wwt_sms.parse_delivery_report(1)  # type: ignore[arg-type]


def check_json(sms: wwt_sms.Sms, task: wwt_sms.Task, record: wwt_sms.SmsStatusRecord) -> None:
    assert_type(sms.to_dict(), dict[str, Any])
    assert_type(task.to_json(), str)
    assert_type(record.to_json(indent=2), str)


def check_errors(error: wwt_sms.DeliveryReportError) -> None:
    as_value_error: ValueError = error
    as_wwt_error: wwt_sms.WwtError = error
    del as_value_error, as_wwt_error
