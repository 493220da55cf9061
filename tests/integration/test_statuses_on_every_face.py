"""`sms.get_statuses` against each face of the mock (in-process respx, the pytest fixture, HTTP):
exactly one entry per requested ID, a record for every known one, across several batches."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

import wwt_sms
from tests.keys import KEY
from wwt_sms_mock import MockCore, WwtMock, serve_in_thread

KNOWN = range(40_001, 40_251)  # 250 added messages: three batches
ASKED = [211, 999_999, *KNOWN, 212, 211, 9007199254740993, 5, *KNOWN[:10]]
UNIQUE = list(dict.fromkeys(ASKED))


def add_messages(mock: MockCore) -> None:
    for id in KNOWN:
        mock.add_message(id=id, msisdn=f"3809700{id:05d}", reference=f"r{id}", status="sent")


def check(found: dict[int, wwt_sms.SmsStatusRecord | None]) -> None:
    assert list(found) == UNIQUE
    missing = {id for id, record in found.items() if record is None}
    assert missing == {999_999, 5}
    for id, record in found.items():
        assert record is None or record.id == id
    assert found[40_001] is not None
    assert found[40_001].reference == "r40001"


def test_in_process() -> None:
    with WwtMock() as mock:
        add_messages(mock)
        with wwt_sms.Client(KEY) as client:
            check(client.sms.get_statuses(ASKED))
        assert len(mock.assert_called(operation="getSmsStatuses")) == 3


def test_pytest_fixture(wwt_mock: WwtMock) -> None:
    add_messages(wwt_mock)
    with wwt_sms.Client(KEY) as client:
        check(client.sms.get_statuses(ASKED))


def test_async_in_process(wwt_mock: WwtMock) -> None:
    add_messages(wwt_mock)

    async def main() -> dict[int, wwt_sms.SmsStatusRecord | None]:
        async with wwt_sms.AsyncClient(KEY) as client:
            return await client.sms.get_statuses(ASKED, concurrency=2)

    check(asyncio.run(main()))


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    core = MockCore(self_check=True)
    add_messages(core)
    with serve_in_thread(core) as url:
        yield url


@pytest.mark.network
def test_over_http(live: str) -> None:
    with wwt_sms.Client(KEY, base_url=live) as client:
        check(client.sms.get_statuses(ASKED))
        parts = list(client.sms.iter_statuses(ASKED))
    # A stream keeps nothing between batches: 211 and the first ten are asked again in the third.
    assert [len(part) for part in parts] == [100, 100, 66]
    assert {id for part in parts for id in part} == set(UNIQUE)


@pytest.mark.network
def test_async_over_http(live: str) -> None:
    async def main() -> dict[int, wwt_sms.SmsStatusRecord | None]:
        async with wwt_sms.AsyncClient(KEY, base_url=live) as client:
            return await client.sms.get_statuses(ASKED)

    check(asyncio.run(main()))


@pytest.mark.network
def test_errors_over_http(live: str) -> None:
    core = live.mock  # type: ignore[attr-defined]
    core.force(status=500, operation="getSmsStatuses")
    try:
        with (
            wwt_sms.Client(KEY, base_url=live, max_retries=1) as client,
            pytest.raises(wwt_sms.ServerError) as raised,
        ):
            client.sms.get_statuses(ASKED)
    finally:
        core.clear_rules()
    assert raised.value.batch_ids == tuple(UNIQUE[:100])
    with wwt_sms.Client(KEY, base_url=live) as client:
        raw = client.with_raw_response.sms.get_statuses([211, 5])
        assert raw.status_code == 200
        assert raw.parse()[5] is None
