"""The default style imitates the real API: each row of the README's table, checked.

Each row names a field or behaviour, what the mock sends by default, and the evidence for it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from wwt_sms_mock import MockCore
from wwt_sms_mock._contract.compile import load_document
from wwt_sms_mock._contract.routing import NEIGHBOURS

from .core_calls import body, get, header

PAGE = "the vendor's page example and SDK models (php-sdk-v1)"
TASK_EXAMPLE = "the vendor's published task example"


class Row(NamedTuple):
    behaviour: str
    path: str
    sends: str
    source: str
    check: Callable[[int, Any], bool]


ROWS = [
    Row("message `id`", "/sms/211", '`"211"` (string)', PAGE, lambda s, b: b["id"] == "211"),
    Row(
        "message `msisdn`",
        "/sms/211",
        '`"380972000001"` (string)',
        PAGE,
        lambda s, b: b["msisdn"] == "380972000001",
    ),
    Row(
        "message `error`, `errorDescription`",
        "/sms/211",
        '`0` (number), `"No errors"`',
        PAGE,
        lambda s, b: b["error"] == 0 and b["errorDescription"] == "No errors",
    ),
    Row(
        "message `price`",
        "/sms/211",
        "`0.23` (number)",
        PAGE,
        lambda s, b: b["price"] == 0.23 and isinstance(b["price"], float),
    ),
    Row(
        "`time_in`, `time_sent`, `time_dr`",
        "/sms/211",
        '`"2017-01-17 09:11:41"`, no zone',
        "the vendor's introduction and page example",
        lambda s, b: b["time_in"] == "2017-01-17 09:11:41",
    ),
    Row(
        "`time_sent`, `time_dr` before they happen",
        "/sms/212",
        "`null`",
        "the vendor's page",
        lambda s, b: b["time_sent"] is None and b["time_dr"] is None,
    ),
    Row(
        "an ID above 2^53 - 1",
        "/sms/9007199254740993",
        "a string of digits",
        "the contract (Identifiers above 2^53 - 1)",
        lambda s, b: b["id"] == "9007199254740993",
    ),
    Row(
        "campaign `error`",
        "/sms/task/77",
        '`"0"` (string)',
        TASK_EXAMPLE,
        lambda s, b: b["error"] == "0",
    ),
    Row(
        "campaign counters and `validity`",
        "/sms/task/77",
        '`"2"`, `"72"` (strings)',
        TASK_EXAMPLE,
        lambda s, b: b["total"] == "2" and b["validity"] == "72",
    ),
    Row(
        "campaign `totalprice`",
        "/sms/task/77",
        '`"0.4"` (string, no padding)',
        TASK_EXAMPLE,
        lambda s, b: b["totalprice"] == "0.4",
    ),
    Row(
        "message not found (code 20)",
        "/sms/999",
        'HTTP 200, `{"error": 20, ...}`',
        "php-sdk-v1 (not found is HTTP 200); the vendor's error example",
        lambda s, b: (s, b) == (200, {"error": 20, "errorDescription": "SMS not found"}),
    ),
    Row(
        "reference not found (code 20)",
        "/sms/reference/nobody",
        'HTTP 200, `{"error": 20, ...}`',
        "php-sdk-v1",
        lambda s, b: (s, b["error"]) == (200, 20),
    ),
    Row(
        "campaign not found (code 30)",
        "/sms/task/5",
        'HTTP 200, `{"error": 30, ...}`',
        "php-sdk-v1",
        lambda s, b: (s, b["error"]) == (200, 30),
    ),
    Row(
        "malformed message ID (code 24)",
        "/sms/abc",
        'HTTP 400, `{"error": 24, ...}`',
        "the contract; php-sdk-v1 (400 for bad input)",
        lambda s, b: (s, b["error"]) == (400, 24),
    ),
    Row(
        "malformed reference (code 27)",
        "/sms/reference/a%20b",
        'HTTP 400, `{"error": 27, ...}`',
        "the contract's reference rule",
        lambda s, b: (s, b["error"]) == (400, 27),
    ),
    Row(
        "malformed task ID (code 29)",
        "/sms/task/x",
        'HTTP 400, `{"error": 29, ...}`',
        "the contract",
        lambda s, b: (s, b["error"]) == (400, 29),
    ),
    Row(
        "the real API's other routes (`/sms/balance`, `/sms/prices`, ...)",
        "/sms/balance",
        'HTTP 404, `{"code": 404, "message": "this route is not part of this contract ..."}`',
        "php-sdk-v1 (404 is the gateway shape); the vendor's SDKs (the routes)",
        lambda s, b: s == 404 and b["code"] == 404 and "not part of this contract" in b["message"],
    ),
    Row(
        "an unknown path",
        "/nowhere",
        'HTTP 404, `{"code": 404, "message": "Not found"}`',
        "php-sdk-v1 (404 is the gateway shape)",
        lambda s, b: (s, b["code"]) == (404, 404),
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.behaviour for row in ROWS])
def test_the_default_sends_what_the_table_says(row: Row) -> None:
    core = MockCore(self_check=True)  # the default style; every reply checked against the spec
    reply = get(core, row.path)
    assert row.check(reply.status, body(reply)), (reply.status, body(reply))


def test_a_missing_key_gets_the_gateway_shape() -> None:
    reply = get(MockCore(self_check=True), "/sms/211", key=None)
    assert (reply.status, body(reply)) == (401, {"code": 401, "message": "API Key not found"})


@pytest.mark.parametrize("template", NEIGHBOURS)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_neighbouring_route_is_outside_the_contract_in_every_style(
    template: str, method: str
) -> None:
    path = "/rest" + template.replace("{tariff}", "basic")
    for style in ("api", "canonical", "vendor"):
        core = MockCore(self_check=True, style=style)
        reply = core.handle(method, path, [(b"x-api-key", b"test_key")])
        assert reply.status == 404
        assert "not part of this contract" in body(reply)["message"]
        assert core.journal.last.operation is None


def test_canonical_keeps_clean_http_statuses() -> None:
    core = MockCore(self_check=True, style="canonical")
    reply = get(core, "/sms/999")
    assert (reply.status, body(reply)) == (404, {"error": 20, "errorDescription": "SMS not found"})
    assert body(get(core, "/sms/211"))["id"] == 211


def test_asking_for_a_404_by_name_gets_one_in_the_default_style() -> None:
    core = MockCore(self_check=True)
    reply = get(core, "/sms/211", prefer="code=404")
    assert reply.status == 404
    assert header(reply, "preference-applied") == "code=404"
    forced = get(core, "/sms/211", prefer="error=20")
    assert (forced.status, body(forced)["error"]) == (200, 20)  # the code, as the API sends it


def _with_reference_rule(tmp_path: Path, pattern: str, longest: int) -> Path:
    document = load_document()
    schema = document["components"]["parameters"]["SmsReference"]["schema"]
    schema.update(pattern=pattern, maxLength=longest)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), "utf-8")
    return path


@pytest.mark.parametrize(
    ("pattern", "longest", "reference", "status"),
    [
        ("^[A-Za-z0-9]{1,32}$", 32, "ext_id_16", 400),
        ("^[\\x21\\x22\\x24\\x26-\\x2E\\x30-\\x3E\\x40-\\x7E]{1,50}$", 50, "ext_id_16", 200),
        ("^[\\x21\\x22\\x24\\x26-\\x2E\\x30-\\x3E\\x40-\\x7E]{1,50}$", 50, "r" * 51, 400),
        ("^[\\x21\\x22\\x24\\x26-\\x2E\\x30-\\x3E\\x40-\\x7E]{1,50}$", 50, "a%23b", 400),
    ],
)
def test_the_reference_rule_is_the_specs(
    tmp_path: Path, pattern: str, longest: int, reference: str, status: int
) -> None:
    """Whatever rule the spec gives references, the mock applies it (nothing hard-coded)."""
    core = MockCore(self_check=True, spec_path=_with_reference_rule(tmp_path, pattern, longest))
    reply = get(core, "/sms/reference/" + reference)
    assert reply.status == status
    assert body(reply)["error"] == (20 if status == 200 else 27)
