"""Retries, backoff, Retry-After, timeouts, connection errors, headers and logging."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from email.utils import formatdate

import httpx
import pytest
import respx

import wwt_sms
from tests.keys import KEY
from wwt_sms import _constants, _retries

from .fakes import SMS_BODY, FakeApi, FakeClock, reply

GATEWAY_503 = {"code": 503, "message": "Service unavailable"}


def test_503_503_200_succeeds_in_three_attempts(
    client: wwt_sms.Client, api: FakeApi, clock: FakeClock
) -> None:
    api.queue(reply(503, GATEWAY_503), reply(503, GATEWAY_503), reply(200))
    assert client.sms.get(211).id == 211
    assert len(api.requests) == 3
    assert len(clock.sleeps) == 2
    first, second = clock.sleeps
    base = _constants.BACKOFF_BASE
    assert base * (1 - _constants.BACKOFF_JITTER) <= first <= base
    assert 2 * base * (1 - _constants.BACKOFF_JITTER) <= second <= 2 * base


def test_async_503_503_200_succeeds_in_three_attempts(
    aclient: wwt_sms.AsyncClient, api: FakeApi, clock: FakeClock
) -> None:
    api.queue(reply(503, GATEWAY_503), reply(503, GATEWAY_503), reply(200))
    assert asyncio.run(aclient.sms.get(211)).id == 211
    assert (len(api.requests), len(clock.sleeps)) == (3, 2)


def test_404_is_one_attempt(client: wwt_sms.Client, api: FakeApi, clock: FakeClock) -> None:
    api.default = reply(404, {"error": 20, "errorDescription": "SMS not found"})
    with pytest.raises(wwt_sms.SmsNotFoundError):
        client.sms.get(1)
    assert (len(api.requests), clock.sleeps) == (1, [])


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retries_are_spent_then_the_error_raised(
    client: wwt_sms.Client, api: FakeApi, status: int
) -> None:
    api.default = reply(status, {"code": status, "message": "nope"})
    with pytest.raises(wwt_sms.APIError) as caught:
        client.sms.get(1)
    assert caught.value.http_status == status
    assert len(api.requests) == 1 + _constants.DEFAULT_MAX_RETRIES


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 501])
def test_other_statuses_are_not_retried(client: wwt_sms.Client, api: FakeApi, status: int) -> None:
    api.default = reply(status, {"code": status, "message": "nope"})
    with pytest.raises(wwt_sms.APIError):
        client.sms.get(1)
    assert len(api.requests) == 1


def test_max_retries_zero_disables_retries(api: FakeApi, clock: FakeClock) -> None:
    api.default = reply(503, GATEWAY_503)
    http = httpx.Client(transport=api.transport())
    client = wwt_sms.Client(KEY, max_retries=0, http_client=http, clock=clock)
    with client, pytest.raises(wwt_sms.ServerError):
        client.sms.get(1)
    assert (len(api.requests), clock.sleeps) == (1, [])


def test_retry_after_seconds_is_honoured(
    client: wwt_sms.Client, api: FakeApi, clock: FakeClock
) -> None:
    api.queue(reply(429, {"code": 429, "message": "slow"}, headers={"Retry-After": "3"}))
    client.sms.get(1)
    assert clock.sleeps == [3.0]


def test_retry_after_http_date_is_honoured(
    client: wwt_sms.Client, api: FakeApi, clock: FakeClock
) -> None:
    when = formatdate(clock.now + 12, usegmt=True)
    api.queue(reply(503, GATEWAY_503, headers={"Retry-After": when}))
    client.sms.get(1)
    assert clock.sleeps == [pytest.approx(12.0, abs=1.0)]


def test_retry_after_in_the_past_means_retry_now(
    client: wwt_sms.Client, api: FakeApi, clock: FakeClock
) -> None:
    when = formatdate(clock.now - 3600, usegmt=True)
    api.queue(reply(503, GATEWAY_503, headers={"Retry-After": when}))
    assert client.sms.get(1).id == 1
    assert clock.sleeps == [0.0]


def test_fake_clock_refuses_negative_sleeps_like_the_real_one(clock: FakeClock) -> None:
    for sleep in (time.sleep, clock.sleep):
        with pytest.raises(ValueError, match="non-negative"):
            sleep(-1.0)


def test_retry_after_is_capped(client: wwt_sms.Client, api: FakeApi, clock: FakeClock) -> None:
    api.queue(reply(503, GATEWAY_503, headers={"Retry-After": "86400"}))
    client.sms.get(1)
    assert clock.sleeps == [_constants.RETRY_AFTER_CAP]


@pytest.mark.parametrize("value", ["soon", "", "-1", "Wed, 99 Foo 2017 99:99:99 GMT"])
def test_unreadable_retry_after_falls_back_to_backoff(value: str) -> None:
    assert _retries.parse_retry_after(value, 0.0) is None


@pytest.mark.parametrize("draw", [0.0, 0.5, 0.999])
def test_backoff_doubles_up_to_its_cap_less_its_jitter(
    monkeypatch: pytest.MonkeyPatch, draw: float
) -> None:
    monkeypatch.setattr(random, "random", lambda: draw)
    delays = [_retries.backoff(n) for n in range(1, 8)]
    doubling = [min(_constants.BACKOFF_BASE * 2**n, _constants.BACKOFF_CAP) for n in range(7)]
    assert doubling == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    shortened = 1 - _constants.BACKOFF_JITTER * draw
    assert delays == [pytest.approx(d * shortened) for d in doubling]


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (httpx.ConnectError("refused"), wwt_sms.APIConnectionError),
        (httpx.ReadError("reset"), wwt_sms.APIConnectionError),
        (httpx.RemoteProtocolError("dropped"), wwt_sms.APIConnectionError),
        (httpx.ConnectTimeout("slow"), wwt_sms.APITimeoutError),
        (httpx.ReadTimeout("slow"), wwt_sms.APITimeoutError),
    ],
)
def test_transport_errors_are_retried_then_wrapped(
    client: wwt_sms.Client, api: FakeApi, error: Exception, raised: type[Exception]
) -> None:
    api.default = error
    with pytest.raises(raised) as caught:
        client.sms.get(1)
    assert type(caught.value) is raised
    assert len(api.requests) == 1 + _constants.DEFAULT_MAX_RETRIES
    assert not isinstance(caught.value, httpx.HTTPError)


def test_transport_error_then_success(client: wwt_sms.Client, api: FakeApi) -> None:
    api.queue(httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), reply(200))
    assert client.sms.get(211).id == 211
    assert len(api.requests) == 3


def test_unretryable_transport_error_is_wrapped_at_once(
    client: wwt_sms.Client, api: FakeApi
) -> None:
    api.default = httpx.UnsupportedProtocol("gopher")
    with pytest.raises(wwt_sms.APIConnectionError):
        client.sms.get(1)
    assert len(api.requests) == 1


def test_async_connection_error(aclient: wwt_sms.AsyncClient, api: FakeApi) -> None:
    api.default = httpx.ConnectError("refused")
    with pytest.raises(wwt_sms.APIConnectionError):
        asyncio.run(aclient.sms.get(1))
    assert len(api.requests) == 3


def test_timeout_left_out_is_the_default_and_per_call_overrides(
    client: wwt_sms.Client, api: FakeApi
) -> None:
    client.sms.get(1)
    default = {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert api.requests[-1].extensions["timeout"] == default
    client.sms.get(1, timeout=wwt_sms.NOT_GIVEN)
    assert api.requests[-1].extensions["timeout"] == default
    client.sms.get(1, timeout=1.5)
    assert api.requests[-1].extensions["timeout"]["read"] == 1.5
    client.sms.get_by_reference("r1", timeout=httpx.Timeout(2.0, connect=1.0))
    assert api.requests[-1].extensions["timeout"]["connect"] == 1.0


def test_timeout_none_means_no_time_limit(api: FakeApi) -> None:
    unlimited = {"connect": None, "read": None, "write": None, "pool": None}
    http = httpx.Client(transport=api.transport())
    with wwt_sms.Client(KEY, timeout=None, http_client=http) as client:
        client.sms.get(1)
        assert api.requests[-1].extensions["timeout"] == unlimited
    with wwt_sms.Client(KEY, timeout=3.0, http_client=http) as client:
        client.sms.get(1, timeout=None)
        assert api.requests[-1].extensions["timeout"] == unlimited
        client.sms.get(1)
        assert api.requests[-1].extensions["timeout"]["read"] == 3.0


def test_not_given_is_one_falsy_sentinel() -> None:
    assert wwt_sms.NotGiven() is wwt_sms.NOT_GIVEN
    assert not wwt_sms.NOT_GIVEN
    assert repr(wwt_sms.NOT_GIVEN) == "NOT_GIVEN"


def test_client_timeout_applies(api: FakeApi) -> None:
    http = httpx.Client(transport=api.transport(), timeout=None)
    with wwt_sms.Client(KEY, timeout=4.0, http_client=http) as client:
        client.sms.get(1)
    assert api.requests[-1].extensions["timeout"]["read"] == 4.0


@pytest.mark.parametrize("bad", [0, -1, "5", True])
def test_bad_timeouts_are_refused(bad: object) -> None:
    with pytest.raises(wwt_sms.ClientValidationError):
        wwt_sms.Client(KEY, timeout=bad)  # type: ignore[arg-type]


def test_headers_on_the_wire(client: wwt_sms.Client, api: FakeApi) -> None:
    client.sms.get(1)
    headers = api.requests[-1].headers
    assert headers["X-API-KEY"] == KEY
    assert headers["User-Agent"] == _constants.USER_AGENT
    assert headers["Accept"] == "application/json"
    assert str(api.requests[-1].url) == "https://api.wwt.world/rest/sms/1"


@respx.mock(base_url="https://api.wwt.world/rest", assert_all_called=True)
def test_own_pooled_client_sends_sdk_headers(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get("/sms/reference/ext19").mock(return_value=reply(200))
    with wwt_sms.Client(KEY) as client:
        assert client.sms.get_by_reference("ext19").reference == "ext19"
        pool = client._http
    assert pool.is_closed, "the SDK closes the pool it made"
    request = route.calls.last.request
    assert request.headers["X-API-KEY"] == KEY
    assert request.headers["User-Agent"] == _constants.USER_AGENT
    assert KEY not in repr(client._http.headers)  # the key is added per request, not stored


def _leaks(text: str) -> bool:
    return KEY in text or KEY[5:] in text


def test_key_never_in_logs_reprs_or_messages(
    api: FakeApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.queue(
        reply(503, GATEWAY_503),
        reply(404, {"error": 20, "errorDescription": "SMS not found"}),
        httpx.ConnectError("refused"),
        httpx.ConnectError("refused"),
        httpx.ConnectError("refused"),
        reply(200, content=b"<garbage"),
        reply(200),
    )
    http = httpx.Client(transport=api.transport())
    errors: list[Exception] = []
    with wwt_sms.Client(KEY, http_client=http, clock=clock) as client:
        calls: list[Callable[[], object]] = [
            lambda: client.sms.get(1),
            lambda: client.sms.get(2),
            lambda: client.sms.get(3),
            lambda: client.sms.get(0),
        ]
        for call in calls:
            try:
                call()
            except wwt_sms.WwtError as exc:
                errors.append(exc)
        raw = client.with_raw_response.sms.get(4)
        texts = [repr(client), str(client), repr(client.sms), repr(raw), repr(raw.http_response),
                 repr(raw.http_response.request.headers), repr(client._headers)]  # fmt: skip
    assert len(errors) == 4
    for error in errors:
        texts += [str(error), repr(error), repr(error.args), repr(vars(error))]
        for linked in (error.__cause__, error.__context__):
            if linked is not None:
                texts += [str(linked), repr(linked)]
                request = getattr(linked, "_request", None)
                if request is not None:
                    texts.append(repr(request.headers))
        response = getattr(error, "response", None)
        if response is not None:
            texts += [repr(response.request.headers), repr(response.headers)]
    for record in caplog.records:
        texts += [record.getMessage(), repr(record.__dict__)]
    assert any("attempt" in record.getMessage() for record in caplog.records)
    assert not [text for text in texts if _leaks(text)]


def test_log_records_carry_method_path_status_elapsed_attempt(
    client: wwt_sms.Client,
    api: FakeApi,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A stopwatch the fake API moves on by each attempt's length: what the SDK logs as
    # `elapsed` must be that length, not a guess from the wall clock.
    stopwatch = [100.0]
    monkeypatch.setattr(time, "perf_counter", lambda: stopwatch[0])

    def taking(
        seconds: float, response: httpx.Response
    ) -> Callable[[httpx.Request], httpx.Response]:
        def answer(request: httpx.Request) -> httpx.Response:
            stopwatch[0] += seconds
            return response

        return answer

    caplog.set_level(logging.DEBUG, logger="wwt_sms")
    api.queue(taking(0.25, reply(503, GATEWAY_503)), taking(1.5, reply(200, SMS_BODY)))
    client.sms.get(211)
    records = [r for r in caplog.records if r.name == "wwt_sms"]
    assert [(r.levelno, r.attempt, r.status) for r in records] == [  # type: ignore[attr-defined]
        (logging.INFO, 1, 503),
        (logging.DEBUG, 2, 200),
    ]
    assert all(r.method == "GET" and r.path == "/rest/sms/211" for r in records)  # type: ignore[attr-defined]
    assert [r.elapsed for r in records] == [0.25, 1.5]  # type: ignore[attr-defined]


def test_the_fixture_bodies_are_valid_answers_by_the_spec() -> None:
    from tests import spec

    from .fakes import TASK_BODY

    assert spec.operation("getSmsById").body_validator("200").is_valid(SMS_BODY)
    assert spec.operation("getTaskById").body_validator("200").is_valid(TASK_BODY)
