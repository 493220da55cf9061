"""Canonical JSON and the real API's quirks."""

from __future__ import annotations

import pytest

from tests import spec as contract
from wwt_sms_mock import MockCore, WireStyle
from wwt_sms_mock._core.styles import CANONICAL, VENDOR

from .core_calls import body, get


def test_style_names_and_flags() -> None:
    assert WireStyle.parse("canonical") == CANONICAL
    assert WireStyle.parse("quirks") == WireStyle.parse("vendor") == VENDOR
    assert WireStyle.parse("strings+datetimes") == WireStyle(True, True, False)
    assert WireStyle.parse("errors") == WireStyle(errors_in_200=True)
    assert WireStyle.parse(VENDOR) is VENDOR
    assert WireStyle(True, False, False).name == "numbers_as_strings"
    with pytest.raises(ValueError, match="unknown wire style"):
        WireStyle.parse("loud")


def test_canonical_matches_the_specs_canonical_example(core: MockCore) -> None:
    example = contract.operation("getSmsById").examples("200")["canonical"]
    assert body(get(core, "/sms/211")) == example


def test_vendor_style_matches_the_specs_vendor_example(core: MockCore) -> None:
    core.style = "vendor"
    example = contract.operation("getSmsById").examples("200")["vendor"]
    assert body(get(core, "/sms/211")) == example


def test_ids_above_js_safe_max_are_strings_in_every_style(core: MockCore) -> None:
    assert body(get(core, "/sms/9007199254740993"))["id"] == "9007199254740993"
    core.style = "vendor"
    assert body(get(core, "/sms/9007199254740993"))["id"] == "9007199254740993"


def test_errors_in_200_carry_the_code_as_a_string(core: MockCore) -> None:
    core.style = "errors"
    reply = get(core, "/sms/999")
    assert reply.status == 200
    assert body(reply) == {"error": "20", "errorDescription": "SMS not found"}
    # Gateway errors keep their status: the quirk is the API's, not the gateway's.
    assert get(core, "/sms/211", key=None).status == 401


def test_vendor_task_has_string_counters(core: MockCore) -> None:
    core.style = "vendor"
    task = body(get(core, "/sms/task/77"))
    assert task["error"] == "0"
    assert task["total"] == "2"
    assert task["validity"] == "72"
