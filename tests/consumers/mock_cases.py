"""The records the driver puts in the mock, the calls each consumer makes of it and what every
answer must say, and the wire styles the mock is read in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.consumers.meaning import Case
from tests.consumers.servers import http
from tests.consumers.steps import Failed

# --8<-- [start:records]
# Virtual seconds: the mock's clock stands still at 0 unless told to move.
MESSAGES = (
    {"id": 4242, "msisdn": "380972000042", "reference": "ext_id_16", "status": "delivered",
     "price": "0.23", "currency": "EUR", "time_in": -300, "time_sent": -299, "time_dr": -295},
    {"id": 4243, "msisdn": "380972000043", "reference": None, "status": "scheduled",
     "price": "1.1", "currency": "EUR", "time_in": -60},
    # Above 2^53 - 1: exact only as a string in JavaScript, on the wire and in the path.
    {"id": 9007199254740993, "msisdn": "380972000044", "reference": "unique_ref_123",
     "status": "sent", "price": "0.05", "currency": "EUR", "time_in": -30, "time_sent": -20},
)  # fmt: skip
TASK = {"task_id": 5150, "message_ids": [4242, 4243], "originator": "alpha_name",
        "body": "test sms", "validity": 72, "currency": "EUR"}  # fmt: skip
# --8<-- [end:records]

MOCK_CASES = (
    Case("sms-delivered", "getSmsById", "4242",
         {"kind": "sms", "id": "4242", "msisdn": "380972000042", "reference": "ext_id_16",
          "status": "delivered", "price": "0.23", "currency": "EUR"}),
    Case("sms-pending", "getSmsById", "4243",
         {"kind": "sms", "id": "4243", "reference": None, "time_sent": None, "time_dr": None,
          "status": "scheduled", "price": "1.1"}),
    Case("sms-large-id", "getSmsById", "9007199254740993",
         {"kind": "sms", "id": "9007199254740993", "reference": "unique_ref_123"}),
    Case("sms-by-reference", "getSmsByReference", "ext_id_16",
         {"kind": "sms", "id": "4242", "reference": "ext_id_16", "status": "delivered"}),
    Case("sms-unknown-id", "getSmsById", "999999", {"kind": "error", "code": 20}),
    Case("sms-unknown-reference", "getSmsByReference", "ext_id_17", {"kind": "error", "code": 20}),
    Case("task", "getTaskById", "5150",
         {"kind": "task", "originator": "alpha_name", "body": "test sms", "validity": 72,
          "totalprice": "1.33", "currency": "EUR", "total": 2, "sent": 1, "delivered": 1}),
    Case("task-unknown", "getTaskById", "999998", {"kind": "error", "code": 30}),
    # IDs a JavaScript number holds exactly: a generated TS client sends the numbers it is given.
    Case("statuses", "getSmsStatuses", "4243,999999,4242,4243",
         {"kind": "statuses", "ids": ["4242", "4243"]}),
    Case("statuses-none-known", "getSmsStatuses", "999999",
         {"kind": "statuses", "ids": []}),
)  # fmt: skip


def mock_styles(control: str) -> list[tuple[str, dict[str, Any]]]:
    """The wire styles to try, as (name, what to PUT to /__mock/style): every named style the
    mock publishes (`styles`), then each of its flags alone (the flags as the mock reports them,
    so a new style or flag is tried without a change here)."""
    status, answer = http("GET", f"{control}/style")
    if status != 200 or not isinstance(answer, dict):
        raise Failed(f"GET /__mock/style answered {status}: {answer!r}")
    flags = sorted(answer["style_flags"])
    choices: list[dict[str, Any]] = [{"style": str(name)} for name in answer.get("styles", [])]
    choices += [{f: f == on for f in flags} for on in flags]
    styles: dict[str, dict[str, Any]] = {}
    for choice in choices:
        status, chosen = http("PUT", f"{control}/style", choice)
        if status != 200:
            raise Failed(f"PUT /__mock/style {choice} answered {status}: {chosen!r}")
        styles.setdefault(str(chosen["style"]), choice)
    return list(styles.items())


def prepare_mock(control: str, style: Mapping[str, Any]) -> None:
    """A fresh mock (time 0, no rules) holding exactly this run's records, in `style`."""
    # --8<-- [start:prepare]
    for method, path, payload in (
        ("POST", "/reset", None),
        ("POST", "/clear", None),
        *(("PUT", "/messages", message) for message in MESSAGES),
        ("PUT", "/tasks", TASK),
        ("PUT", "/style", dict(style)),
    ):
        status, answer = http(method, control + path, payload)
        if status not in (200, 201):
            raise Failed(f"{method} /__mock{path} answered {status}: {answer!r}")
    # --8<-- [end:prepare]
