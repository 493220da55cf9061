"""Bodies the contract properties found that once broke the SDK, kept as regression tests."""

from __future__ import annotations

from typing import Any

import pytest

import wwt_sms
from tests import spec, strategies

from .harness import answer, outcome

SMS: dict[str, Any] = dict(spec.operation("getSmsById").examples("200")["canonical"])
TASK: dict[str, Any] = dict(spec.operation("getTaskById").examples("200")["canonical"])


def test_a_boolean_error_field_is_not_success() -> None:
    result = outcome("getSmsById", 200, strategies.dumps({**SMS, "error": False}))
    assert isinstance(result, wwt_sms.UnexpectedResponseError), repr(result)


def test_an_error_code_with_a_huge_exponent_gives_an_sdk_error() -> None:
    body = b'{"error": 1e5000, "errorDescription": "Huge"}'
    result = outcome("getSmsById", 404, body)
    assert isinstance(result, wwt_sms.WwtError), repr(result)


# int(Decimal("1e120000")) takes about half a second; it grows with the square of the exponent
# (1e600000: 11 s; 1e2000000: minutes): a 14-byte field could hang the client.
HUGE = "1e120000"


@pytest.mark.parametrize(
    ("operation_id", "body", "field"),
    [("getSmsById", SMS, "id"), ("getTaskById", TASK, "validity"), ("getTaskById", TASK, "sent")],
)
def test_an_integer_with_a_huge_exponent_is_answered_at_once(
    operation_id: str, body: dict[str, Any], field: str
) -> None:
    payload = strategies.dumps({**body, field: "EXPONENT"}).replace(b'"EXPONENT"', HUGE.encode())
    # Out of the contract's 64-bit bounds: refused by a size check, before `int()` would spend
    # minutes building the number (the bug this pins showed as a test that never finished).
    result = outcome(operation_id, 200, payload)
    assert isinstance(result, wwt_sms.UnexpectedResponseError), repr(result)


def test_an_msisdn_written_with_a_fraction_is_read() -> None:
    body = strategies.dumps({**SMS, "msisdn": 380972000001.0})
    assert spec.schema_validator("Sms").is_valid({**SMS, "msisdn": 380972000001.0})
    assert answer("getSmsById", 200, body).msisdn == "380972000001"
