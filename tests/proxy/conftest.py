"""Shared pieces for the proxy's tests: a proxy in front of any upstream, its report read back."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from wwt_sms_mock._faces.server import run_in_thread
from wwt_sms_mock._proxy.app import ProxyLimits
from wwt_sms_mock._proxy.server import LiveProxy, build_proxy, proxy_in_thread
from wwt_sms_mock._proxy.upstream import CLIENTS

from .upstream import DriftingUpstream

KEY = "test_proxysuite_0123456789"


@contextlib.contextmanager
def proxy_to(
    upstream: str,
    tmp_path: Path,
    *,
    limits: ProxyLimits | None = None,
    style_check: bool = False,
    client: str = "aiohttp",
) -> Iterator[LiveProxy]:
    """A proxy in a thread in front of `upstream`, reporting and recording under `tmp_path`."""
    app = build_proxy(
        upstream,
        report=tmp_path / "report.jsonl",
        record=tmp_path / "recorded",
        style_check=style_check,
        limits=limits,
        client=client,
    )
    with proxy_in_thread(app) as proxy:
        yield proxy


def report_lines(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "report.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def violations(tmp_path: Path) -> list[dict[str, Any]]:
    return [line for line in report_lines(tmp_path) if line["kind"] == "violation"]


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    """One client for every test: a new client per request costs ~50 ms of TLS setup."""
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.fixture(params=CLIENTS)
def client(request: pytest.FixtureRequest) -> str:
    """Each of the proxy's upstream clients in turn."""
    return str(request.param)


@pytest.fixture
def drifting() -> Iterator[tuple[str, DriftingUpstream]]:
    """The drifting upstream on a loopback port: (its base URL with /rest, the app)."""
    app = DriftingUpstream(slow_seconds=3.0)
    with run_in_thread(app) as root:
        yield root + "/rest", app
