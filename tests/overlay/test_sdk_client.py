"""Configuration, validation, raw responses, injection, wait_for_final, get_many."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given, settings

import wwt_sms
from tests import strategies
from tests.keys import KEY

from .fakes import SMS_BODY, FakeApi, FakeClock, reply


def test_async_client_takes_every_parameter_client_takes() -> None:
    sync = inspect.signature(wwt_sms.Client.__init__).parameters
    asynchronous = inspect.signature(wwt_sms.AsyncClient.__init__).parameters
    assert list(sync) == list(asynchronous)
    assert {"api_key", "base_url", "timeout", "max_retries", "http_client", "api_timezone"} <= set(
        sync
    )
    assert sync["max_retries"].default == 2


def test_env_vars_configure_the_client(monkeypatch: pytest.MonkeyPatch, api: FakeApi) -> None:
    monkeypatch.setenv("WWT_API_KEY", KEY)
    monkeypatch.setenv("WWT_BASE_URL", "http://127.0.0.1:8080/rest/")
    with wwt_sms.Client(http_client=httpx.Client(transport=api.transport())) as client:
        client.sms.get(5)
    assert str(api.requests[0].url) == "http://127.0.0.1:8080/rest/sms/5"
    assert api.requests[0].headers["X-API-KEY"] == KEY


def test_arguments_win_over_env_vars(monkeypatch: pytest.MonkeyPatch, api: FakeApi) -> None:
    monkeypatch.setenv("WWT_API_KEY", "live_env")
    monkeypatch.setenv("WWT_BASE_URL", "http://env.invalid")
    http = httpx.Client(transport=api.transport())
    with wwt_sms.Client("test_arg", base_url="https://x.test/r", http_client=http) as client:
        client.sms.get(5)
    assert str(api.requests[0].url) == "https://x.test/r/sms/5"
    assert api.requests[0].headers["X-API-KEY"] == "test_arg"


@pytest.mark.parametrize("cls", [wwt_sms.Client, wwt_sms.AsyncClient])
def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, cls: type) -> None:
    monkeypatch.delenv("WWT_API_KEY", raising=False)
    with pytest.raises(wwt_sms.ClientValidationError, match="WWT_API_KEY"):
        cls()
    monkeypatch.setenv("WWT_API_KEY", "")
    with pytest.raises(wwt_sms.ClientValidationError):
        cls()


@pytest.mark.parametrize("key", ["has space", "tab\tkey", "ключ", "new\nline"])
def test_bad_keys_are_refused_without_being_shown(key: str) -> None:
    with pytest.raises(wwt_sms.ClientValidationError) as caught:
        wwt_sms.Client(key)
    assert key not in str(caught.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"base_url": "ftp://x"},
        {"base_url": "not a url"},
        {"max_retries": -1},
        {"max_retries": True},
        {"api_timezone": "Mars/Olympus"},
        {"api_timezone": 5},
        {"http_client": httpx.AsyncClient()},
    ],
)
def test_bad_configuration_is_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(wwt_sms.ClientValidationError):
        wwt_sms.Client(KEY, **kwargs)


def test_async_client_refuses_a_sync_http_client() -> None:
    with pytest.raises(wwt_sms.ClientValidationError):
        wwt_sms.AsyncClient(KEY, http_client=httpx.Client())  # type: ignore[arg-type]


@settings(max_examples=60)
@given(strategies.invalid_ids("getSmsById"))
def test_invalid_ids_send_nothing(bad: Any) -> None:
    api = FakeApi()
    with wwt_sms.Client(KEY, http_client=httpx.Client(transport=api.transport())) as client:
        for call in (client.sms.get, client.tasks.get, client.sms.wait_for_final,
                     client.with_raw_response.sms.get):  # fmt: skip
            with pytest.raises(wwt_sms.ClientValidationError) as caught:
                call(bad)
            assert isinstance(caught.value, ValueError)
    assert api.requests == []


@settings(max_examples=60)
@given(strategies.unsafe_references())
def test_unsafe_references_send_nothing_and_the_message_states_the_rule(bad: str) -> None:
    api = FakeApi()
    client = wwt_sms.Client(KEY, http_client=httpx.Client(transport=api.transport()))
    with client, pytest.raises(wwt_sms.ClientValidationError) as caught:
        client.sms.get_by_reference(bad)
    assert api.requests == []
    assert "1 to 50 printable ASCII characters, without spaces or any of / ? # %" in str(
        caught.value
    )


@settings(max_examples=60)
@given(strategies.sdk_references())
def test_references_as_the_vendor_uses_them_reach_the_path_as_one_segment(
    reference: str,
) -> None:
    api = FakeApi()
    with wwt_sms.Client(KEY, http_client=httpx.Client(transport=api.transport())) as client:
        sms = client.sms.get_by_reference(reference)
    assert sms.reference == reference
    (request,) = api.requests
    head, _, segment = request.url.raw_path.decode().rpartition("/")
    assert head == "/rest/sms/reference"
    assert unquote(segment) == reference


def test_the_vendors_example_reference_is_looked_up(api: FakeApi) -> None:
    with wwt_sms.Client(KEY, http_client=httpx.Client(transport=api.transport())) as client:
        assert client.sms.get_by_reference("ext_id_16").reference == "ext_id_16"
    assert api.requests[0].url.path == "/rest/sms/reference/ext_id_16"


@settings(max_examples=30)
@given(strategies.valid_ids("getSmsById"), strategies.valid_references())
def test_valid_arguments_reach_the_path(id: int, reference: str) -> None:
    api = FakeApi()
    with wwt_sms.Client(KEY, http_client=httpx.Client(transport=api.transport())) as client:
        client.sms.get(id)
        client.sms.get_by_reference(reference)
    assert [r.url.path for r in api.requests] == [
        f"/rest/sms/{id}",
        f"/rest/sms/reference/{reference}",
    ]


def test_async_invalid_id_sends_nothing(aclient: wwt_sms.AsyncClient, api: FakeApi) -> None:
    with pytest.raises(wwt_sms.ClientValidationError):
        asyncio.run(aclient.sms.get(0))
    with pytest.raises(wwt_sms.ClientValidationError):
        asyncio.run(aclient.sms.get_by_reference("no/slash"))
    assert api.requests == []


def test_with_raw_response(client: wwt_sms.Client, api: FakeApi) -> None:
    api.queue(reply(200, headers={"X-Request-Id": "abc"}))
    raw = client.with_raw_response.sms.get(211)
    assert raw.status_code == 200
    assert raw.headers["X-Request-Id"] == "abc"
    assert raw.content == raw.body
    assert b'"msisdn"' in raw.content
    assert raw.json()["price"] == __import__("decimal").Decimal("0.23")
    assert raw.parse() == client.sms.get(211)
    assert raw.http_response.request.headers["X-API-KEY"] == "[redacted]"


def test_with_raw_response_parse_raises_the_typed_error(
    client: wwt_sms.Client, api: FakeApi
) -> None:
    api.queue(reply(404, {"error": 20, "errorDescription": "SMS not found"}))
    raw = client.with_raw_response.sms.get(9)
    assert raw.status_code == 404
    with pytest.raises(wwt_sms.SmsNotFoundError):
        raw.parse()


def test_raw_task_and_reference(client: wwt_sms.Client, api: FakeApi) -> None:
    from .fakes import TASK_BODY

    api.queue(reply(200, TASK_BODY), reply(200))
    assert client.with_raw_response.tasks.get(77).parse().sent == 2
    assert client.with_raw_response.sms.get_by_reference("ext19").parse().id == 211


def test_async_raw_responses(aclient: wwt_sms.AsyncClient, api: FakeApi) -> None:
    from .fakes import TASK_BODY

    async def main() -> tuple[wwt_sms.Sms, wwt_sms.Sms, wwt_sms.Task]:
        async with aclient:
            one = await aclient.with_raw_response.sms.get(1)
            two = await aclient.with_raw_response.sms.get_by_reference("ext19")
            api.queue(reply(200, TASK_BODY))
            three = await aclient.with_raw_response.tasks.get(3)
            return one.parse(), two.parse(), three.parse()

    one, two, three = asyncio.run(main())
    assert (one.id, two.reference) == (1, "ext19")
    assert three.delivered == 1


def test_injected_http_client_keeps_sdk_defaults_and_stays_open(api: FakeApi) -> None:
    http = httpx.Client(
        transport=api.transport(), headers={"User-Agent": "theirs", "X-Trace": "t1"}, timeout=None
    )
    api.queue(reply(503, {"code": 503, "message": "x"}), reply(200))
    with wwt_sms.Client(KEY, http_client=http, clock=FakeClock()) as client:
        client.sms.get(1)
    assert len(api.requests) == 2  # retries apply
    headers = api.requests[-1].headers
    assert headers["User-Agent"].startswith("wwt-sms/")
    assert headers["X-Trace"] == "t1"
    assert api.requests[-1].extensions["timeout"]["read"] == 30.0
    assert not http.is_closed
    http.close()


def test_own_client_is_closed_on_exit() -> None:
    with wwt_sms.Client(KEY) as client:
        pass
    assert client._http.is_closed

    async def main() -> wwt_sms.AsyncClient:
        async with wwt_sms.AsyncClient(KEY) as aclient:
            pass
        return aclient

    assert asyncio.run(main())._http.is_closed


def _statuses(*statuses: str) -> list[httpx.Response]:
    return [reply(200, {**SMS_BODY, "status": s}) for s in statuses]


def test_wait_for_final_polls_until_final(
    client: wwt_sms.Client, api: FakeApi, clock: FakeClock
) -> None:
    api.queue(*_statuses("scheduled", "sent", "enroute", "delivered"))
    sms = client.sms.wait_for_final(211, timeout=60.0, poll_interval=2.0)
    assert sms.status is wwt_sms.SmsStatus.DELIVERED
    assert len(api.requests) == 4
    assert clock.sleeps == [2.0, 2.0, 2.0]


def test_wait_for_final_times_out(client: wwt_sms.Client, api: FakeApi, clock: FakeClock) -> None:
    api.default = _statuses("sent")[0]
    with pytest.raises(wwt_sms.WaitTimeoutError) as caught:
        client.sms.wait_for_final(211, timeout=5.0, poll_interval=2.0)
    assert clock.sleeps == [2.0, 2.0, 1.0]
    assert (caught.value.sms_id, caught.value.last_status) == (211, "sent")
    assert isinstance(caught.value, wwt_sms.WwtError)


def test_wait_for_final_unknown_status_is_not_final(
    client: wwt_sms.Client, api: FakeApi, clock: FakeClock
) -> None:
    api.queue(*_statuses("bouncing", "rejected"))
    assert client.sms.wait_for_final(211, poll_interval=1.0).status == "rejected"


def test_wait_for_final_raises_api_errors(client: wwt_sms.Client, api: FakeApi) -> None:
    api.queue(reply(404, {"error": 20, "errorDescription": "SMS not found"}))
    with pytest.raises(wwt_sms.SmsNotFoundError):
        client.sms.wait_for_final(1)


@pytest.mark.parametrize("kwargs", [{"timeout": -1}, {"poll_interval": 0}, {"timeout": "x"}])
def test_wait_for_final_validates(client: wwt_sms.Client, kwargs: dict[str, Any]) -> None:
    with pytest.raises(wwt_sms.ClientValidationError):
        client.sms.wait_for_final(1, **kwargs)


def test_async_wait_for_final(aclient: wwt_sms.AsyncClient, api: FakeApi, clock: FakeClock) -> None:
    api.queue(*_statuses("new", "expired"))
    sms = asyncio.run(aclient.sms.wait_for_final(211, poll_interval=3.0))
    assert sms.status.is_final
    assert clock.sleeps == [3.0]


def _by_id(request: httpx.Request) -> httpx.Response:
    id = int(request.url.path.rsplit("/", 1)[1])
    if id % 3 == 0:
        return reply(404, {"error": 20, "errorDescription": "SMS not found"})
    return reply(200, {**SMS_BODY, "id": id})


def _check_results(results: list[wwt_sms.Result[wwt_sms.Sms]], ids: list[int]) -> None:
    assert sorted(r.id for r in results) == sorted(ids)
    for result in results:
        if result.id % 3 == 0 or result.id < 1:
            assert not result.ok
            assert isinstance(result.error, wwt_sms.WwtError)
        else:
            assert result.ok
            assert result.unwrap().id == result.id


def test_get_many_sync(client: wwt_sms.Client, api: FakeApi) -> None:
    api.default = _by_id
    ids = [*range(1, 41), 0]
    _check_results(list(client.sms.get_many(ids, concurrency=8)), ids)


def test_get_many_async(aclient: wwt_sms.AsyncClient, api: FakeApi) -> None:
    api.default = _by_id
    ids = [*range(1, 41), -5]

    async def main() -> list[wwt_sms.Result[wwt_sms.Sms]]:
        async with aclient:
            return [r async for r in aclient.sms.get_many(iter(ids), concurrency=4)]

    _check_results(asyncio.run(main()), ids)


def test_get_many_async_concurrency_is_bounded(api: FakeApi) -> None:
    in_flight = 0
    peak = 0

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.001)
            in_flight -= 1
            return _by_id(request)

    async def main() -> int:
        http = httpx.AsyncClient(transport=Slow())
        async with wwt_sms.AsyncClient(KEY, http_client=http) as aclient:
            results = [r async for r in aclient.sms.get_many(range(1, 50), concurrency=5)]
        await http.aclose()
        return len(results)

    assert asyncio.run(main()) == 49
    assert peak == 5


def test_get_many_early_break_cancels_the_rest(aclient: wwt_sms.AsyncClient, api: FakeApi) -> None:
    async def main() -> wwt_sms.Result[wwt_sms.Sms]:
        results = aclient.sms.get_many(range(1, 1000), concurrency=4)
        async for result in results:
            await results.aclose()  # type: ignore[attr-defined]
            return result
        raise AssertionError

    asyncio.run(main())
    assert len(api.requests) < 20


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_get_many_validates_concurrency(client: wwt_sms.Client, bad: Any) -> None:
    with pytest.raises(wwt_sms.ClientValidationError):
        client.sms.get_many([1], concurrency=bad)


def test_repr_shows_config_not_key(client: wwt_sms.Client) -> None:
    assert "api.wwt.world" in repr(client)
    assert "max_retries=2" in repr(client)
    assert KEY not in repr(client)
