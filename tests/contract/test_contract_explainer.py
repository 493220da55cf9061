"""The SDK's `on_contract_drift` and the mock's contract check explain a body through the same
code (`wwt_sms_contract`): fed the same bodies, they name the same place for the same reason.
Also the parts of that code on their own: the regex dialect, the nesting bound, redaction."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import httpx
import pytest

from wwt_sms import _contract_drift
from wwt_sms_contract import (
    MAX_NESTING,
    BodyError,
    decode_body,
    ecma_regex,
    nested_deeper_than,
    redact,
    shorten,
)
from wwt_sms_mock._contract.check import ContractChecker
from wwt_sms_mock._contract.compile import load_spec

SMS: dict[str, Any] = {
    "error": 0,
    "errorDescription": "No errors",
    "id": 211,
    "msisdn": "380972000001",
    "reference": "ext19",
    "time_in": "2017-01-17 09:11:41",
    "time_sent": None,
    "time_dr": None,
    "status": "delivered",
    "price": "0.23",
    "currency": "EUR",
}
_WITHOUT_STATUS = {k: v for k, v in SMS.items() if k != "status"}

BODIES: list[tuple[dict[str, Any], str, str]] = [
    ({**SMS, "errorDescription": 5}, "/errorDescription", "is not of type 'string'"),
    ({**SMS, "time_in": "yesterday"}, "/time_in", "does not match"),
    ({**SMS, "time_in": "2017-01-17 09:11:41\n"}, "/time_in", "does not match"),
    ({**SMS, "id": "abc"}, "/id", '"abc" fits none of'),
    ({**SMS, "id": "211\n"}, "/id", "fits none of"),
    (_WITHOUT_STATUS, "/status", "'status' is a required property"),
    ({"error": "abc", "errorDescription": "Bad"}, "/error", "fits none of"),
]


def _sdk(body: dict[str, Any]) -> tuple[str, str] | None:
    contract = _contract_drift._contract()
    operation = contract.operation("GET", "/sms/211")
    assert operation is not None
    response = httpx.Response(200, json=body)
    return next(contract._violations(operation, response, "application/json"), None)


def _mock(body: dict[str, Any]) -> tuple[str, str] | None:
    spec = load_spec()
    checker = ContractChecker(spec)
    located, _ = checker.locate("GET", f"{spec.base_path}/sms/211")
    assert located.operation is not None
    pointer = located.operation.responses[200].pointer
    assert pointer is not None
    found = next(iter(checker.value_violations(pointer, body)), None)
    return None if found is None else (found.pointer, found.message)


@pytest.mark.parametrize(("body", "pointer", "words"), BODIES)
def test_both_checks_name_the_same_place_for_the_same_reason(
    body: dict[str, Any], pointer: str, words: str
) -> None:
    sdk, mock = _sdk(body), _mock(body)
    assert sdk == mock
    assert sdk is not None
    assert sdk[0] == pointer
    assert words in sdk[1]


def test_both_checks_pass_a_body_the_contract_allows() -> None:
    assert _sdk(SMS) is None
    assert _mock(SMS) is None


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^[0-9]+$", "211", True),
        (r"^[0-9]+$", "211\n", False),
        (r"^\d+$", "٢١١", False),  # ECMA-262 \d is ASCII digits only
        (r"^[\d.]+$", "1.5", True),
        (r"^a\$$", "a$", True),  # an escaped dollar stays a dollar
        (r"^[$]+$", "$$", True),  # so does one in a class
        (r"^[$]+$", "$$\n", False),
        (r"^\w+$", "é", False),
    ],
)
def test_patterns_read_as_ecma_262(pattern: str, text: str, matches: bool) -> None:
    assert (ecma_regex(pattern).search(text) is not None) is matches


def test_nesting_is_bounded_without_recursion() -> None:
    assert not nested_deeper_than([[[]]], 3)
    assert nested_deeper_than([[[[]]]], 3)
    assert not nested_deeper_than("[[[[", 0)
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    assert nested_deeper_than(deep, MAX_NESTING)  # no RecursionError on the way
    assert decode_body(b"[" * MAX_NESTING + b"]" * MAX_NESTING) is not None
    for body in (b"[" * (MAX_NESTING + 1) + b"]" * (MAX_NESTING + 1), b"[" * 10**5 + b"]" * 10**5):
        with pytest.raises(BodyError, match=f"nested over {MAX_NESTING} deep"):
            decode_body(body)
    with pytest.raises(BodyError, match="NaN is not a JSON number"):
        decode_body(b'{"price": NaN}')


def test_secrets_are_redacted_in_every_written_form_before_the_cut() -> None:
    key = 'test_k"e\\y/1'
    text = f"raw {key} json {json.dumps(key)} repr {key!r}"
    assert "k" not in redact(text, key).replace("[redacted]", "")
    assert redact("nothing to hide", None, "") == "nothing to hide"
    long = "x" * 95 + key
    assert "test_" not in shorten(redact(long, key), 100)
    assert shorten(long, 100).endswith("…")  # cutting first would leave the key's start


def test_the_shared_package_needs_only_the_standard_library() -> None:
    code = (
        "import sys, wwt_sms_contract\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "print(sorted(loaded & {'wwt_sms', 'wwt_sms_mock', 'jsonschema', 'httpx', 'yaml'}))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert found.stdout.strip() == "[]"
