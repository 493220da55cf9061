"""Registers the contract tests' hypothesis profiles (see `profiles.py`) before pytest reads
`--hypothesis-profile`: `pytest tests/contract --hypothesis-profile=long` finds `long` here."""

from __future__ import annotations

from tests.contract import profiles

__all__ = ["profiles"]
