"""The consumers driver's own logic, without generators: its data and its comparisons."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests import spec
from tests.consumers.meaning import Case, compare, meaning
from tests.consumers.mock_cases import MOCK_CASES
from tests.consumers.steps import HERE

VENDOR_CASES: list[dict[str, Any]] = json.loads(
    (HERE / "vendor_bodies.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", VENDOR_CASES, ids=lambda case: case["name"])
def test_every_vendor_body_is_valid_for_the_spec(case: dict[str, Any]) -> None:
    validator = spec.operation(case["operation"]).body_validator(str(case["status"]))
    assert [e.message for e in validator.iter_errors(case["body"])] == []


@pytest.mark.parametrize("case", VENDOR_CASES, ids=lambda case: case["name"])
def test_every_vendor_body_says_what_its_case_expects(case: dict[str, Any]) -> None:
    said = meaning(case["operation"], case["body"])
    assert {key: said.get(key) for key in case["expect"]} == case["expect"]


def test_the_mock_cases_cover_every_operation_and_both_not_found_codes() -> None:
    assert {case.operation for case in MOCK_CASES} == {op.operation_id for op in spec.operations()}
    codes = {case.expect.get("code") for case in MOCK_CASES}
    assert {20, 30} <= codes


SMS = VENDOR_CASES[0]
CASE = Case(SMS["name"], SMS["operation"], SMS["argument"], SMS["expect"])
SENT = (200, SMS["body"])


def test_a_client_that_reads_every_field_passes() -> None:
    assert compare(CASE, SENT, {"status": 200, "body": dict(SMS["body"])}) == []


def test_the_same_values_in_another_wire_form_pass() -> None:
    body = {**SMS["body"], "id": 211, "msisdn": 380972000001, "price": "0.2300000",
            "time_in": "2017-01-17T09:11:41+00:00", "error": "0"}  # fmt: skip
    assert compare(CASE, SENT, {"status": 200, "body": body}) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda body: body.pop("msisdn"), "msisdn: sent '380972000001', read None"),
        (lambda body: body.update(price=0.24), "price: sent '0.23', read '0.24'"),
        (lambda body: body.update(time_dr=None), "time_dr: sent"),
        (lambda body: body.update(error=20), "kind: sent 'sms', read 'error'"),
    ],
)
def test_a_dropped_or_changed_field_is_a_problem(change: Any, problem: str) -> None:
    body = dict(SMS["body"])
    change(body)
    problems = compare(CASE, SENT, {"status": 200, "body": body})
    assert any(p.startswith(problem) for p in problems), problems


def test_a_crash_a_wrong_status_or_no_report_is_a_problem() -> None:
    crash = compare(CASE, SENT, {"failure": "ValueError: Multiple matches"})
    assert crash == ["client failed: ValueError: Multiple matches"]
    status = compare(CASE, SENT, {"status": 404, "body": dict(SMS["body"])})
    assert status == ["status: the server sent 200, the client saw 404"]
    assert compare(CASE, SENT, None) == ["no report from the consumer"]


def test_a_server_that_does_not_send_what_the_case_expects_is_a_problem() -> None:
    wrong = (200, {**SMS["body"], "status": "sent"})
    problems = compare(CASE, wrong, {"status": 200, "body": dict(wrong[1])})
    assert problems == ["server sent: status: expected 'delivered', got 'sent'"]


def test_a_mass_status_answer_is_read_item_by_item_in_any_order() -> None:
    case = Case("statuses", "getSmsStatuses", "1,2,3", {"kind": "statuses", "ids": ["1", "2"]})
    items: list[dict[str, Any]] = [
        {"id": "1", "external_id": "ext_id_16", "msisdn": "380972000001", "time_sent": None,
         "time_dr": None, "status": "sent", "price": 0.23, "currency": "EUR"},
        {"id": "2", "external_id": None, "msisdn": "380972000002",
         "time_sent": "2017-01-17 09:11:41", "time_dr": None, "status": "delivered",
         "price": "0.2300000", "currency": "EUR"},
    ]  # fmt: skip
    sent = (200, {"result": items})
    reordered = [{**items[1], "id": 2, "time_sent": "2017-01-17T09:11:41+00:00"}, items[0]]
    assert compare(case, sent, {"status": 200, "body": {"result": reordered}}) == []
    dropped = [items[0], {k: v for k, v in items[1].items() if k != "time_sent"}]
    problems = compare(case, sent, {"status": 200, "body": {"result": dropped}})
    assert len(problems) == 1
    assert problems[0].startswith("items: sent")
