"""What a reader must get out of a body, in one normal form, and the comparison of what a
server sent with what a client read back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

COUNTERS = ("total", "sent", "queued", "accepted", "enroute", "delivered", "expired",
            "undeliverable", "unknown")  # fmt: skip


def _digits(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _amount(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return f"not an amount: {value!r}"


def _moment(value: Any) -> str | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return f"not a datetime: {value!r}"
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).isoformat()


def _count(value: Any) -> int | str:
    if value is None:
        return 0  # counters the API leaves out are zero
    try:
        return int(value)
    except (TypeError, ValueError):
        return f"not a count: {value!r}"


def _record(item: Any) -> dict[str, Any]:
    """One item of a mass-status answer, in its normal form."""
    if not isinstance(item, Mapping):
        return {"not an object": item}
    return {
        "id": _digits(item.get("id")),
        "external_id": item.get("external_id"),
        "msisdn": _digits(item.get("msisdn")),
        "time_sent": _moment(item.get("time_sent")),
        "time_dr": _moment(item.get("time_dr")),
        "status": item.get("status"),
        "price": _amount(item.get("price")),
        "currency": item.get("currency"),
    }


def meaning(operation: str, body: Any) -> dict[str, Any]:
    """What a body says, in one normal form: the thing every client must agree on."""
    if not isinstance(body, Mapping):
        return {"kind": "not an object", "body": body}
    error = body.get("error")
    if error is not None and str(error) != "0":
        return {"kind": "error", "code": _count(error)}
    if "code" in body and "message" in body:
        return {"kind": "gateway", "code": body["code"], "message": body["message"]}
    if operation == "getSmsStatuses":
        items = sorted((_record(item) for item in body.get("result") or ()), key=str)
        return {"kind": "statuses", "ids": sorted(str(i.get("id")) for i in items), "items": items}
    if operation == "getTaskById":
        return {
            "kind": "task",
            "originator": body.get("originator"),
            "body": body.get("body"),
            "validity": None if body.get("validity") is None else _count(body["validity"]),
            "totalprice": _amount(body.get("totalprice")),
            "currency": body.get("currency"),
            **{name: _count(body.get(name)) for name in COUNTERS},
        }
    return {
        "kind": "sms",
        "id": _digits(body.get("id")),
        "msisdn": _digits(body.get("msisdn")),
        "reference": body.get("reference"),
        "time_in": _moment(body.get("time_in")),
        "time_sent": _moment(body.get("time_sent")),
        "time_dr": _moment(body.get("time_dr")),
        "status": body.get("status"),
        "price": _amount(body.get("price")),
        "currency": body.get("currency"),
    }


@dataclass(frozen=True)
class Case:
    """One call a consumer makes, and what the answer must say."""

    name: str
    operation: str
    argument: str
    expect: Mapping[str, Any]  # part of `meaning(...)` of the answer, in its normal form

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "operation": self.operation, "argument": self.argument}


def _expect(case: Case, answer: Mapping[str, Any]) -> list[str]:
    return [
        f"{key}: expected {value!r}, got {answer.get(key)!r}"
        for key, value in case.expect.items()
        if answer.get(key) != value
    ]


def compare(case: Case, sent: tuple[int, Any], report: Mapping[str, Any] | None) -> list[str]:
    """Problems with one call: what the server sent against the case's expectations, and what
    the client read against what the server sent."""
    status, body = sent
    answer = meaning(case.operation, body)
    problems = [f"server sent: {p}" for p in _expect(case, answer)]
    if report is None:
        return [*problems, "no report from the consumer"]
    if "failure" in report:
        return [*problems, f"client failed: {report['failure']}"]
    if report.get("status") != status:
        problems.append(f"status: the server sent {status}, the client saw {report.get('status')}")
    read = meaning(case.operation, report.get("body"))
    problems += [
        f"{key}: sent {answer[key]!r}, read {read.get(key)!r}"
        for key in answer
        if read.get(key) != answer[key]
    ]
    return problems
