"""`sms.get_statuses` / `sms.iter_statuses` against a scripted API: what is sent (batches,
bodies, each ID once, nothing when an ID is bad), what comes back (one entry per ID), and how
failures surface (retries, typed errors carrying the batch's IDs, raw responses)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import httpx
import pytest

import wwt_sms
from tests.keys import KEY

from .fakes import FakeApi, FakeClock, reply

ITEM: dict[str, Any] = {
    "id": "0",
    "external_id": "ext_id_16",
    "msisdn": "380972000001",
    "time_sent": "2017-01-17 09:11:41",
    "time_dr": None,
    "status": "sent",
    "price": 0.23,
    "currency": "EUR",
}


def answer(ids: Iterable[int]) -> dict[str, Any]:
    return {"result": [{**ITEM, "id": str(id)} for id in ids]}


def asked(request: httpx.Request) -> list[int]:
    body = json.loads(request.content)
    assert list(body) == ["ids"]
    ids: list[int] = body["ids"]
    return ids


def echo(request: httpx.Request) -> httpx.Response:
    """Knows every odd ID."""
    return reply(200, answer(id for id in asked(request) if id % 2))


# --- what is sent --------------------------------------------------------------------------


def test_one_post_per_batch_of_at_most_100(api: FakeApi, client: wwt_sms.Client) -> None:
    api.default = echo
    found = client.sms.get_statuses(range(1, 251))
    assert [len(asked(r)) for r in api.requests] == [100, 100, 50]
    request = api.requests[0]
    assert (request.method, request.url.path) == ("POST", "/rest/sms/getStatus")
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-api-key"] == KEY
    assert asked(request) == list(range(1, 101))
    assert list(found) == list(range(1, 251))


def test_every_requested_id_is_a_key_none_where_no_record_came(
    api: FakeApi, client: wwt_sms.Client
) -> None:
    api.default = echo
    found = client.sms.get_statuses([4, 3, 2, 1])
    assert list(found) == [4, 3, 2, 1]
    assert (found[4], found[2]) == (None, None)
    record = found[3]
    assert isinstance(record, wwt_sms.SmsStatusRecord)
    assert (record.id, record.reference, record.price) == (3, "ext_id_16", Decimal("0.23"))
    assert record.status is wwt_sms.SmsStatus.SENT


def test_a_repeated_id_is_asked_once(api: FakeApi, client: wwt_sms.Client) -> None:
    api.default = echo
    found = client.sms.get_statuses([7, 5, 7, *range(1, 150), 5])
    sent = [id for request in api.requests for id in asked(request)]
    assert sorted(sent) == sorted(set(sent))
    assert len(sent) == len(found) == 149


@pytest.mark.parametrize("bad", [0, -1, 2**63, "5", 5.0, True, None])
def test_a_bad_id_anywhere_sends_nothing(api: FakeApi, client: wwt_sms.Client, bad: object) -> None:
    ids: list[Any] = [*range(1, 300), bad]
    with pytest.raises(wwt_sms.ClientValidationError, match=r"ids\[299\]"):
        client.sms.get_statuses(ids)
    assert api.requests == []


def test_no_ids_no_request(api: FakeApi, client: wwt_sms.Client) -> None:
    assert client.sms.get_statuses([]) == {}
    assert api.requests == []


def test_records_for_ids_not_asked_are_ignored(api: FakeApi, client: wwt_sms.Client) -> None:
    api.queue(reply(200, answer([1, 99, 1])))
    found = client.sms.get_statuses([1, 2])
    assert set(found) == {1, 2}
    assert found[2] is None


def test_the_timeout_applies_to_each_batch(api: FakeApi, client: wwt_sms.Client) -> None:
    api.default = echo
    client.sms.get_statuses(range(1, 120), timeout=3.5)
    assert [r.extensions["timeout"]["read"] for r in api.requests] == [3.5, 3.5]


# --- failures ----------------------------------------------------------------------------


def test_a_retryable_failure_is_retried(
    api: FakeApi, client: wwt_sms.Client, clock: FakeClock
) -> None:
    api.queue(reply(503, {"code": 503, "message": "Service unavailable"}))
    api.default = echo
    found = client.sms.get_statuses([1, 2, 3])
    assert len(api.requests) == 2
    assert asked(api.requests[0]) == asked(api.requests[1])
    assert found[1] is not None
    assert len(clock.sleeps) == 1


def test_a_failed_batch_raises_its_typed_error_with_its_ids(
    api: FakeApi, client: wwt_sms.Client
) -> None:
    api.queue(reply(200, answer([1])), *[reply(500, {"code": 500, "message": "boom"})] * 3)
    with pytest.raises(wwt_sms.ServerError) as raised:
        client.sms.get_statuses(range(1, 151))
    assert raised.value.batch_ids == tuple(range(101, 151))
    assert KEY not in repr(raised.value.response.request.headers)  # type: ignore[union-attr]


def test_a_connection_failure_carries_the_batch_ids(api: FakeApi, client: wwt_sms.Client) -> None:
    api.queue(*[httpx.ConnectError("refused")] * 3)
    with pytest.raises(wwt_sms.APIConnectionError) as raised:
        client.sms.get_statuses([8, 9])
    assert raised.value.batch_ids == (8, 9)


def test_an_error_in_a_200_body_is_the_error_it_names(api: FakeApi, client: wwt_sms.Client) -> None:
    api.queue(reply(200, {"error": "24", "errorDescription": "Invalid query payload"}))
    with pytest.raises(wwt_sms.InvalidQueryPayloadError) as raised:
        client.sms.get_statuses([1])
    assert raised.value.batch_ids == (1,)


@pytest.mark.parametrize("status", [200, 404])
def test_sms_not_found_for_a_whole_batch_means_no_records(
    api: FakeApi, client: wwt_sms.Client, status: int
) -> None:
    api.queue(reply(status, {"error": 20, "errorDescription": "SMS not found"}))
    assert client.sms.get_statuses([1, 2]) == {1: None, 2: None}


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"error": 0}, "field 'result' is missing"),
        ({"result": {"id": 1}}, "field 'result'"),
        ({"result": [{**ITEM, "id": 1, "price": "1,5"}]}, "field 'price'"),
        ({"result": [{"id": 1, "msisdn": "1", "price": 1, "currency": "EUR"}]}, "'status' is"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_an_answer_of_the_wrong_shape_is_an_unexpected_response(
    api: FakeApi, client: wwt_sms.Client, body: Any, why: str
) -> None:
    api.queue(reply(200, body))
    with pytest.raises(wwt_sms.UnexpectedResponseError, match=why) as raised:
        client.sms.get_statuses([1])
    assert raised.value.batch_ids == (1,)


def test_errors_outside_a_batch_carry_no_batch_ids() -> None:
    assert wwt_sms.ServerError("x", http_status=500).batch_ids == ()


# --- streaming ---------------------------------------------------------------------------


def test_iter_statuses_sends_a_batch_only_when_the_previous_one_was_read(
    api: FakeApi, client: wwt_sms.Client
) -> None:
    api.default = echo
    parts = client.sms.iter_statuses(iter(range(1, 301)))
    first = next(parts)
    assert (list(first), len(api.requests)) == (list(range(1, 101)), 1)
    rest = list(parts)
    assert [list(part) for part in rest] == [list(range(101, 201)), list(range(201, 301))]


def test_iter_statuses_asks_an_id_once_within_a_batch_keeping_nothing_between(
    api: FakeApi, client: wwt_sms.Client
) -> None:
    api.default = echo
    parts = list(client.sms.iter_statuses([*range(1, 51), *range(1, 51), *range(40, 60)]))
    assert [list(part) for part in parts] == [list(range(1, 51)), list(range(40, 60))]
    assert [asked(request) for request in api.requests] == [list(range(1, 51)), list(range(40, 60))]


# --- raw responses -----------------------------------------------------------------------


def test_raw_response_of_one_batch(api: FakeApi, client: wwt_sms.Client) -> None:
    api.default = echo
    raw = client.with_raw_response.sms.get_statuses([1, 2, 1])
    assert raw.status_code == 200
    assert [item["id"] for item in raw.json()["result"]] == ["1"]
    assert asked(api.requests[0]) == [1, 2]
    assert raw.parse() == client.sms.get_statuses([1, 2])
    assert raw.http_response.request.headers["x-api-key"] != KEY


@pytest.mark.parametrize(("ids", "why"), [([], "1 to 100"), (range(1, 102), "1 to 100")])
def test_raw_response_is_for_one_request(
    api: FakeApi, client: wwt_sms.Client, ids: Iterable[int], why: str
) -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match=why):
        client.with_raw_response.sms.get_statuses(ids)
    assert api.requests == []


# --- async -------------------------------------------------------------------------------


def test_async_get_statuses_runs_batches_concurrently_and_bounded() -> None:
    in_flight = peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return echo(request)

    async def main() -> dict[int, wwt_sms.SmsStatusRecord | None]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with wwt_sms.AsyncClient(KEY, http_client=http) as client:
            return await client.sms.get_statuses(range(1, 1001), concurrency=3)

    found = asyncio.run(main())
    assert list(found) == list(range(1, 1001))
    assert sum(record is not None for record in found.values()) == 500
    assert peak == 3


def test_async_failed_batch_raises_with_its_ids_and_stops_the_others() -> None:
    api = FakeApi()
    calls: list[list[int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        ids = asked(request)
        calls.append(ids)
        if ids[0] == 101:
            return reply(400, {"error": 24, "errorDescription": "Invalid query payload"})
        return echo(request)

    api.default = handler

    async def main() -> None:
        http = httpx.AsyncClient(transport=api.transport())
        async with wwt_sms.AsyncClient(KEY, http_client=http, max_retries=0) as client:
            await client.sms.get_statuses(range(1, 10_001), concurrency=2)

    with pytest.raises(wwt_sms.InvalidQueryPayloadError) as raised:
        asyncio.run(main())
    assert raised.value.batch_ids == tuple(range(101, 201))
    assert len(calls) < 10


def test_async_iter_statuses_and_raw_response() -> None:
    api = FakeApi()
    api.default = echo

    async def main() -> tuple[list[list[int]], dict[int, wwt_sms.SmsStatusRecord | None]]:
        http = httpx.AsyncClient(transport=api.transport())
        async with wwt_sms.AsyncClient(KEY, http_client=http) as client:
            parts = [list(part) async for part in client.sms.iter_statuses(range(1, 251))]
            raw = await client.with_raw_response.sms.get_statuses([5, 6])
            return parts, raw.parse()

    parts, parsed = asyncio.run(main())
    assert sorted(id for part in parts for id in part) == list(range(1, 251))
    assert sorted(len(part) for part in parts) == [50, 100, 100]
    assert list(parsed) == [5, 6]
    assert parsed[6] is None


def test_async_bad_id_sends_nothing() -> None:
    api = FakeApi()

    async def main() -> None:
        http = httpx.AsyncClient(transport=api.transport())
        async with wwt_sms.AsyncClient(KEY, http_client=http) as client:
            await client.sms.get_statuses([1, 2, 0])

    with pytest.raises(wwt_sms.ClientValidationError, match=r"ids\[2\]"):
        asyncio.run(main())
    assert api.requests == []


@pytest.mark.parametrize("concurrency", [0, -1, 1.5, True])
def test_async_concurrency_must_be_a_positive_int(concurrency: Any) -> None:
    async def main() -> None:
        async with wwt_sms.AsyncClient(KEY) as client:
            await client.sms.get_statuses([1], concurrency=concurrency)

    with pytest.raises(wwt_sms.ClientValidationError, match="concurrency"):
        asyncio.run(main())
