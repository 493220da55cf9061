"""`Client` and `AsyncClient`: the entry points. Configuration and the plans are shared
(`_base_client`); each client runs plans with its own driver (`_retries.run` / `arun`), and its
resources ask it for calls through `_resource`."""

from __future__ import annotations

import sys
from collections.abc import Awaitable
from datetime import tzinfo
from typing import TYPE_CHECKING, Self, TypeVar

import httpx

from . import _deadline
from ._base_client import BaseClient
from ._constants import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES
from ._retries import Clock, Plan, arun, run
from ._types import NOT_GIVEN, DriftMode, NotGiven, TimeoutTypes
from .resources.sms import (
    AsyncSmsResource,
    AsyncSmsResourceWithRawResponse,
    SmsResource,
    SmsResourceWithRawResponse,
)
from .resources.tasks import (
    AsyncTasksResource,
    AsyncTasksResourceWithRawResponse,
    TasksResource,
    TasksResourceWithRawResponse,
)

if TYPE_CHECKING:
    from types import TracebackType

    from ._direct import DirectCalls
    from ._requests import Call

T = TypeVar("T")


class Client(BaseClient[httpx.Client]):
    """The WWT SMS status API, synchronously.

    `api_key` and `base_url` default to the environment variables `WWT_API_KEY` and
    `WWT_BASE_URL` (a URL without query, fragment or credentials); `timeout` is seconds or an
    `httpx.Timeout` (left out: 30 s, 5 s to connect; `None`: no time limit): each attempt also
    ends within the longest of its limits, however slowly the server sends; `max_retries`
    retries connection errors, timeouts, 429 and 500/502/503/504 (0: never);
    `max_response_bytes` caps a response body after decompression (default 4 MiB; longer is an
    `UnexpectedResponseError`); `http_client` is your own `httpx.Client` (the SDK still sets its
    headers, timeout and retries per request, never follows redirects, and does not close it);
    `api_timezone` is the zone of datetimes the API sends without one (a `tzinfo` or an IANA
    name, default UTC); `clock` replaces real time (tests and simulations);
    `on_contract_drift` says what to do with a response that breaks the API's contract
    (`openapi.yaml`): "ignore" (default, no cost), "warn" (one `ContractDriftWarning` naming the
    operation and a JSON pointer, then read it as usual) or "raise" (`UnexpectedResponseError`);
    checking needs the `contract` extra.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        http_client: httpx.Client | None = None,
        api_timezone: tzinfo | str | None = None,
        clock: Clock | None = None,
        on_contract_drift: DriftMode = "ignore",
    ):
        super().__init__(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
            http_client=http_client,
            api_timezone=api_timezone,
            clock=clock,
            on_contract_drift=on_contract_drift,
            http_class=httpx.Client,
        )
        _deadline.install(self._http)
        self._attach_resources()

    def _attach_resources(self) -> None:
        self.sms = SmsResource(self)
        self.tasks = TasksResource(self)
        self.with_raw_response = ClientWithRawResponse(self)

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client like this one with another `timeout` and/or `max_retries` (what is left
        out stays as it is here), sharing this client's connection pool: this client owns the
        pool, so closing the new one leaves it open, and closing this one closes it for both.
        `client.with_options(timeout=2.0).sms.get(211)`"""
        child = self._with_options(timeout, max_retries)
        child._attach_resources()
        return child

    def _run(self, plan: Plan[T]) -> T:
        return run(plan, self._http, self._clock, self._max_response_bytes)

    def close(self) -> None:
        """Close the pooled connections (not those of an injected `http_client`, nor of the
        client that `with_options` was called on)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(BaseClient[httpx.AsyncClient]):
    """The WWT SMS status API, asynchronously. Takes exactly what `Client` takes
    (`http_client` is then an `httpx.AsyncClient`)."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        http_client: httpx.AsyncClient | None = None,
        api_timezone: tzinfo | str | None = None,
        clock: Clock | None = None,
        on_contract_drift: DriftMode = "ignore",
    ):
        super().__init__(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
            http_client=http_client,
            api_timezone=api_timezone,
            clock=clock,
            on_contract_drift=on_contract_drift,
            http_class=httpx.AsyncClient,
        )
        self._direct = _direct_calls(self._http)
        self._attach_resources()

    def _attach_resources(self) -> None:
        self.sms = AsyncSmsResource(self)
        self.tasks = AsyncTasksResource(self)
        self.with_raw_response = AsyncClientWithRawResponse(self)

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """As `Client.with_options`: the new client shares this one's connection pool, which
        this one owns (`aclose` on the new one leaves it open)."""
        child = self._with_options(timeout, max_retries)
        child._attach_resources()
        return child

    def _run(self, plan: Plan[T]) -> Awaitable[T]:
        return arun(plan, self._http, self._clock, self._max_response_bytes)

    def _request(self, call: Call[T], timeout: TimeoutTypes | NotGiven) -> Awaitable[T]:
        if self._direct is not None:
            return self._direct.request(self, call, timeout)
        return self._run(self._plan(call, timeout))

    async def aclose(self) -> None:
        """Close the pooled connections (not those of an injected `http_client`, nor of the
        client that `with_options` was called on)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _direct_calls(http: httpx.AsyncClient) -> DirectCalls | None:
    """Calls straight through `http`'s transport when it is the SDK's aiohttp one (`_direct`)."""
    if "wwt_sms._aiohttp" not in sys.modules:  # then no such transport exists, and no aiohttp
        return None
    from ._direct import DirectCalls

    return DirectCalls.over(http)


class ClientWithRawResponse:
    """`client.with_raw_response`: the same calls, returning `RawResponse`."""

    def __init__(self, client: Client):
        self.sms = SmsResourceWithRawResponse(client.sms)
        self.tasks = TasksResourceWithRawResponse(client.tasks)


class AsyncClientWithRawResponse:
    """`aclient.with_raw_response`: the same calls, returning `RawResponse`."""

    def __init__(self, client: AsyncClient):
        self.sms = AsyncSmsResourceWithRawResponse(client.sms)
        self.tasks = AsyncTasksResourceWithRawResponse(client.tasks)
