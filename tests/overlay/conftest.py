"""Fixtures for the SDK tests: a scripted in-memory API (httpx.MockTransport), a fake clock,
and clients reading that API on that clock (helpers: `fakes.py`)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

import wwt_sms
from tests.keys import KEY

from .fakes import FakeApi, FakeClock


@pytest.fixture
def api() -> FakeApi:
    return FakeApi()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(api: FakeApi, clock: FakeClock) -> Iterator[wwt_sms.Client]:
    with wwt_sms.Client(
        KEY, http_client=httpx.Client(transport=api.transport()), clock=clock
    ) as sdk:
        yield sdk


@pytest.fixture
def aclient(api: FakeApi, clock: FakeClock) -> Iterator[wwt_sms.AsyncClient]:
    """An async client on the scripted API. The tests drive it with `asyncio.run`, one event
    loop per call, so it is closed here, in a loop of its own, however the test ended."""
    http = httpx.AsyncClient(transport=api.transport())
    sdk = wwt_sms.AsyncClient(KEY, http_client=http, clock=clock)
    yield sdk

    async def close() -> None:
        await sdk.aclose()
        await http.aclose()

    asyncio.run(close())
