"""Hypothesis settings for the whole suite, registered before any test runs.

No example has a deadline: a shared CI machine or a laptop under load is not a benchmark, and
the speed of the code is measured by the benchmarks, not by tests. On CI (hypothesis's `ci`
profile, loaded when it sees a CI environment variable such as `CI`) the examples are also
derandomized and no example database is kept. `--hypothesis-profile NAME` still wins, and the
contract tests take their own bounded profile (tests/contract/profiles.py).
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("default", settings.get_profile("default"), deadline=None)
settings.register_profile("ci", settings.get_profile("ci"), deadline=None, derandomize=True)
# Reload whichever of the two hypothesis chose at import, now without a deadline.
settings.load_profile(settings.get_current_profile_name())
