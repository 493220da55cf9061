"""`client.sms`: messages by id or reference, polling, and many at once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING

from wwt_sms import _requests
from wwt_sms._constants import DEFAULT_CONCURRENCY, DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from wwt_sms._fanout import gathered, threaded
from wwt_sms._raw import async_to_raw_response_wrapper, to_raw_response_wrapper
from wwt_sms._types import NOT_GIVEN, NotGiven, TimeoutTypes
from wwt_sms._validate import check_concurrency, check_poll_interval, check_seconds

if TYPE_CHECKING:
    from wwt_sms._client import AsyncClient, Client
    from wwt_sms._models import Result, Sms


class SmsResource:
    """`client.sms`: messages by id or reference."""

    def __init__(self, client: Client):
        self._client = client

    def get(self, id: int, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> Sms:
        """The message with this WWT message ID."""
        return self._client._request(_requests.sms_by_id(id), timeout)

    def get_by_reference(
        self, reference: str, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    ) -> Sms:
        """The message with this reference (external ID: 1 to 32 letters and digits)."""
        return self._client._request(_requests.sms_by_reference(reference), timeout)

    def wait_for_final(
        self,
        id: int,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        request_timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Sms:
        """Poll until the message's status is final; `WaitTimeoutError` after `timeout` s."""
        wait = check_seconds(timeout, "timeout")
        interval = check_poll_interval(poll_interval)
        plan = self._client._wait_plan(_requests.sms_by_id(id), wait, interval, request_timeout)
        return self._client._run(plan)

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
        return threaded(lambda id: self.get(id, timeout=timeout), ids, workers)


class AsyncSmsResource:
    """`aclient.sms`: messages by id or reference."""

    def __init__(self, client: AsyncClient):
        self._client = client

    async def get(self, id: int, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> Sms:
        """The message with this WWT message ID."""
        return await self._client._request(_requests.sms_by_id(id), timeout)

    async def get_by_reference(
        self, reference: str, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    ) -> Sms:
        """The message with this reference (external ID: 1 to 32 letters and digits)."""
        return await self._client._request(_requests.sms_by_reference(reference), timeout)

    async def wait_for_final(
        self,
        id: int,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        request_timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Sms:
        """Poll until the message's status is final; `WaitTimeoutError` after `timeout` s."""
        wait = check_seconds(timeout, "timeout")
        interval = check_poll_interval(poll_interval)
        plan = self._client._wait_plan(_requests.sms_by_id(id), wait, interval, request_timeout)
        return await self._client._run(plan)

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
        return gathered(lambda id: self.get(id, timeout=timeout), ids, workers)


class SmsResourceWithRawResponse:
    """`client.with_raw_response.sms`: the same lookups, returning `RawResponse`."""

    def __init__(self, sms: SmsResource):
        self.get = to_raw_response_wrapper(sms.get)
        self.get_by_reference = to_raw_response_wrapper(sms.get_by_reference)


class AsyncSmsResourceWithRawResponse:
    """`aclient.with_raw_response.sms`: the same lookups, returning `RawResponse`."""

    def __init__(self, sms: AsyncSmsResource):
        self.get = async_to_raw_response_wrapper(sms.get)
        self.get_by_reference = async_to_raw_response_wrapper(sms.get_by_reference)
