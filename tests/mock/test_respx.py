"""The in-process face: WwtMock over respx, for sync and async httpx clients."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from tests.keys import KEY
from wwt_sms_mock import ContractBreach, WwtMock

BASE = "https://api.wwt.world/rest"
HEADERS = {"X-API-KEY": KEY}


def test_sync_client() -> None:
    with WwtMock() as mock, httpx.Client(base_url=BASE, headers=HEADERS) as client:
        response = client.get("/sms/211")
        assert response.status_code == 200
        assert response.json()["reference"] == "ext19"
        assert client.get("/sms/reference/ext19").json()["id"] == "211"  # the real API's type
        mock.assert_called(times=2)


def test_async_client() -> None:
    async def run() -> None:
        async with WwtMock() as mock, httpx.AsyncClient(base_url=BASE, headers=HEADERS) as client:
            assert (await client.get("/sms/task/77")).json()["total"] == "2"
            mock.force(status=503, times=1)
            assert (await client.get("/sms/211")).status_code == 503
            assert (await client.get("/sms/211")).status_code == 200

    asyncio.run(run())


def test_decorator_sync_and_async() -> None:
    mock = WwtMock()

    @mock
    def sync_call(wwt_mock: WwtMock) -> int:
        assert wwt_mock is mock
        return httpx.get(BASE + "/sms/211", headers=HEADERS).status_code

    @mock
    async def async_call() -> tuple[int, Any]:
        async with httpx.AsyncClient() as client:
            response = await client.get(BASE + "/sms/999", headers=HEADERS)
            return response.status_code, response.json()

    assert sync_call() == 200  # type: ignore[call-arg]
    # Not found, as the real API answers it: HTTP 200, the code in the body.
    assert asyncio.run(async_call()) == (200, {"error": 20, "errorDescription": "SMS not found"})
    assert mock._router is None


def test_custom_base_url() -> None:
    with WwtMock("http://localhost:9999/api") as mock:
        assert httpx.get("http://localhost:9999/api/sms/211", headers=HEADERS).status_code == 200
        assert httpx.get("http://localhost:9999/rest/sms/211", headers=HEADERS).status_code == 404
        assert mock.base_url == "http://localhost:9999/api"


def test_wwt_base_url_is_followed_as_the_sdk_follows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import wwt_sms

    monkeypatch.setenv("WWT_BASE_URL", "http://127.0.0.1:9/api")
    with WwtMock() as mock, wwt_sms.Client("test_fromenv0001") as client:
        assert mock.base_url == "http://127.0.0.1:9/api"
        assert client.sms.get(211).id == 211  # the SDK's default URL is the mocked one
        assert mock.journal.last.path == "/api/sms/211"
    with WwtMock("http://localhost:9999/rest") as mock:  # the argument wins over the variable
        assert mock.base_url == "http://localhost:9999/rest"
    monkeypatch.setenv("WWT_BASE_URL", "")
    with WwtMock() as mock:  # an empty variable counts as unset, as for the SDK
        assert mock.base_url == BASE


def test_a_bad_wwt_base_url_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WWT_BASE_URL", "api.wwt.world/rest")
    with pytest.raises(ValueError, match=r"^WWT_BASE_URL needs a scheme and a host"):
        WwtMock()


def test_other_hosts_are_not_mocked() -> None:
    with WwtMock(), pytest.raises(Exception, match="not mocked"):
        httpx.get("https://example.invalid/")


def test_bad_base_url_and_double_start() -> None:
    with pytest.raises(ValueError, match="scheme"):
        WwtMock("api.wwt.world/rest")
    mock = WwtMock()
    with pytest.raises(RuntimeError, match="not active"):
        _ = mock.router
    with mock:
        assert isinstance(mock.router, respx.MockRouter)
        assert len(mock.router.routes) == 1  # every request to the base URL's origin
        with pytest.raises(RuntimeError, match="already active"):
            mock.start()
    with pytest.raises(RuntimeError, match="not active"):
        _ = mock.router


def test_head_and_options_through_httpx() -> None:
    with WwtMock(), httpx.Client(base_url=BASE, headers=HEADERS) as client:
        head = client.head("/sms/211")
        assert head.status_code == 200
        assert head.content == b""
        assert int(head.headers["content-length"]) > 0
        assert client.options("/sms/211").headers["allow"] == "GET, HEAD, OPTIONS"
        assert client.post("/sms/211").status_code == 405


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("reset", httpx.ReadError),
        ("drop", httpx.RemoteProtocolError),
        ("truncate", httpx.RemoteProtocolError),
    ],
)
def test_faults_raise_what_httpx_raises(fault: str, error: type[Exception]) -> None:
    with WwtMock() as mock, httpx.Client(base_url=BASE, headers=HEADERS) as client:
        mock.fault(fault)
        with pytest.raises(error):
            client.get("/sms/211")
        assert client.get("/sms/211").status_code == 200


def test_faults_async() -> None:
    async def run() -> None:
        async with WwtMock() as mock, httpx.AsyncClient(base_url=BASE, headers=HEADERS) as client:
            mock.fault("truncate")
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/sms/211")
            mock.fault("reset")
            with pytest.raises(httpx.ReadError):
                await client.get("/sms/211")

    asyncio.run(run())


def test_malformed_body_reaches_the_client() -> None:
    with WwtMock() as mock, httpx.Client(base_url=BASE, headers=HEADERS) as client:
        mock.fault("malformed")
        response = client.get("/sms/211")
        assert response.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            response.json()


def test_latency_is_virtual_and_times_out_like_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_real_wait(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s for real")

    monkeypatch.setattr(time, "sleep", no_real_wait)
    # The timeout is compared with the virtual latency, not with the wall clock.
    with WwtMock() as mock, httpx.Client(base_url=BASE, headers=HEADERS, timeout=2) as client:
        mock.latency(1.0, times=1)
        assert client.get("/sms/211").status_code == 200
        assert mock.now == 1.0
        mock.latency(30, times=1)
        with pytest.raises(httpx.ReadTimeout):
            client.get("/sms/211")
        assert mock.now == 3.0


def test_real_latency_sleeps() -> None:
    with WwtMock(real_latency=True) as mock, httpx.Client(base_url=BASE, headers=HEADERS) as client:
        mock.latency(0.05, times=1)
        started = time.perf_counter()
        client.get("/sms/211")
        assert time.perf_counter() - started >= 0.05


def test_prefer_header_and_retry_after() -> None:
    with WwtMock(), httpx.Client(base_url=BASE, headers=HEADERS) as client:
        response = client.get("/sms/211", headers={"Prefer": "code=429, retry-after=3"})
        assert response.status_code == 429
        assert response.headers["retry-after"] == "3"


def test_controls_over_http_work_in_process_too() -> None:
    with WwtMock() as mock, httpx.Client() as client:
        assert client.post("https://api.wwt.world/__mock/advance", json={"seconds": 5}).json() == {
            "now": 5.0
        }
        assert mock.now == 5.0


def test_quirks_style() -> None:
    with WwtMock(style="vendor"), httpx.Client(base_url=BASE, headers=HEADERS) as client:
        data = client.get("/sms/211").json()
        assert data["id"] == "211"
        assert data["time_in"] == "2017-01-17 09:11:41"
        missing = client.get("/sms/999")
        assert missing.status_code == 200
        assert missing.json()["error"] == "20"


def test_breach_surfaces_in_the_caller() -> None:
    with WwtMock() as mock, httpx.Client(base_url=BASE, headers=HEADERS) as client:
        mock.add_message(id=5, status="")
        with pytest.raises(ContractBreach):
            client.get("/sms/5")


def test_fixture_gives_a_fresh_active_mock(wwt_mock: WwtMock) -> None:
    assert wwt_mock.self_check
    assert not wwt_mock.rules
    assert len(wwt_mock.journal) == 0
    assert httpx.get(BASE + "/sms/211", headers=HEADERS).status_code == 200
    wwt_mock.force(status=500)  # must not leak into the next test


def test_fixture_state_did_not_leak(wwt_mock: WwtMock) -> None:
    assert httpx.get(BASE + "/sms/211", headers=HEADERS).status_code == 200


@pytest.mark.wwt_mock(base_url="http://mock.test/rest", style="vendor")
def test_fixture_marker_configures(wwt_mock: WwtMock) -> None:
    assert httpx.get("http://mock.test/rest/sms/211", headers=HEADERS).json()["id"] == "211"


FIXTURE_TEST = """
import wwt_sms


def test_the_sdk_default_url_is_mocked(wwt_mock):
    assert wwt_mock.base_url == "http://127.0.0.1:9/rest"
    with wwt_sms.Client("test_fixture") as client:
        assert client.sms.get(211).id == 211
"""


def test_the_fixture_follows_wwt_base_url(tmp_path: Path) -> None:
    (tmp_path / "test_inner.py").write_text(FIXTURE_TEST)
    env = {**os.environ, "WWT_BASE_URL": "http://127.0.0.1:9/rest"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            str(tmp_path / "test_inner.py"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_respx_keeps_only_the_newest_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    from wwt_sms_mock._faces import respx_router

    monkeypatch.setattr(respx_router, "MAX_CALLS", 5)
    with WwtMock() as mock, httpx.Client(base_url=BASE, headers=HEADERS) as client:
        for i in range(30):
            client.get(f"/sms/211?n={i}")
        calls = mock.router.calls
        assert 5 <= len(calls) <= 10
        assert calls.last.request.url.params["n"] == "29"
        (route,) = mock.router.routes
        assert 5 <= len(route.calls) <= 10
        assert len(mock.journal) == 30  # the journal has its own, larger bound


@pytest.mark.parametrize("prefer", [None, "code=429, retry_after=7", "error=20", "style=vendor"])
def test_the_transport_answers_as_the_patched_mock_does(prefer: str | None) -> None:
    headers = HEADERS if prefer is None else {**HEADERS, "Prefer": prefer}
    with WwtMock() as mock, httpx.Client(base_url=BASE, headers=headers) as client:
        patched = client.get("/sms/211")
    mock = WwtMock()  # never started: nothing is patched
    with httpx.Client(base_url=BASE, headers=headers, transport=mock.transport) as client:
        direct = client.get("/sms/211")
    assert (direct.status_code, direct.headers.raw, direct.content) == (
        patched.status_code,
        patched.headers.raw,
        patched.content,
    )
    assert mock.journal.last.path == "/rest/sms/211"


def test_the_transport_serves_async_clients_and_carries_out_faults() -> None:
    mock = WwtMock()

    async def scenario() -> None:
        transport = mock.transport
        async with httpx.AsyncClient(base_url=BASE, headers=HEADERS, transport=transport) as c:
            assert (await c.get("/sms/211")).json()["id"] == "211"
            with pytest.raises(httpx.ReadError):
                await c.get("/sms/211", headers={"Prefer": "fault=reset"})
            with pytest.raises(httpx.RemoteProtocolError):
                await c.get("/sms/211", headers={"Prefer": "fault=truncate"})

    asyncio.run(scenario())
    with pytest.raises(RuntimeError, match="not active"):
        _ = mock.router  # the transport did not start it
