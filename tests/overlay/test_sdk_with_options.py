"""`client.with_options(timeout=..., max_retries=...)`: a client on the same connection pool with
other options; the parent keeps its own, owns the pool, and outlives the child's `close`."""

from __future__ import annotations

import asyncio

import httpx
import pytest

import wwt_sms
from tests.keys import KEY

from .fakes import FakeApi, FakeClock, reply

UNAVAILABLE = {"code": 503, "message": "busy"}


class CountingTransport(httpx.MockTransport):
    """A mock transport that records which transport object carried each request."""

    def __init__(self, api: FakeApi, seen: list[int]) -> None:
        super().__init__(api.handler)
        self._seen = seen

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._seen.append(id(self))
        return super().handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._seen.append(id(self))
        return await super().handle_async_request(request)


def test_the_child_sends_through_the_parents_transport(api: FakeApi) -> None:
    seen: list[int] = []
    transport = CountingTransport(api, seen)
    with wwt_sms.Client(KEY, http_client=httpx.Client(transport=transport)) as parent:
        child = parent.with_options(timeout=2.0)
        parent.sms.get(1)
        child.sms.get(2)
        child.sms.get_by_reference("ext19")
        child.with_raw_response.sms.get(4)
    assert seen == [id(transport)] * 4
    assert child._http is parent._http


def test_options_apply_to_the_child_only(api: FakeApi) -> None:
    http = httpx.Client(transport=api.transport())
    parent = wwt_sms.Client(KEY, http_client=http, clock=FakeClock(), max_retries=2)
    child = parent.with_options(timeout=2.0, max_retries=0)
    api.queue(reply(503, UNAVAILABLE))
    with pytest.raises(wwt_sms.ServerError):
        child.sms.get(1)
    assert len(api.requests) == 1  # no retry
    assert api.requests[0].extensions["timeout"]["read"] == 2.0
    api.queue(reply(503, UNAVAILABLE), reply(503, UNAVAILABLE))
    assert parent.sms.get(1).id == 1
    assert len(api.requests) == 4  # the parent still retries twice
    assert api.requests[-1].extensions["timeout"]["read"] == 30.0
    http.close()


def test_what_is_not_given_stays_the_parents(api: FakeApi) -> None:
    http = httpx.Client(transport=api.transport())
    parent = wwt_sms.Client(KEY, http_client=http, clock=FakeClock(), timeout=7.0, max_retries=1)
    only_timeout = parent.with_options(timeout=3.0)
    only_retries = parent.with_options(max_retries=0)
    unchanged = parent.with_options(timeout=wwt_sms.NOT_GIVEN, max_retries=wwt_sms.NOT_GIVEN)
    assert (only_timeout._timeout, only_timeout._max_retries) == (httpx.Timeout(3.0), 1)
    assert (only_retries._timeout, only_retries._max_retries) == (httpx.Timeout(7.0), 0)
    assert (unchanged._timeout, unchanged._max_retries) == (httpx.Timeout(7.0), 1)
    api.queue(reply(503, UNAVAILABLE))
    only_timeout.sms.get(1)  # one retry, from the parent's max_retries=1
    assert [r.extensions["timeout"]["read"] for r in api.requests] == [3.0, 3.0]
    http.close()


def test_the_child_can_be_chained_and_its_options_checked() -> None:
    with wwt_sms.Client(KEY) as parent:
        grandchild = parent.with_options(timeout=1.0).with_options(max_retries=5)
        assert (grandchild._timeout, grandchild._max_retries) == (httpx.Timeout(1.0), 5)
        assert grandchild._http is parent._http
        with pytest.raises(wwt_sms.ClientValidationError):
            parent.with_options(max_retries=-1)
        with pytest.raises(wwt_sms.ClientValidationError):
            parent.with_options(timeout=0)


def test_closing_the_child_leaves_the_parents_pool_open() -> None:
    parent = wwt_sms.Client(KEY)
    with parent.with_options(timeout=2.0) as child:
        assert child._http is parent._http
    assert not parent._http.is_closed
    parent.close()
    assert parent._http.is_closed  # the parent owns the pool


def test_the_async_child_shares_the_pool_and_applies_its_options(api: FakeApi) -> None:
    seen: list[int] = []
    transport = CountingTransport(api, seen)

    async def main() -> None:
        http = httpx.AsyncClient(transport=transport)
        async with wwt_sms.AsyncClient(KEY, http_client=http, clock=FakeClock()) as parent:
            async with parent.with_options(timeout=2.0, max_retries=0) as child:
                api.queue(reply(503, UNAVAILABLE))
                with pytest.raises(wwt_sms.ServerError):
                    await child.sms.get(1)
                assert (await child.sms.get(2)).id == 2
            assert not http.is_closed
            api.queue(reply(503, UNAVAILABLE))
            assert (await parent.sms.get(3)).id == 3  # the parent still retries
        await http.aclose()

    asyncio.run(main())
    assert seen == [id(transport)] * 4
    assert [r.extensions["timeout"]["read"] for r in api.requests] == [2.0, 2.0, 30.0, 30.0]


def test_closing_an_async_child_leaves_the_parents_pool_open() -> None:
    async def main() -> None:
        parent = wwt_sms.AsyncClient(KEY)
        await parent.with_options(max_retries=0).aclose()
        assert not parent._http.is_closed
        await parent.aclose()
        assert parent._http.is_closed

    asyncio.run(main())
