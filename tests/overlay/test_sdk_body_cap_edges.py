"""`max_response_bytes` holds at its exact edge on every path a body takes: already in memory
(an in-process transport), streamed as sent, and streamed through gzip — sync and async.

A body of exactly the cap is read; one byte more is refused. The cap counts decoded bytes.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

import wwt_sms
from tests.keys import KEY

BODY = json.dumps(
    {
        "error": 0,
        "id": 211,
        "msisdn": 380972000001,
        "reference": "ext19",
        "time_in": "2017-01-17 09:11:41",
        "time_sent": "2017-01-17 09:11:41",
        "time_dr": "2017-01-17 09:11:45",
        "status": "delivered",
        "price": 0.23,
        "currency": "EUR",
    }
).encode()


class _Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that arrives in small pieces, so the SDK reads it as a stream."""

    def __init__(self, data: bytes, size: int = 7) -> None:
        self._pieces = [data[i : i + size] for i in range(0, len(data), size)]

    def __iter__(self) -> Iterator[bytes]:
        yield from self._pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._pieces:
            yield piece


def _answer(path: str) -> httpx.Response:
    if path == "memory":
        return httpx.Response(200, content=BODY)
    if path == "stream":
        return httpx.Response(200, stream=_Chunks(BODY))
    return httpx.Response(
        200, stream=_Chunks(gzip.compress(BODY)), headers={"Content-Encoding": "gzip"}
    )


def _get(path: str, cap: int) -> wwt_sms.Sms:
    transport = httpx.MockTransport(lambda request: _answer(path))
    with wwt_sms.Client(
        KEY, http_client=httpx.Client(transport=transport), max_response_bytes=cap, max_retries=0
    ) as client:
        return client.sms.get(211)


async def _aget(path: str, cap: int) -> wwt_sms.Sms:
    transport = httpx.MockTransport(lambda request: _answer(path))
    async with wwt_sms.AsyncClient(
        KEY,
        http_client=httpx.AsyncClient(transport=transport),
        max_response_bytes=cap,
        max_retries=0,
    ) as client:
        return await client.sms.get(211)


PATHS = ["memory", "stream", "gzip"]


@pytest.mark.parametrize("path", PATHS)
def test_a_body_of_exactly_the_cap_is_read(path: str) -> None:
    assert _get(path, len(BODY)).id == 211
    assert asyncio.run(_aget(path, len(BODY))).id == 211


@pytest.mark.parametrize("path", PATHS)
def test_one_byte_over_the_cap_is_refused(path: str) -> None:
    with pytest.raises(
        wwt_sms.UnexpectedResponseError, match=rf"max_response_bytes \({len(BODY) - 1} bytes\)"
    ):
        _get(path, len(BODY) - 1)
    with pytest.raises(
        wwt_sms.UnexpectedResponseError, match=rf"max_response_bytes \({len(BODY) - 1} bytes\)"
    ):
        asyncio.run(_aget(path, len(BODY) - 1))
