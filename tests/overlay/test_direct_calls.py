"""`_direct`: an async call over the SDK's aiohttp transport, sent without httpx's objects, gives
exactly what the plain path gives: the same request on the wire, and for every kind of answer
(a plain 200, errors, retries, compressed, streamed, cut or oversized bodies, cookies,
redirects, refused bodies, broken connections) the same result or the same error, with the
same request and response attached. And wherever something needs httpx's objects (hooks, logs,
raw responses, the drift check, mounts, another transport), the call takes the plain path.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import socket
import socketserver
import threading
import time
import types
from collections.abc import Callable, Iterator
from datetime import UTC
from typing import Any, cast

import httpx
import pytest

import wwt_sms
from tests.keys import KEY
from wwt_sms._requests import sms_by_id, sms_by_reference, sms_statuses, task_by_id
from wwt_sms._types import NOT_GIVEN

from .fakes import SMS_BODY, TASK_BODY

aiohttp = pytest.importorskip("aiohttp")

from wwt_sms._aiohttp import AiohttpTransport, client_timeout  # noqa: E402
from wwt_sms._direct import DirectCalls, _Answer, _bare_response  # noqa: E402


class _PlainTransport(AiohttpTransport):
    """The same transport, but not exactly ours: calls through it take the plain path."""


def _http(head: str, body: bytes = b"", *, length: bool = True) -> bytes:
    size = f"Content-Length: {len(body)}\r\n" if length else ""
    return f"HTTP/1.1 {head}\r\n{size}Connection: close\r\n\r\n".encode("latin-1") + body


def _json(body: Any, head: str = "200 OK", extra: str = "") -> bytes:
    content = json.dumps(body).encode()
    return _http(f"{head}\r\nContent-Type: application/json\r\n{extra}".rstrip("\r\n"), content)


def _chunked(content: bytes) -> bytes:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (content[:40], content[40:]))
    return head + chunks + b"0\r\n\r\n"


SMS = {**SMS_BODY, "id": 7}
_HOLD = b"hold:"  # an answer that starts so is sent, and the connection then held open a second
# The answers to GET /rest/sms/7, one list per scenario: one answer per attempt, in order.
SCENARIOS: dict[str, list[bytes | None]] = {
    "plain 200": [_json(SMS)],
    "200 with a date": [_json(SMS, extra="Date: Sun, 06 Dec 2026 10:00:00 GMT")],
    "gzip": [_http("200 OK\r\nContent-Encoding: gzip", gzip.compress(json.dumps(SMS).encode()))],
    "corrupt gzip": [_http("200 OK\r\nContent-Encoding: gzip", b"not gzip at all")],
    "encoding not offered": [_http("200 OK\r\nContent-Encoding: br", b"{}")],
    "cookie": [_json(SMS, extra="Set-Cookie: session=abc; Path=/")],
    "streamed": [_chunked(json.dumps(SMS).encode())],
    "oversized": [_json({**SMS, "padding": "x" * 3000})],
    "not found": [_json({"error": 20, "errorDescription": "SMS not found"}, "404 Not Found")],
    "api error in a 200": [_json({"error": 11, "errorDescription": "Bad key " + KEY})],
    "refused body": [_json({**SMS, "status": 5})],
    "another message": [_json({**SMS, "id": 8})],
    "not json": [_http("200 OK", b"<html>" + KEY.encode())],
    "redirect": [_http("302 Found\r\nLocation: http://elsewhere.test/steal")],
    "rate limited": [_json({"error": 0, "message": "slow"}, "429 Too Many", "Retry-After: 7")],
    "retried 503": [_json({}, "503 Unavailable", "Retry-After: 0"), _json(SMS)],
    "retried 500 then 404": [
        _json({}, "500 Oops"),
        _json({"error": 20, "errorDescription": "no"}, "404 NF"),
    ],
    "reset then 200": [None, _json(SMS)],
    "reset twice": [None, None],
    "cut body": [b'HTTP/1.1 200 OK\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{"id": 7'],
    "bad head": [b"HTTP/1.1 abc\r\n\r\n"],
}


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: list[bytes | None] = []
        self.heads: list[bytes] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}/rest"


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(5)
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                return
            head += chunk
        self.server.heads.append(head)
        answer = self.server.answers.pop(0) if self.server.answers else _json(SMS)
        if answer is None:  # a reset: close without a word
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
        else:
            sock.sendall(answer.removeprefix(_HOLD))
            if answer.startswith(_HOLD):  # and hold the connection open, saying no more
                time.sleep(1.0)
        sock.close()


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    server = _Server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


class _NoWait:
    def time(self) -> float:
        return 1_000_000.0

    def monotonic(self) -> float:
        return 0.0

    def sleep(self, seconds: float) -> None:
        pass

    async def asleep(self, seconds: float) -> None:
        pass


def _observed(outcome: Any, http: httpx.AsyncClient) -> dict[str, Any]:
    """What a caller can see of a call's result or error, and of the client's cookies."""
    seen: dict[str, Any] = {"cookies": sorted(http.cookies.items())}
    if not isinstance(outcome, BaseException):
        return {**seen, "result": outcome}
    cause = outcome.__cause__
    seen.update(type=type(outcome), text=str(outcome), cause=(type(cause), str(cause)))
    if isinstance(cause, httpx.RequestError):
        seen["cause_request"] = (str(cause.request.url), cause.request.headers.multi_items())
    seen.update({k: v for k, v in vars(outcome).items() if k != "response"})
    response = getattr(outcome, "response", None)
    if response is not None:
        request = response.request
        seen.update(
            status=response.status_code,
            headers=[(k, v) for k, v in response.headers.multi_items() if k != "date"],
            content=response.content,
            extensions=response.extensions,
            next=response.next_request and str(response.next_request.url),
            request=(request.method, str(request.url), request.headers.multi_items()),
            request_content=request.content,
            elapsed=type(response.elapsed),
        )
    return seen


async def _call(server: _Server, transport: AiohttpTransport, **options: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(transport=transport) as http:
        client = wwt_sms.AsyncClient(
            KEY, base_url=server.url, http_client=http, clock=_NoWait(), **options
        )
        try:
            outcome: Any = await client.sms.get(7)
        except wwt_sms.WwtError as exc:
            outcome = exc
        return _observed(outcome, http)


def _both_ways(server: _Server, answers: list[bytes | None], **options: Any) -> list[Any]:
    """What the call gives directly and through the plain path, and what the server received."""
    seen = []
    for transport in (AiohttpTransport(), _PlainTransport()):
        server.answers, server.heads = list(answers), []
        seen.append((asyncio.run(_call(server, transport, **options)), server.heads))
    return seen


@pytest.mark.network
@pytest.mark.parametrize("retries", [2, 0])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_answer_gives_what_the_plain_path_gives(
    server: _Server, scenario: str, retries: int
) -> None:
    (direct, direct_heads), (plain, plain_heads) = _both_ways(
        server, SCENARIOS[scenario], max_response_bytes=2048, max_retries=retries
    )
    assert direct == plain
    assert direct_heads == plain_heads  # the same requests, byte for byte, as many of them
    succeeds = ("plain 200", "200 with a date", "streamed", "gzip", "cookie")
    if scenario in succeeds or (retries and scenario in ("retried 503", "reset then 200")):
        assert direct["result"].id == 7


@pytest.mark.network
def test_a_time_out_gives_what_the_plain_path_gives(server: _Server) -> None:
    # The head begun, never finished: only the total can end the call.
    late = _HOLD + _json(SMS)[:60]
    for seen, _ in _both_ways(server, [late], max_retries=0, timeout=0.3):
        assert seen["type"] is wwt_sms.APITimeoutError
        # Two timers end the attempt at its total, aiohttp's and the SDK's: which one's words
        # the error carries is a race, on either path.
        assert seen["cause"] in {
            (httpx.ReadTimeout, "timed out"),
            (httpx.ReadTimeout, "the attempt's total time limit ran out"),
        }


@pytest.mark.network
def test_the_plain_200_skips_httpx(server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> Any:
        raise AssertionError("the plain path was taken")

    monkeypatch.setattr(AiohttpTransport, "handle_async_request", refuse)
    server.answers = [_json(SMS)]
    assert asyncio.run(_call(server, AiohttpTransport()))["result"].id == 7


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (sms_by_id(211), SMS_BODY),
        (sms_by_reference("ext19"), SMS_BODY),
        (task_by_id(5), TASK_BODY),
        (sms_by_id(211), {**SMS_BODY, "status": 5}),
        (sms_by_id(211), {"error": 11}),
    ],
)
def test_a_parser_reads_nothing_of_a_200_but_its_status_and_body(call: Any, body: Any) -> None:
    content = json.dumps(body).encode()
    headers = {"Content-Type": "text/plain", "Retry-After": "3", "Location": "/elsewhere"}
    full = httpx.Response(200, headers=headers, content=content, request=httpx.Request("GET", "/"))
    answer = cast(Any, types.SimpleNamespace(status=200))
    parsed = []
    for response in (full, _bare_response(_Answer(answer, content))):
        try:
            parsed.append(call.parse(response, UTC))
        except wwt_sms.WwtError as exc:
            parsed.append((type(exc), str(exc)))
    assert parsed[0] == parsed[1]


# --- the request is the one `_build` makes -----------------------------------------------------


@pytest.mark.parametrize("base", ["https://api.example.test/rest", "http://127.0.0.1:8123"])
@pytest.mark.parametrize("defaults", [None, {"Host": "elsewhere.test"}, {"X-Trace": "1"}])
@pytest.mark.parametrize("timeout", [NOT_GIVEN, 2.5, httpx.Timeout(3.0, connect=1.0)])
def test_the_parts_sent_are_the_request_build_makes(
    base: str, defaults: dict[str, str] | None, timeout: Any
) -> None:
    http = httpx.AsyncClient(headers=defaults)
    client = wwt_sms.AsyncClient(KEY, base_url=base, http_client=http)
    for call in (sms_by_id(211), sms_by_reference("ext_19-a")):
        parts = client._bodiless_parts(call, timeout)
        assert parts is not None
        url, headers, limits = parts
        request = client._build(call, timeout)
        assert url == str(request.url)
        assert headers.raw == request.headers.raw
        assert limits == request.extensions["timeout"]
        assert request.content == b""


def test_requests_that_need_httpx_have_no_parts() -> None:
    client = wwt_sms.AsyncClient(KEY, base_url="https://api.example.test/rest")
    assert client._bodiless_parts(sms_statuses((1, 2)), NOT_GIVEN) is None  # a body
    assert client._bodiless_parts(sms_by_reference("a.b"), NOT_GIVEN) is None  # parsed path
    odd = wwt_sms.AsyncClient(KEY, base_url="http://h:80/rest")  # rewritten when parsed
    assert odd._bodiless_parts(sms_by_id(1), NOT_GIVEN) is None
    jar = httpx.AsyncClient(cookies={"a": "1"})  # cookies for httpx to merge
    assert (
        wwt_sms.AsyncClient(KEY, http_client=jar)._bodiless_parts(sms_by_id(1), NOT_GIVEN) is None
    )


@pytest.mark.parametrize(
    ("timeout", "kept"),
    [
        (httpx.Timeout(30.0, connect=5.0), {"total": 30.0, "sock_connect": 5.0}),
        (httpx.Timeout(2.0), {"total": 2.0}),
        (
            httpx.Timeout(10.0, read=4.0, pool=2.0),
            {"total": 10.0, "connect": 2.0, "sock_read": 4.0},
        ),
        (httpx.Timeout(10.0, read=None), {"connect": 10.0, "sock_connect": 10.0}),
    ],
)
def test_aiohttp_is_given_the_total_and_the_limits_that_can_end_a_request_sooner(
    timeout: httpx.Timeout, kept: dict[str, float]
) -> None:
    given = client_timeout(timeout.as_dict())
    limits = {k: getattr(given, k) for k in ("total", "connect", "sock_connect", "sock_read")}
    assert {k: v for k, v in limits.items() if v is not None} == kept


# --- where httpx's objects are needed, the plain path ------------------------------------------


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []
    plain = AiohttpTransport.handle_async_request

    async def spied(self: AiohttpTransport, request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return await plain(self, request)

    monkeypatch.setattr(AiohttpTransport, "handle_async_request", spied)
    return sent


PLAIN_CASES: dict[str, Callable[[pytest.LogCaptureFixture], dict[str, Any]]] = {
    "event hooks": lambda caplog: {"event_hooks": {"request": [_async_noop]}},
    "httpx logs requests": lambda caplog: _logging(caplog, "httpx"),
    "the SDK logs attempts": lambda caplog: _logging(caplog, "wwt_sms"),
    "mounts": lambda caplog: {"mounts": {"http://other.test": AiohttpTransport()}},
}


async def _async_noop(request: httpx.Request) -> None:
    pass


def _logging(caplog: pytest.LogCaptureFixture, logger: str) -> dict[str, Any]:
    caplog.set_level(logging.INFO, logger=logger)
    return {}


@pytest.mark.network
@pytest.mark.parametrize("case", PLAIN_CASES)
def test_what_needs_httpx_takes_the_plain_path(
    server: _Server, case: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = _spy(monkeypatch)
    options = PLAIN_CASES[case](caplog)

    async def go() -> wwt_sms.Sms:
        async with httpx.AsyncClient(transport=AiohttpTransport(), **options) as http:
            return await wwt_sms.AsyncClient(KEY, base_url=server.url, http_client=http).sms.get(7)

    server.answers = [_json(SMS)]
    assert asyncio.run(go()).id == 7
    assert sent == ["/rest/sms/7"]


@pytest.mark.network
def test_raw_responses_and_the_drift_check_take_the_plain_path(
    server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("jsonschema")
    sent = _spy(monkeypatch)

    async def go() -> None:
        async with wwt_sms.aiohttp_client() as http:
            client = wwt_sms.AsyncClient(KEY, base_url=server.url, http_client=http)
            raw = await client.with_raw_response.sms.get(7)
            assert raw.parse().id == 7
            assert raw.http_response.request.headers["X-API-KEY"] == "[redacted]"
            drift = wwt_sms.AsyncClient(
                KEY, base_url=server.url, http_client=http, on_contract_drift="raise"
            )
            assert (await drift.sms.get(7)).id == 7
            assert (await client.sms.get(7)).id == 7  # and the next plain call goes directly

    server.answers = [_json(SMS)] * 3
    asyncio.run(go())
    assert sent == ["/rest/sms/7", "/rest/sms/7"]


def test_only_exactly_the_sdks_transport_is_called_directly() -> None:
    assert DirectCalls.over(httpx.AsyncClient(transport=AiohttpTransport())) is not None
    assert DirectCalls.over(httpx.AsyncClient(transport=_PlainTransport())) is None
    assert DirectCalls.over(httpx.AsyncClient()) is None
    mounted = httpx.AsyncClient(
        transport=AiohttpTransport(), mounts={"http://x.test": httpx.AsyncHTTPTransport()}
    )
    assert DirectCalls.over(mounted) is None
    assert wwt_sms.AsyncClient(KEY)._direct is None
