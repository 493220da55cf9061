"""pytest plugin (entry point `pytest11`): the `wwt_mock` fixture.

Loaded by every pytest run where the package is installed, so it imports nothing at
module level beyond pytest itself; the mock loads when a test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._respx import WwtMock


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "wwt_mock(base_url=..., seed=0, style='canonical', fixtures=DIR, **options): "
        "configure the wwt_mock fixture (keywords go to wwt_sms_mock.WwtMock; a relative "
        "fixtures directory is read from the test file's directory)",
    )


@pytest.fixture
def wwt_mock(request: pytest.FixtureRequest) -> Iterator[WwtMock]:
    """A fresh, active in-process WWT mock per test (self-check on): demo records, no rules."""
    from ._respx import WwtMock

    marker = request.node.get_closest_marker("wwt_mock")
    options = dict(marker.kwargs) if marker is not None else {}
    fixtures = options.get("fixtures")
    if fixtures is not None and not Path(fixtures).is_absolute():
        options["fixtures"] = request.path.parent / fixtures
    with WwtMock(**options) as mock:
        yield mock
