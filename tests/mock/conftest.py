"""Fixtures for the mock's tests: a fresh core (helpers to call it: `core_calls.py`)."""

from __future__ import annotations

import pytest

from wwt_sms_mock import MockCore


@pytest.fixture
def core() -> MockCore:
    """A fresh core in the canonical style (errors at their HTTP status, as the spec's
    examples pair them), self-check on: any response outside the contract raises. The
    default style, the real API's, has its own tests (test_api_style.py)."""
    return MockCore(self_check=True, style="canonical")
