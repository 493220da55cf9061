"""Amounts leave the mock exactly: a price a binary float would round is written digit for digit
(found by tests/contract's read-back property), and nothing that is not JSON gets out."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from wwt_sms_mock import ContractBreach, Message, MockCore

from .core_calls import get, header


def exact(reply_body: bytes, field: str) -> Decimal:
    """The field as an exact amount, whether it travelled as a JSON number or a string."""
    value = json.loads(reply_body, parse_float=Decimal, parse_int=Decimal)[field]
    return Decimal(value)


@pytest.mark.parametrize(
    "price",
    ["0.12345678901234567890", "699359035584.71650000001", "123456789.1234567", "1E+19", "0.23"],
)
@pytest.mark.parametrize("style", ["canonical", "vendor"])
def test_a_price_reads_back_exactly_in_both_styles(price: str, style: str) -> None:
    core = MockCore(self_check=True, demo=False, style=style)
    core.add_message(id=1, price=Decimal(price))
    assert exact(get(core, "/sms/1").body, "price") == Decimal(price)


def test_a_price_a_float_holds_stays_a_short_json_number() -> None:
    core = MockCore(self_check=True, demo=False)
    core.add_message(id=1, price=Decimal("0.2300000"))
    assert b'"price":0.23,' in get(core, "/sms/1").body


def test_a_campaigns_total_price_is_the_exact_sum() -> None:
    core = MockCore(self_check=True, demo=False)
    core.add_message(id=1, price=Decimal("0.10000000000000000001"))
    core.add_message(id=2, price=Decimal("0.2"))
    core.add_task(task_id=5, message_ids=(1, 2))
    assert exact(get(core, "/sms/task/5").body, "totalprice") == Decimal("0.30000000000000000001")


def test_a_string_that_looks_like_the_internal_mark_stays_a_string() -> None:
    core = MockCore(self_check=True, demo=False)
    core.add_message(id=1, currency="\x00decimal:5", reference="\x00")
    assert json.loads(get(core, "/sms/1").body)["currency"] == "\x00decimal:5"


@pytest.mark.parametrize(
    "price", ["NaN", "Infinity", "-Infinity", "sNaN", "1e999999999", "1E+21", "1,5", "-0.1", ""]
)
def test_a_price_that_is_not_an_amount_is_refused(price: str) -> None:
    with pytest.raises(ValueError, match=r"price must (be a decimal amount|not be negative)"):
        Message(id=1, price=price)  # type: ignore[arg-type]


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_the_self_check_refuses_numbers_json_does_not_have(constant: bytes) -> None:
    core = MockCore(self_check=True)
    operation = next(op for op in core.spec.operations if op.operation_id == "getSmsById")
    body = b'{"code": 500, "message": "x", "extra": ' + constant + b"}"
    headers = [(b"content-type", b"application/json")]
    with pytest.raises(ContractBreach, match="not JSON"):
        core.spec.check_response(operation, 500, headers, body)


def test_the_reply_headers_still_count_the_exact_body() -> None:
    core = MockCore(self_check=True, demo=False)
    core.add_message(id=1, price=Decimal("0.12345678901234567890"))
    reply = get(core, "/sms/1")
    assert header(reply, "content-length") == str(len(reply.body))
