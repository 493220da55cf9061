"""The optional aiohttp transport: the SDK behaves as it does over httpx's own pool.

Against the contract mock over real HTTP (`serve_in_thread`): results, typed errors, the
headers on the wire, retries after connection faults, timeouts, and many ids concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import wwt_sms
from tests.keys import KEY

aiohttp = pytest.importorskip("aiohttp")

from wwt_sms._aiohttp import AiohttpTransport, httpx_error  # noqa: E402


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    from wwt_sms_mock import serve_in_thread

    with serve_in_thread() as url:
        yield url


@pytest.fixture(autouse=True)
def _clean(server: Any) -> None:
    server.mock.clear_rules()


def _run(body: Any) -> Any:
    return asyncio.run(body)


def test_get_and_typed_errors(server: Any) -> None:
    async def go() -> tuple[wwt_sms.Sms, Exception]:
        async with wwt_sms.aiohttp_client() as http:
            client = wwt_sms.AsyncClient(KEY, base_url=server, http_client=http)
            sms = await client.sms.get(211)
            try:
                await client.sms.get(999_999)
            except wwt_sms.WwtError as exc:
                return sms, exc
            raise AssertionError("no error")

    sms, error = _run(go())
    assert sms.id == 211
    assert sms.status is wwt_sms.SmsStatus.DELIVERED
    assert isinstance(error, wwt_sms.SmsNotFoundError)
    assert error.response is not None
    assert KEY not in repr(error.response.request.headers)


def test_same_request_on_the_wire_as_httpx(server: Any) -> None:
    async def go(http: httpx.AsyncClient) -> dict[str, str]:
        async with http:
            await wwt_sms.AsyncClient(KEY, base_url=server, http_client=http).sms.get(211)
        entry = server.mock.journal.last
        assert entry.key_sent
        assert entry.status == 200
        return {k.lower(): v for k, v in entry.headers}

    via_aiohttp = _run(go(wwt_sms.aiohttp_client()))
    via_httpx = _run(go(httpx.AsyncClient()))
    for name in ("user-agent", "accept", "accept-encoding", "host", "x-api-key"):
        assert via_aiohttp[name] == via_httpx[name], name


@pytest.mark.parametrize("fault", ["reset", "drop", "truncate"])
def test_connection_faults_are_retried(server: Any, fault: str) -> None:
    server.mock.fault(fault, times=1)

    async def go() -> wwt_sms.Sms:
        async with wwt_sms.aiohttp_client() as http:
            client = wwt_sms.AsyncClient(KEY, base_url=server, http_client=http, clock=_NoWait())
            return await client.sms.get(211)

    assert _run(go()).id == 211


@pytest.mark.parametrize("fault", ["reset", "drop", "truncate"])
def test_connection_faults_without_retries_are_connection_errors(server: Any, fault: str) -> None:
    server.mock.fault(fault, times=1)

    async def go() -> None:
        async with wwt_sms.aiohttp_client() as http:
            client = wwt_sms.AsyncClient(KEY, base_url=server, http_client=http, max_retries=0)
            await client.sms.get(211)

    with pytest.raises(wwt_sms.APIConnectionError) as caught:
        _run(go())
    assert isinstance(caught.value.__cause__, httpx.TransportError)


def test_read_timeout(server: Any) -> None:
    server.mock.latency(2.0, times=1)

    async def go() -> None:
        async with wwt_sms.aiohttp_client() as http:
            client = wwt_sms.AsyncClient(
                KEY, base_url=server, http_client=http, max_retries=0, timeout=0.2
            )
            await client.sms.get(211)

    with pytest.raises(wwt_sms.APITimeoutError):
        _run(go())


def test_get_many_concurrently(server: Any) -> None:
    ids = [211, 212, 213] * 40 + [999_999]

    async def go() -> list[wwt_sms.Result[wwt_sms.Sms]]:
        async with wwt_sms.aiohttp_client(limit=8) as http:
            client = wwt_sms.AsyncClient(KEY, base_url=server, http_client=http)
            return [r async for r in client.sms.get_many(ids, concurrency=16)]

    results = _run(go())
    assert len(results) == len(ids)
    assert sum(r.ok for r in results) == len(ids) - 1
    assert [type(r.error) for r in results if not r.ok] == [wwt_sms.SmsNotFoundError]


def test_refused_connection_is_a_connect_error() -> None:
    async def go() -> None:
        async with wwt_sms.aiohttp_client() as http:
            await http.get("http://127.0.0.1:9/")  # discard port: nothing listens

    with pytest.raises(httpx.ConnectError):
        _run(go())


def test_error_mapping() -> None:
    request = httpx.Request("GET", "http://x/")
    cases = {
        aiohttp.ConnectionTimeoutError(): httpx.ConnectTimeout,
        aiohttp.SocketTimeoutError(): httpx.ReadTimeout,
        aiohttp.ServerDisconnectedError(): httpx.RemoteProtocolError,
        aiohttp.ClientPayloadError("cut"): httpx.RemoteProtocolError,
        aiohttp.ClientOSError(104, "reset"): httpx.ReadError,
        aiohttp.ClientError("other"): httpx.TransportError,
    }
    for error, expected in cases.items():
        mapped = httpx_error(error, request)
        assert type(mapped) is expected, error
        assert mapped.request is request


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="limit"):
        AiohttpTransport(limit=0)
    with pytest.raises(TypeError, match="transport"):
        wwt_sms.aiohttp_client(transport=httpx.AsyncHTTPTransport())


def test_not_in_star_exports() -> None:
    assert "aiohttp_client" not in wwt_sms.__all__


class _NoWait:
    """A clock whose sleeps return at once (the retries' backoff is not under test here)."""

    def time(self) -> float:
        import time

        return time.time()

    def monotonic(self) -> float:
        import time

        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        pass

    async def asleep(self, seconds: float) -> None:
        pass
