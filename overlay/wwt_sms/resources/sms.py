"""`client.sms`: messages by id or reference, polling, and many at once (one request per id
with `get_many`, up to 100 ids a request with `get_statuses`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from wwt_sms import _requests
from wwt_sms._batches import batch_plan, batches, checked_ids, distinct_ids, one_batch
from wwt_sms._constants import (
    DEFAULT_BATCH_CONCURRENCY,
    DEFAULT_CONCURRENCY,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
)
from wwt_sms._raw import async_to_raw_response_wrapper, to_raw_response_wrapper
from wwt_sms._resource import AsyncAPIResource, SyncAPIResource
from wwt_sms._types import NOT_GIVEN, NotGiven, TimeoutTypes
from wwt_sms._validate import check_concurrency, check_poll_interval, check_seconds

if TYPE_CHECKING:
    from wwt_sms._models import Result, Sms, SmsStatusRecord

# What `get_statuses` returns: each requested ID, with its record or None.
Statuses = dict[int, "SmsStatusRecord | None"]


class SmsResource(SyncAPIResource):
    """`client.sms`: messages by id or reference."""

    def get(self, id: int, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> Sms:
        """The message with this WWT message ID."""
        return self._request(_requests.sms_by_id(id), timeout)

    def get_by_reference(
        self, reference: str, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    ) -> Sms:
        """The message with this reference (its external ID, e.g. `ext_id_16`)."""
        return self._request(_requests.sms_by_reference(reference), timeout)

    def wait_for_final(
        self,
        id: int,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        request_timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Sms:
        """Poll until the message's status is final. After `timeout` seconds (plus at most one
        request's time limit), `WaitTimeoutError`."""
        wait = check_seconds(timeout, "timeout")
        interval = check_poll_interval(poll_interval)
        call = _requests.sms_by_id(id)
        plan = self._wait_plan(call, id, wait, interval, request_timeout)
        return self._run(plan)

    def get_many(
        self,
        ids: Iterable[int],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Iterator[Result[Sms]]:
        """Fetch many messages, `concurrency` at a time, on a thread pool over this client's one
        connection pool. Yields a `Result` per id as each completes (not in input order): its
        `value` is the `Sms`, or its `error` the `WwtError` for that id."""
        workers = check_concurrency(concurrency)
        from wwt_sms._fanout import threaded  # threads, only for the calls that fan out

        return threaded(lambda id: self.get(id, timeout=timeout), ids, workers)

    def get_statuses(
        self, ids: Iterable[int], *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    ) -> Statuses:
        """The status of every message in `ids`, up to 100 in one request: a dict with each
        ID as a key (asked once however often it is repeated), `None` where the API has no
        record of it. Every ID is checked before anything is sent; a batch whose request fails
        raises its error with the batch's IDs in `error.batch_ids`."""
        found: Statuses = distinct_ids(ids)
        for batch in batches(found):
            found.update(self._batch(batch, timeout))
        return found

    def iter_statuses(
        self, ids: Iterable[int], *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    ) -> Iterator[Statuses]:
        """`get_statuses` a batch at a time: yields each batch's dict as it arrives. `ids` is
        read lazily (each ID checked when its batch is formed) and nothing is kept between
        batches, so memory stays flat however many IDs there are; an ID is asked once within
        its batch, but again if it comes back in a later one."""
        for batch in batches(checked_ids(ids), distinct=True):
            yield self._batch(batch, timeout)

    def _batch(self, batch: tuple[int, ...], timeout: TimeoutTypes | NotGiven) -> Statuses:
        plan = self._plan(_requests.sms_statuses(batch), timeout)
        return self._run(batch_plan(plan, batch))

    def _get_statuses_in_one_request(
        self, ids: Iterable[int], *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    ) -> Statuses:
        """`get_statuses` for 1 to 100 distinct IDs, in exactly one request (its raw view)."""
        return self._batch(one_batch(ids), timeout)


class AsyncSmsResource(AsyncAPIResource):
    """`aclient.sms`: messages by id or reference."""

    async def get(self, id: int, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> Sms:
        """The message with this WWT message ID."""
        return await self._request(_requests.sms_by_id(id), timeout)

    async def get_by_reference(
        self, reference: str, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    ) -> Sms:
        """The message with this reference (its external ID, e.g. `ext_id_16`)."""
        return await self._request(_requests.sms_by_reference(reference), timeout)

    async def wait_for_final(
        self,
        id: int,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        request_timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Sms:
        """Poll until the message's status is final. After `timeout` seconds (plus at most one
        request's time limit), `WaitTimeoutError`."""
        wait = check_seconds(timeout, "timeout")
        interval = check_poll_interval(poll_interval)
        call = _requests.sms_by_id(id)
        plan = self._wait_plan(call, id, wait, interval, request_timeout)
        return await self._run(plan)

    def get_many(
        self,
        ids: Iterable[int],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[Result[Sms]]:
        """Fetch many messages, at most `concurrency` in flight. Yields a `Result` per id as
        each completes (not in input order): its `value` is the `Sms`, or its `error` the
        `WwtError` for that id. `async for result in aclient.sms.get_many(ids): ...`"""
        workers = check_concurrency(concurrency)
        # `get`'s own call, without a coroutine of `get` around each.
        from wwt_sms._fanout import gathered

        return gathered(lambda id: self._request(_requests.sms_by_id(id), timeout), ids, workers)

    async def get_statuses(
        self,
        ids: Iterable[int],
        *,
        concurrency: int = DEFAULT_BATCH_CONCURRENCY,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Statuses:
        """The status of every message in `ids`, up to 100 in one request and at most
        `concurrency` requests in flight: a dict with each ID as a key (asked once), `None`
        where the API has no record of it. Every ID is checked before anything is sent; a
        batch whose request fails raises its error with the batch's IDs in
        `error.batch_ids`, once the requests still in flight are cancelled."""
        from wwt_sms._fanout import completed  # asyncio, only for the calls that fan out

        workers = check_concurrency(concurrency)
        found: Statuses = distinct_ids(ids)
        async for part in completed(self._batch(timeout), batches(found), workers):
            found.update(part)
        return found

    def iter_statuses(
        self,
        ids: Iterable[int],
        *,
        concurrency: int = DEFAULT_BATCH_CONCURRENCY,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[Statuses]:
        """`get_statuses` a batch at a time: yields each batch's dict as it completes (not in
        input order). As with `Client`, `ids` is read lazily and nothing is kept between
        batches. `async for part in aclient.sms.iter_statuses(ids): ...`"""
        from wwt_sms._fanout import completed

        workers = check_concurrency(concurrency)
        parts = batches(checked_ids(ids), distinct=True)
        return completed(self._batch(timeout), parts, workers)

    def _batch(
        self, timeout: TimeoutTypes | NotGiven
    ) -> Callable[[tuple[int, ...]], Awaitable[Statuses]]:
        async def fetch(batch: tuple[int, ...]) -> Statuses:
            plan = self._plan(_requests.sms_statuses(batch), timeout)
            return await self._run(batch_plan(plan, batch))

        return fetch

    async def _get_statuses_in_one_request(
        self, ids: Iterable[int], *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    ) -> Statuses:
        """`get_statuses` for 1 to 100 distinct IDs, in exactly one request (its raw view)."""
        return await self._batch(timeout)(one_batch(ids))


class SmsResourceWithRawResponse:
    """`client.with_raw_response.sms`: the same lookups, returning `RawResponse`."""

    def __init__(self, sms: SmsResource):
        self.get = to_raw_response_wrapper(sms.get)
        self.get_by_reference = to_raw_response_wrapper(sms.get_by_reference)
        # A raw response is one HTTP response: here, one batch of 1 to 100 distinct IDs.
        self.get_statuses = to_raw_response_wrapper(sms._get_statuses_in_one_request)


class AsyncSmsResourceWithRawResponse:
    """`aclient.with_raw_response.sms`: the same lookups, returning `RawResponse`."""

    def __init__(self, sms: AsyncSmsResource):
        self.get = async_to_raw_response_wrapper(sms.get)
        self.get_by_reference = async_to_raw_response_wrapper(sms.get_by_reference)
        # A raw response is one HTTP response: here, one batch of 1 to 100 distinct IDs.
        self.get_statuses = async_to_raw_response_wrapper(sms._get_statuses_in_one_request)
