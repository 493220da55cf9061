"""`_httpx_send`: an attempt sent through the client's transport directly gives what
`Client.send(request, auth=<none>, follow_redirects=False, stream=True)` gives; and where the
client has something `send` does per request (event hooks, httpx's log line, a closed state),
the request goes through `send` itself."""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import wwt_sms
from tests.keys import KEY
from wwt_sms import _httpx_send

from .fakes import SMS_BODY, FakeApi, reply

URL = "https://api.example.test/rest/sms/211"

ANSWERS: dict[str, Callable[[httpx.Request], httpx.Response]] = {
    "json": lambda request: reply(),
    "streamed": lambda request: httpx.Response(200, stream=httpx.ByteStream(b'{"id": 1}')),
    "cookies": lambda request: httpx.Response(
        200,
        headers=[("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/rest")],
        content=b"{}",
    ),
    "redirect": lambda request: httpx.Response(302, headers={"Location": "/elsewhere?x=1"}),
    "redirect without location": lambda request: httpx.Response(302),
    "no charset": lambda request: httpx.Response(200, content="é".encode("latin-1")),
}


def _seen(http: Any, request: httpx.Request, response: httpx.Response) -> dict[str, Any]:
    """What a caller can observe of a response (its body read and closed) and of the client."""
    next_request = response.next_request
    return {
        "status": response.status_code,
        "headers": response.headers.multi_items(),
        "content": response.content,
        "text": response.text,
        "request is the one sent": response.request is request,
        "next": None if next_request is None else (next_request.method, next_request.url),
        "history": response.history,
        "elapsed": _elapsed(response),
        "cookies": sorted((c.name, c.value, c.path) for c in http.cookies.jar),
    }


def _elapsed(response: httpx.Response) -> type | None:
    # Set when the response is closed after it was handed out: not for one its transport had
    # already read and closed (an in-memory answer), with `send` as without.
    try:
        return type(response.elapsed)
    except RuntimeError:
        return None


@pytest.mark.parametrize("answer", ANSWERS)
def test_the_direct_path_gives_what_send_gives(answer: str) -> None:
    seen = []
    for send in (_httpx_send.send, _plain_send):
        http = httpx.Client(
            transport=httpx.MockTransport(ANSWERS[answer]), default_encoding="latin-1"
        )
        request = http.build_request("GET", URL)
        response = send(http, request)
        response.read()
        response.close()
        seen.append(_seen(http, request, response))
    assert seen[0] == seen[1]
    assert seen[0]["elapsed"] is (datetime.timedelta if answer == "streamed" else None)


@pytest.mark.parametrize("answer", ANSWERS)
def test_the_async_direct_path_gives_what_send_gives(answer: str) -> None:
    async def observe(send: Any) -> dict[str, Any]:
        http = httpx.AsyncClient(
            transport=httpx.MockTransport(ANSWERS[answer]), default_encoding="latin-1"
        )
        request = http.build_request("GET", URL)
        response = await send(http, request)
        await response.aread()
        await response.aclose()
        return _seen(http, request, response)

    async def plain(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        return await http.send(request, auth=_httpx_send.NO_AUTH, stream=True)

    direct, through_send = (asyncio.run(observe(send)) for send in (_httpx_send.asend, plain))
    assert direct == through_send


def _plain_send(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    return http.send(request, auth=_httpx_send.NO_AUTH, follow_redirects=False, stream=True)


def test_a_transport_error_carries_its_request() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")  # no request given, as httpx's own transports do

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    request = http.build_request("GET", URL)
    with pytest.raises(httpx.ConnectError) as raised:
        _httpx_send.send(http, request)
    assert raised.value.request is request


def test_the_transport_is_chosen_by_mount_as_send_chooses_it() -> None:
    mounted = FakeApi()
    http = httpx.Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(500)),
        mounts={"https://api.example.test": mounted.transport()},
    )
    with wwt_sms.Client(KEY, base_url="https://api.example.test/rest", http_client=http) as sdk:
        assert sdk.sms.get(211).id == 211
    assert len(mounted.requests) == 1


def test_event_hooks_still_run() -> None:
    events: list[str] = []
    http = httpx.Client(
        transport=FakeApi().transport(),
        event_hooks={
            "request": [lambda request: events.append(f"request {request.url.path}")],
            "response": [lambda response: events.append(f"response {response.status_code}")],
        },
    )
    with wwt_sms.Client(KEY, http_client=http) as sdk:
        sdk.sms.get(211)
    assert events == ["request /rest/sms/211", "response 200"]


def test_httpx_still_logs_each_request_when_asked(caplog: pytest.LogCaptureFixture) -> None:
    with (
        caplog.at_level(logging.INFO, logger="httpx"),
        wwt_sms.Client(KEY, http_client=httpx.Client(transport=FakeApi().transport())) as sdk,
    ):
        sdk.sms.get(211)
    assert [r.getMessage() for r in caplog.records if r.name == "httpx"] == [
        'HTTP Request: GET https://api.wwt.world/rest/sms/211 "HTTP/1.1 200 OK"'
    ]


def test_a_closed_client_refuses_as_httpx_does() -> None:
    http = httpx.Client(transport=FakeApi().transport())
    http.close()
    with (
        wwt_sms.Client(KEY, http_client=http) as sdk,
        pytest.raises(RuntimeError, match="client has been closed"),
    ):
        sdk.sms.get(211)


def test_cookies_an_answer_sets_are_kept_by_the_client() -> None:
    answer = reply(headers={"Set-Cookie": "session=abc; Path=/"})
    http = httpx.Client(transport=FakeApi().queue(answer).transport())
    with wwt_sms.Client(KEY, http_client=http) as sdk:
        sdk.sms.get(211)
    assert http.cookies["session"] == "abc"


def test_a_raw_response_has_its_elapsed_time() -> None:
    body = reply().content.replace(b'"id": 211', b'"id": 5')
    streamed = httpx.Response(200, stream=httpx.ByteStream(body))
    http = httpx.Client(transport=FakeApi().queue(streamed).transport())
    with wwt_sms.Client(KEY, http_client=http) as sdk:
        raw = sdk.with_raw_response.sms.get(5)
    assert raw.http_response.elapsed >= datetime.timedelta(0)
    assert raw.parse().reference == SMS_BODY["reference"]
