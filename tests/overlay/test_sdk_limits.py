"""Bounds on what a call may cost or reveal: time, body size, field sizes, redirects, the base
URL, error texts that say what happened, and optional extras that say how to install them.

The same bounds against real misbehaving servers: `test_hostile_servers.py`.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import sys
import zlib
from decimal import Decimal
from typing import Any

import httpx
import pytest

import wwt_sms
from tests.keys import KEY
from wwt_sms import _constants

from .fakes import SMS_BODY, FakeApi, FakeClock, reply


def _client(api: FakeApi, clock: FakeClock | None = None, **options: Any) -> wwt_sms.Client:
    http = httpx.Client(transport=api.transport())
    return wwt_sms.Client(KEY, http_client=http, clock=clock or FakeClock(), **options)


# --- wait_for_final: a hard deadline -----------------------------------------------------------


def test_wait_for_final_ends_in_wait_timeout_when_polls_time_out(
    api: FakeApi, clock: FakeClock
) -> None:
    api.default = httpx.ReadTimeout("slow")
    with _client(api, clock) as client, pytest.raises(wwt_sms.WaitTimeoutError) as caught:
        client.sms.wait_for_final(7, timeout=5.0, poll_interval=1.0)
    assert isinstance(caught.value.__cause__, wwt_sms.APITimeoutError)
    assert (caught.value.sms_id, caught.value.last_status) == (7, None)


def test_wait_for_final_starts_no_retry_after_its_deadline(api: FakeApi, clock: FakeClock) -> None:
    # Every poll fails with a retryable 503; the retries' backoff must not carry the wait on
    # past its deadline, and the wait ends as a wait.
    api.default = reply(503, {"code": 503, "message": "busy"})
    start = clock.now
    with _client(api, clock, max_retries=50) as client, pytest.raises(wwt_sms.WwtError) as caught:
        client.sms.wait_for_final(7, timeout=3.0, poll_interval=1.0)
    assert clock.now - start <= 3.0
    assert isinstance(caught.value, wwt_sms.ServerError | wwt_sms.WaitTimeoutError)


def test_wait_for_final_reports_the_last_status_it_saw(api: FakeApi, clock: FakeClock) -> None:
    api.default = reply(200, {**SMS_BODY, "id": 7, "status": "sent"})
    with _client(api, clock) as client, pytest.raises(wwt_sms.WaitTimeoutError) as caught:
        client.sms.wait_for_final(7, timeout=4.0, poll_interval=1.0)
    assert caught.value.last_status == "sent"
    assert "still 'sent'" in str(caught.value)


# --- bodies: capped after decompression -------------------------------------------------------


def test_the_decoded_body_is_capped_not_the_wire_bytes(api: FakeApi) -> None:
    padded = json.dumps({**SMS_BODY, "id": 1, "pad": "x" * 5000}).encode()
    zipped = gzip.compress(padded)
    assert len(zipped) < 4096 < len(padded)
    api.default = lambda request: httpx.Response(
        200, content=zipped, headers={"Content-Encoding": "gzip"}
    )
    with (
        _client(api, max_response_bytes=4096) as client,
        pytest.raises(wwt_sms.UnexpectedResponseError, match="max_response_bytes"),
    ):
        client.sms.get(1)
    with _client(api, max_response_bytes=len(padded)) as client:
        assert client.sms.get(1).id == 1


def test_the_default_cap_is_a_few_megabytes() -> None:
    assert _constants.DEFAULT_MAX_RESPONSE_BYTES == 4 * 1024 * 1024


@pytest.mark.parametrize("bad", [0, -1, 1.5, "big", True])
def test_bad_caps_are_refused(bad: object) -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match="max_response_bytes"):
        wwt_sms.Client(KEY, max_response_bytes=bad)  # type: ignore[arg-type]


# --- fields: bounded, and for the message asked for -------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("price", "1e999999999"),
        ("price", "9" * 500),
        ("status", "s" * 10_000),
        ("reference", "r" * 10_000),
        ("currency", "E" * 10_000),
        ("msisdn", "1" * 21),
    ],
)
def test_enormous_values_are_refused_by_field(api: FakeApi, field: str, value: str) -> None:
    body = json.dumps({**SMS_BODY, "id": 1}).replace('"price": 0.23', '"price": 0.5')
    body = body.replace(
        f'"{field}": ', f'"{field}": {value if field == "price" else json.dumps(value)}, "was": ', 1
    )
    api.default = reply(200, content=body.encode())
    with _client(api) as client, pytest.raises(wwt_sms.UnexpectedResponseError, match=field):
        client.sms.get(1)


def test_a_price_within_bounds_survives_arithmetic(api: FakeApi) -> None:
    api.default = reply(200, content=json.dumps({**SMS_BODY, "id": 1}).replace(
        '"price": 0.23', '"price": 1e300').encode())  # fmt: skip
    with _client(api) as client:
        price = client.sms.get(1).price
    assert price == Decimal("1e300")
    assert price * 100 == Decimal("1e302")


@pytest.mark.parametrize("nesting", [b"[" * 100_000, b'{"a":' * 100_000])
def test_deeply_nested_bodies_are_unexpected_responses(api: FakeApi, nesting: bytes) -> None:
    api.default = reply(200, content=nesting)
    with _client(api) as client, pytest.raises(wwt_sms.UnexpectedResponseError):
        client.sms.get(1)


def test_an_answer_for_another_message_is_refused(api: FakeApi) -> None:
    api.default = reply(200, {**SMS_BODY, "id": 212})
    with (
        _client(api) as client,
        pytest.raises(wwt_sms.UnexpectedResponseError, match="for SMS 212, not SMS 211"),
    ):
        client.sms.get(211)


def test_an_answer_for_another_reference_is_refused(api: FakeApi) -> None:
    api.default = reply(200, {**SMS_BODY, "reference": "other"})
    with (
        _client(api) as client,
        pytest.raises(wwt_sms.UnexpectedResponseError, match="for reference 'other', not 'ext19'"),
    ):
        client.sms.get_by_reference("ext19")


# --- redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_reported_as_one_and_not_followed(api: FakeApi, status: int) -> None:
    api.default = httpx.Response(status, headers={"Location": "https://elsewhere.test/steal"})
    http = httpx.Client(transport=api.transport(), follow_redirects=True)
    with (
        wwt_sms.Client(KEY, http_client=http) as client,
        pytest.raises(
            wwt_sms.UnexpectedResponseError,
            match=f"redirect \\(HTTP {status}\\) to 'https://elsewh",
        ),
    ):
        client.sms.get(1)
    assert [request.url.host for request in api.requests] == ["api.wwt.world"]


def test_an_async_redirect_is_not_followed_either(api: FakeApi) -> None:
    api.default = httpx.Response(302, headers={"Location": "https://elsewhere.test/steal"})
    http = httpx.AsyncClient(transport=api.transport(), follow_redirects=True)

    async def go() -> None:
        async with wwt_sms.AsyncClient(KEY, http_client=http) as client:
            await client.sms.get(1)

    with pytest.raises(wwt_sms.UnexpectedResponseError, match="redirect"):
        asyncio.run(go())
    assert len(api.requests) == 1


# --- the base URL ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://api.test/rest?x=1", "query"),
        ("https://api.test/rest?", "query"),
        ("https://api.test/rest#top", "fragment"),
        ("https://user:s3cret@api.test/rest", "user name or password"),
        ("https://user@api.test/rest", "user name or password"),
    ],
)
def test_base_urls_with_query_fragment_or_credentials_are_refused(url: str, says: str) -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match=says) as caught:
        wwt_sms.Client(KEY, base_url=url)
    assert "s3cret" not in str(caught.value)


# --- error texts say what happened ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (httpx.ReadError(""), "the connection failed while the answer was read"),
        (httpx.ConnectError(""), "the connection could not be opened"),
        (httpx.RemoteProtocolError(""), "closed the connection"),
        (httpx.ReadTimeout(""), "no answer within the timeout"),
    ],
)
def test_connection_errors_without_text_say_what_happened(
    api: FakeApi, error: Exception, says: str
) -> None:
    api.default = error
    with _client(api, max_retries=0) as client, pytest.raises(wwt_sms.APIConnectionError) as caught:
        client.sms.get(1)
    assert says in str(caught.value)
    assert not str(caught.value).endswith(": ")


@pytest.mark.parametrize(("status", "phrase"), [(500, "Internal Server Error"), (418, "I'm a")])
def test_an_error_status_without_a_description_says_what_it_means(
    api: FakeApi, status: int, phrase: str
) -> None:
    api.default = reply(status, content=b"")
    with _client(api, max_retries=0) as client, pytest.raises(wwt_sms.APIError) as caught:
        client.sms.get(1)
    text = str(caught.value)
    assert phrase in text
    assert "no error description" in text
    assert f"HTTP {status} (HTTP {status})" not in text


# --- optional extras -----------------------------------------------------------------------------


def test_aiohttp_client_without_aiohttp_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)  # `import aiohttp` raises ImportError
    monkeypatch.delitem(sys.modules, "wwt_sms._aiohttp", raising=False)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'wwt-sms\[aiohttp\]'"):
        wwt_sms.aiohttp_client  # noqa: B018 - the attribute access is the test


# --- how bodies are decoded as they stream ------------------------------------------------------

SMS_1 = json.dumps({**SMS_BODY, "id": 1}).encode()


def _streamed(content: bytes, encoding: str | None = None) -> Any:
    """A reply whose body arrives as a stream (not read in advance), in 7-byte chunks."""
    headers = {"Content-Encoding": encoding} if encoding else {}

    class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> Any:
            for start in range(0, len(content), 7):
                yield content[start : start + 7]

        async def __aiter__(self) -> Any:
            for chunk in self:
                yield chunk

    return lambda request: httpx.Response(200, headers=headers, stream=Chunks())


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        (None, lambda data: data),
        ("identity", lambda data: data),
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", _raw_deflate),  # what some servers send as "deflate"
    ],
)
def test_streamed_bodies_are_decoded(api: FakeApi, encoding: str | None, encode: Any) -> None:
    api.default = _streamed(encode(SMS_1), encoding)
    with _client(api) as client:
        assert client.sms.get(1).id == 1

    async def go() -> int:
        http = httpx.AsyncClient(transport=api.transport())
        async with wwt_sms.AsyncClient(KEY, http_client=http) as aclient:
            return (await aclient.sms.get(1)).id

    assert asyncio.run(go()) == 1


@pytest.mark.parametrize(
    ("content", "encoding", "says"),
    [
        (b"\x1f\x8b not really gzip", "gzip", "gzip body is corrupt"),
        (SMS_1, "br", "Content-Encoding 'br' was not offered"),
        (SMS_1 * 100, None, "max_response_bytes"),
        (gzip.compress(SMS_1 * 100), "gzip", "max_response_bytes"),
    ],
)
def test_streamed_bodies_that_cannot_be_read_are_unexpected(
    api: FakeApi, content: bytes, encoding: str | None, says: str
) -> None:
    api.default = _streamed(content, encoding)
    with (
        _client(api, max_response_bytes=len(SMS_1) * 10) as client,
        pytest.raises(wwt_sms.UnexpectedResponseError, match=says),
    ):
        client.sms.get(1)


def test_the_deadline_shortens_each_wait_and_ends_the_attempt() -> None:
    import httpcore

    from wwt_sms import _deadline

    assert _deadline._limited(5.0, httpcore.ReadTimeout) == 5.0  # outside an attempt
    with _deadline.within(2.0):
        assert _deadline._limited(5.0, httpcore.ReadTimeout) <= 2.0  # type: ignore[operator]
        assert _deadline._limited(None, httpcore.ReadTimeout) <= 2.0  # type: ignore[operator]
    with _deadline.within(0.0), pytest.raises(httpcore.ReadTimeout, match="total time limit"):
        _deadline._limited(5.0, httpcore.ReadTimeout)
    with _deadline.within(None):
        assert _deadline._limited(None, httpcore.ReadTimeout) is None


def test_the_deadline_backend_is_installed_once_on_standard_transports() -> None:
    from wwt_sms import _deadline
    from wwt_sms._deadline_streams import DeadlineBackend

    http = httpx.Client(mounts={"http://other.test": httpx.HTTPTransport()})
    _deadline.install(http)
    _deadline.install(http)
    for transport in [http._transport, *http._mounts.values()]:
        backend = transport._pool._network_backend  # type: ignore[union-attr]
        assert isinstance(backend, DeadlineBackend)
        assert not isinstance(backend._inner, DeadlineBackend)
    http.close()
