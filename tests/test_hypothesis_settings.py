"""The suite's hypothesis settings (tests/conftest.py): no deadline, on CI or not."""

from __future__ import annotations

import pytest
from hypothesis import settings


@pytest.mark.parametrize("profile", ["default", "ci"])
def test_no_profile_of_the_suite_has_a_deadline(profile: str) -> None:
    assert settings.get_profile(profile).deadline is None


def test_ci_runs_the_same_examples_every_time() -> None:
    assert settings.get_profile("ci").derandomize is True


def test_the_loaded_settings_have_no_deadline() -> None:
    assert settings.default is not None
    assert settings.default.deadline is None
