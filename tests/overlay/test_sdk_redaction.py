"""An API key a server echoes back is blanked in whatever an `UnexpectedResponseError` shows
(its message and `body`), before the text is cut: no part of it is ever shown."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import wwt_sms
from tests.keys import KEY
from wwt_sms._constants import BODY_EXCERPT_CHARS

from .fakes import SMS_BODY


def _client(body: bytes, **options: Any) -> wwt_sms.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return wwt_sms.Client(KEY, http_client=http, max_retries=0, **options)


def _echoing(field: str, tail: str = "") -> bytes:
    """`SMS_BODY` with `field` written first, its value ending in the key, which so begins 10
    characters before the excerpt's cut."""
    head = '{"' + field + '":"'
    pad = "x" * (BODY_EXCERPT_CHARS - 10 - len(head))
    rest = json.dumps({k: v for k, v in SMS_BODY.items() if k != field})[1:]
    return (head + pad + KEY + tail + '",' + rest).encode()


def _shown(error: wwt_sms.UnexpectedResponseError) -> str:
    # The excerpt reaches into where the key was: a cut before redacting would show its start.
    assert len(error.body) > BODY_EXCERPT_CHARS - 10
    return str(error) + error.body


@pytest.mark.parametrize("tail", ["", "y" * 5000])
def test_a_body_over_the_cap_is_redacted_then_cut(tail: str) -> None:
    body = _echoing("echo", tail)
    with (
        _client(body, max_response_bytes=BODY_EXCERPT_CHARS + 10) as client,
        pytest.raises(wwt_sms.UnexpectedResponseError, match="max_response_bytes") as caught,
    ):
        client.sms.get(211)
    assert KEY[:10] not in _shown(caught.value)


def test_a_reference_that_echoes_the_key_is_redacted_in_the_message() -> None:
    body = _echoing("reference")
    with (
        _client(body) as client,
        pytest.raises(wwt_sms.UnexpectedResponseError) as caught,
    ):
        client.sms.get_by_reference("ext19")
    assert KEY[:10] not in _shown(caught.value)


def test_a_raw_response_parsed_later_still_redacts_the_key() -> None:
    body = _echoing("id")
    with _client(body) as client:
        raw = client.with_raw_response.sms.get(211)
    assert raw.http_response.request.headers["X-API-KEY"] == "[redacted]"
    with pytest.raises(wwt_sms.UnexpectedResponseError) as caught:
        raw.parse()
    assert KEY[:10] not in _shown(caught.value)
