"""Fixtures for the proxy's tests: one HTTP client, each upstream client's name, a drifting
upstream (helpers to run a proxy and read its report: `harness.py`)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from wwt_sms_mock._faces.server import run_in_thread
from wwt_sms_mock._proxy.upstream import CLIENTS

from .upstream import DriftingUpstream


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    """One client for every test: a new client per request costs ~50 ms of TLS setup."""
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.fixture(params=CLIENTS)
def upstream_client_kind(request: pytest.FixtureRequest) -> str:
    """The name of each of the proxy's upstream clients in turn (what `proxy_to(client=...)`
    takes)."""
    return str(request.param)


@pytest.fixture
def drifting() -> Iterator[tuple[str, DriftingUpstream]]:
    """The drifting upstream on a loopback port: (its base URL with /rest, the app)."""
    app = DriftingUpstream(slow_seconds=3.0)
    with run_in_thread(app) as root:
        yield root + "/rest", app
