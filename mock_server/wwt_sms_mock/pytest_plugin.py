"""pytest plugin (entry point `pytest11`): the `wwt_mock` fixture.

Loaded by every pytest run where the package is installed, so it imports nothing at
module level beyond pytest itself; the mock loads when a test asks for the fixture.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ._faces.extra import missing_extra

if TYPE_CHECKING:
    from ._faces.respx import WwtMock

# The variable the SDK reads its default base URL from (the mock does not import the SDK).
BASE_URL_ENV = "WWT_BASE_URL"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "wwt_mock(base_url=..., seed=0, style='api', fixtures=DIR, deliver_to=app, "
        "**options): configure the wwt_mock fixture (keywords go to wwt_sms_mock.WwtMock; a "
        "relative fixtures directory is read from the test file's directory; deliver_to: an "
        "ASGI or WSGI app, or a callable(body, headers), that receives delivery reports "
        "in-process, journaled in wwt_mock.deliveries)",
    )


@pytest.fixture
def wwt_mock(request: pytest.FixtureRequest) -> Iterator[WwtMock]:
    """A fresh, active in-process WWT mock per test (self-check on): demo records, no rules.

    It mocks the marker's `base_url`, else `$WWT_BASE_URL` (where the SDK's clients go when
    given no base URL), else the real API's URL.
    """
    try:
        from ._faces.respx import WwtMock
    except ModuleNotFoundError as exc:
        better = missing_extra(exc)
        if better is None:
            raise
        pytest.fail(f"the wwt_mock fixture: {better}", pytrace=False)

    marker = request.node.get_closest_marker("wwt_mock")
    options = dict(marker.kwargs) if marker is not None else {}
    from_env = os.environ.get(BASE_URL_ENV)
    if from_env and "base_url" not in options:
        options["base_url"] = from_env
    fixtures = options.get("fixtures")
    if fixtures is not None and not Path(fixtures).is_absolute():
        options["fixtures"] = request.path.parent / fixtures
    with WwtMock(**options) as mock:
        yield mock
