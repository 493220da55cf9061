"""Hypothesis profiles for the contract tests: bounded and repeatable by default, `long` on demand.

* `contract` (the default here): few enough examples that `tests/contract` runs in seconds,
  derandomized (the same examples on every run and every machine), no example database, no
  deadline (a shared CI machine is not a benchmark).
* `long` (`nox -s contract_long`, i.e. `pytest tests/contract --hypothesis-profile=long`): many
  more examples, random, to look for what the bounded run cannot reach.

The profiles apply to the contract tests only: each test takes `active()` explicitly, so loading
this module does not change the settings of the rest of the suite. A profile chosen with
`--hypothesis-profile` wins; without one (hypothesis's own `default`, or the `ci` profile it loads
itself on CI) the contract tests use `contract`.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

BOUNDED = "contract"
LONG = "long"
SCHEMATHESIS_SEED = 20261126  # the same seed as `nox -s contract`

_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]

settings.register_profile(
    BOUNDED,
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_QUIET,
)
settings.register_profile(
    LONG,
    max_examples=1000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[*_QUIET, HealthCheck.data_too_large],
)


def active() -> settings:
    """The settings the contract tests run with (see the module docstring)."""
    current = settings.get_current_profile_name()
    return settings.get_profile(BOUNDED if current in ("default", "ci") else current)


def scaled(examples: int) -> settings:
    """`active()` with `examples` in the bounded profile, scaled up by the same factor in others:
    a test that is costly per example asks for fewer, and `long` still multiplies them."""
    chosen = active()
    factor = chosen.max_examples / settings.get_profile(BOUNDED).max_examples
    return settings(chosen, max_examples=max(1, round(examples * factor)))
