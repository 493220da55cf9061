"""Registers the contract tests' hypothesis profiles (see `profiles.py`) before pytest reads
`--hypothesis-profile`: `pytest tests/contract --hypothesis-profile=long` finds `long` here.
The property tests' helpers are in `harness.py`."""

from __future__ import annotations

import pytest

from tests.contract import profiles
from wwt_sms_mock import MockCore

__all__ = ["profiles"]


@pytest.fixture(scope="module")
def core() -> MockCore:
    """One mock core (self-check on) per module: the requests of the property tests change no
    state (or set it back)."""
    return MockCore(self_check=True)
