"""schemathesis against the standalone mock over real HTTP, from pytest.

Every check schemathesis has, positive and negative data, the examples, coverage and fuzzing
phases per operation, then the stateful phase over the links it infers (the spec declares
none yet). The seed is fixed; the examples per operation come from the contract profile
(`profiles.py`): bounded in the default run, many more under `--hypothesis-profile=long`.
`nox -s contract` runs the same tool from its CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis

from tests import spec
from tests.contract import profiles
from tests.keys import KEY
from wwt_sms_mock import LiveServer, serve_in_thread

pytestmark = pytest.mark.network


# Requests go to the live mock: each call passes its URL. The configured base URL is a closed
# port, so a call that forgot it fails to connect instead of reaching the production server
# that the spec's `servers` names.
NOWHERE = "http://127.0.0.1:9/rest"


def config(base_url: str = NOWHERE) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": profiles.SCHEMATHESIS_SEED,
            "base-url": base_url,
            "headers": {"X-API-KEY": KEY},
            "checks": {"enabled": True},
            "generation": {"mode": "all"},
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True},
            },
        }
    )


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    """The mock over HTTP, self-check on: a response outside the contract fails on exit too."""
    with serve_in_thread() as url:
        yield url


# Loaded eagerly: `schemathesis.pytest.from_fixture` (the lazy loader) sets `request.node._nodeid`,
# which pytest 9 no longer has (AttributeError at the first test).
schema = schemathesis.openapi.from_path(spec.SPEC_PATH, config=config())


@schema.parametrize()
@profiles.scaled(25)
def test_every_operation_passes_every_check(case: schemathesis.Case[Any], live: LiveServer) -> None:
    case.call_and_validate(base_url=str(live))
    assert live.mock.breaches == []


def test_the_stateful_phase_passes_every_check(live: LiveServer) -> None:
    machine = schemathesis.openapi.from_path(spec.SPEC_PATH, config=config(str(live)))
    workflow = machine.as_state_machine()
    transitions = [rule for rule in dir(workflow) if "_200_" in rule]
    assert transitions, "no links to follow: the stateful phase would test nothing"
    workflow.run(settings=profiles.scaled(5))
    assert live.mock.breaches == []


def test_what_the_mock_answers_without_a_key_is_documented(live: LiveServer) -> None:
    # `ignored_auth` runs inside the checks above; this pins its premise: the mock refuses.
    import httpx

    for path in ("/sms/211", "/sms/reference/ext19", "/sms/task/77"):
        response = httpx.get(str(live) + path)
        assert response.status_code == 401
        body: Any = response.json()
        assert spec.operation("getSmsById").body_validator("401").is_valid(body)
