"""`Client` and `AsyncClient`: configuration, resources and helpers.

Both clients share `_BaseClient` (configuration, validation, request building, the plans in
`_transport`); they differ only in the driver that carries a plan out (`run` / `arun`) and in
the signatures of their resources, which are one-line methods.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from datetime import UTC, tzinfo
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_RETRIES,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
    ID_MAX,
    ID_MIN,
    REFERENCE_PATTERN,
    USER_AGENT,
)
from ._exceptions import ClientValidationError, WaitTimeoutError, WwtError
from ._models import Result, Sms, Task
from ._transport import (
    SYSTEM_CLOCK,
    Clock,
    Plan,
    RequestHeaders,
    TimeoutTypes,
    arun,
    run,
    send_plan,
    timeout_config,
)

if TYPE_CHECKING:
    from types import ModuleType, TracebackType

T = TypeVar("T")
Parser = Callable[[httpx.Response, tzinfo], T]
Call = tuple[dict[str, Any], Parser[T]]

_REFERENCE = re.compile(REFERENCE_PATTERN)


# --- validation (before any request) ---------------------------------------------------------


def check_id(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ClientValidationError(f"{name} must be an int, not {type(value).__name__}")
    if not ID_MIN <= value <= ID_MAX:
        raise ClientValidationError(f"{name} must be between {ID_MIN} and {ID_MAX}: {value}")
    return int(value)


def check_reference(value: object) -> str:
    if not isinstance(value, str) or not _REFERENCE.match(value) or value.endswith("\n"):
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise ClientValidationError(f"reference must be 1 to 32 letters and digits: {shown}")
    return value


def _check_seconds(value: object, name: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    raise ClientValidationError(f"{name} must be a non-negative number of seconds: {value!r}")


def _check_concurrency(value: object) -> int:
    if type(value) is int and value >= 1:
        return value
    raise ClientValidationError(f"concurrency must be a positive int: {value!r}")


def _api_key(value: str | None) -> str:
    key = value if value is not None else os.environ.get(API_KEY_ENV)
    if not key:
        raise ClientValidationError(
            f"No API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
        )
    if not isinstance(key, str) or not key.isascii() or not key.isprintable() or " " in key:
        # The message must not show the key, not even a malformed one.
        raise ClientValidationError("The API key must be printable ASCII without spaces")
    return key


def _base_url(value: str | None) -> str:
    url = value or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise ClientValidationError(f"base_url must be an http(s) URL: {url!r}")
    return url.rstrip("/")


def _zone(value: tzinfo | str | None) -> tzinfo:
    if value is None:
        return UTC
    if isinstance(value, tzinfo):
        return value
    if isinstance(value, str):
        import zoneinfo  # lazy: only for zone names

        try:
            return zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    raise ClientValidationError(f"api_timezone must be a tzinfo or an IANA zone name: {value!r}")


def _check_max_retries(value: object) -> int:
    if type(value) is int and value >= 0:
        return value
    raise ClientValidationError(f"max_retries must be an int >= 0: {value!r}")


# --- the calls: requests built by the generated code -------------------------------------------


@functools.cache
def _responses() -> ModuleType:
    """`_response`, imported on first use: it loads the generated package and attrs, which
    `import wwt_sms` should not pay for. Cached because a function-level `from . import` runs
    importlib's Python-level `_handle_fromlist` on every call (~0.5 µs a request)."""
    from . import _response

    return _response


def _sms_by_id(id: int) -> Call[Sms]:
    checked = check_id(id, "id")
    response = _responses()
    return response.sms_by_id(id=checked), response.sms


def _sms_by_reference(reference: str) -> Call[Sms]:
    checked = check_reference(reference)
    response = _responses()
    return response.sms_by_reference(reference=checked), response.sms


def _task_by_id(task_id: int) -> Call[Task]:
    checked = check_id(task_id, "task_id")
    response = _responses()
    return response.task_by_id(task_id=checked), response.task


# --- raw responses -----------------------------------------------------------------------------


class RawResponse(Generic[T]):
    """The HTTP response behind a call, before the SDK reads it (`with_raw_response`).

    `status_code`, `headers`, `content` (alias `body`), `http_response` (the `httpx.Response`,
    its request's API key blanked); `parse()` gives what the plain call returns — or raises the
    error it would raise.
    """

    __slots__ = ("_parsed", "_parser", "_zone", "http_response")

    def __init__(self, response: httpx.Response, parser: Parser[T], zone: tzinfo):
        self.http_response: httpx.Response = _responses().redact(response)
        self._parser = parser
        self._zone = zone
        self._parsed: T | None = None

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        return self.http_response.content

    body = content

    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        """The decoded body (numbers with a fraction as `Decimal`); raises
        `UnexpectedResponseError` when it is not JSON."""
        from decimal import Decimal

        try:
            return json.loads(self.content, parse_float=Decimal)
        except ValueError:
            raise _responses()._unexpected(self.http_response, "the body is not JSON") from None

    def parse(self) -> T:
        if self._parsed is None:
            self._parsed = self._parser(self.http_response, self._zone)
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


# --- the shared core ---------------------------------------------------------------------------

_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)


class _BaseClient(Generic[_HttpT]):
    _http: _HttpT

    def __init__(
        self,
        api_key: str | None,
        *,
        base_url: str | None,
        timeout: TimeoutTypes,
        max_retries: int,
        http_client: _HttpT | None,
        api_timezone: tzinfo | str | None,
        clock: Clock | None,
        http_class: type[_HttpT],
    ):
        key = _api_key(api_key)
        self._base_url = _base_url(base_url)
        self._timeout = timeout_config(timeout)
        self._max_retries = _check_max_retries(max_retries)
        self._zone = _zone(api_timezone)
        self._clock: Clock = clock or SYSTEM_CLOCK
        self._timeout_extension = self._timeout.as_dict()
        sdk_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        self._headers = RequestHeaders(key, sdk_headers)
        if http_client is None:
            self._owns_http = True
            self._http = http_class(headers=sdk_headers, timeout=self._timeout)
        elif isinstance(http_client, http_class):
            # Injected: the user's client keeps its pool, transport, hooks and default headers;
            # the SDK's headers, timeout and retries still apply, per request.
            self._owns_http = False
            self._http = http_client
        else:
            raise ClientValidationError(
                f"http_client must be an {http_class.__module__}.{http_class.__name__}"
            )

    def _build(self, kwargs: dict[str, Any], timeout: TimeoutTypes) -> httpx.Request:
        # The request is made directly rather than through `http.build_request`, whose merging
        # of URL, headers, cookies, params and timeout with the client's defaults is repeated
        # work on every call; the merged headers (key included) are cached in `RequestHeaders`.
        http = self._http
        method = kwargs["method"].upper()
        url = self._base_url + kwargs["url"]
        if not self._owns_http and (http.cookies or http.params):
            # Rare: let httpx merge an injected client's cookies and query parameters.
            limits = self._timeout if timeout is None else timeout_config(timeout)
            return http.build_request(method, url, headers=self._headers.own, timeout=limits)
        extension = (
            self._timeout_extension if timeout is None else timeout_config(timeout).as_dict()
        )
        return httpx.Request(
            method,
            url,
            headers=self._headers.merged(http.headers),
            extensions={"timeout": extension},
        )

    def _call_plan(self, call: Call[T], timeout: TimeoutTypes) -> Plan[T]:
        kwargs, parser = call
        response = yield from send_plan(
            self._build(kwargs, timeout), self._max_retries, self._clock
        )
        return parser(response, self._zone)

    def _raw_plan(self, call: Call[T], timeout: TimeoutTypes) -> Plan[RawResponse[T]]:
        kwargs, parser = call
        response = yield from send_plan(
            self._build(kwargs, timeout), self._max_retries, self._clock
        )
        return RawResponse(response, parser, self._zone)

    def _wait_plan(
        self, call: Call[Sms], timeout: float, poll_interval: float, request_timeout: TimeoutTypes
    ) -> Plan[Sms]:
        clock = self._clock
        deadline = clock.monotonic() + timeout
        while True:
            sms = yield from self._call_plan(call, request_timeout)
            if sms.status.is_final:
                return sms
            remaining = deadline - clock.monotonic()
            if remaining <= 0:
                raise WaitTimeoutError(
                    f"SMS {sms.id} is still {sms.status.value!r} after {timeout:g} s",
                    sms_id=sms.id,
                    last_status=sms.status.value,
                    waited=timeout - remaining,
                )
            yield min(poll_interval, remaining)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, "
            f"max_retries={self._max_retries}, timeout={self._timeout!r})"
        )


def _wait_args(timeout: object, poll_interval: object) -> tuple[float, float]:
    wait = _check_seconds(timeout, "timeout")
    interval = _check_seconds(poll_interval, "poll_interval")
    if interval <= 0:
        raise ClientValidationError(f"poll_interval must be positive: {poll_interval!r}")
    return wait, interval


# --- sync --------------------------------------------------------------------------------------


class Client(_BaseClient[httpx.Client]):
    """The WWT SMS status API, synchronously.

    `api_key` and `base_url` default to the environment variables `WWT_API_KEY` and
    `WWT_BASE_URL`; `timeout` is seconds or an `httpx.Timeout` (default 30 s, 5 s to connect);
    `max_retries` retries connection errors, timeouts, 429 and 500/502/503/504 (0: never);
    `http_client` is your own `httpx.Client` (the SDK still sets its headers, timeout and
    retries per request, and does not close it); `api_timezone` is the zone of datetimes the API
    sends without one (a `tzinfo` or an IANA name, default UTC); `clock` replaces real time
    (tests and simulations).
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        api_timezone: tzinfo | str | None = None,
        clock: Clock | None = None,
    ):
        super().__init__(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            api_timezone=api_timezone,
            clock=clock,
            http_class=httpx.Client,
        )
        self.sms = SmsResource(self)
        self.tasks = TasksResource(self)
        self.with_raw_response = WithRawResponse(self)

    def _run(self, plan: Plan[T]) -> T:
        return run(plan, self._http, self._clock.sleep)

    def close(self) -> None:
        """Close the pooled connections (not those of an injected `http_client`)."""
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


class SmsResource:
    """`client.sms`: messages by id or reference."""

    def __init__(self, client: Client):
        self._client = client

    def get(self, id: int, *, timeout: TimeoutTypes = None) -> Sms:
        """The message with this WWT message ID."""
        return self._client._run(self._client._call_plan(_sms_by_id(id), timeout))

    def get_by_reference(self, reference: str, *, timeout: TimeoutTypes = None) -> Sms:
        """The message with this reference (external ID: 1 to 32 letters and digits)."""
        return self._client._run(self._client._call_plan(_sms_by_reference(reference), timeout))

    def wait_for_final(
        self,
        id: int,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        request_timeout: TimeoutTypes = None,
    ) -> Sms:
        """Poll until the message's status is final; `WaitTimeoutError` after `timeout` s."""
        wait, interval = _wait_args(timeout, poll_interval)
        plan = self._client._wait_plan(_sms_by_id(id), wait, interval, request_timeout)
        return self._client._run(plan)

    def get_many(
        self,
        ids: Iterable[int],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: TimeoutTypes = None,
    ) -> Iterator[Result[Sms]]:
        """Fetch many messages, `concurrency` at a time, on a thread pool over this client's one
        connection pool. Yields a `Result` per id as each completes (not in input order): its
        `value` is the `Sms`, or its `error` the `WwtError` for that id."""
        workers = _check_concurrency(concurrency)
        return _threaded(lambda id: self.get(id, timeout=timeout), ids, workers)


class TasksResource:
    """`client.tasks`: bulk campaigns."""

    def __init__(self, client: Client):
        self._client = client

    def get(self, task_id: int, *, timeout: TimeoutTypes = None) -> Task:
        """The campaign with this task ID."""
        return self._client._run(self._client._call_plan(_task_by_id(task_id), timeout))


class WithRawResponse:
    """`client.with_raw_response`: the same calls, returning `RawResponse`."""

    def __init__(self, client: Client):
        self.sms = RawSmsResource(client)
        self.tasks = RawTasksResource(client)


class RawSmsResource:
    def __init__(self, client: Client):
        self._client = client

    def get(self, id: int, *, timeout: TimeoutTypes = None) -> RawResponse[Sms]:
        return self._client._run(self._client._raw_plan(_sms_by_id(id), timeout))

    def get_by_reference(self, reference: str, *, timeout: TimeoutTypes = None) -> RawResponse[Sms]:
        return self._client._run(self._client._raw_plan(_sms_by_reference(reference), timeout))


class RawTasksResource:
    def __init__(self, client: Client):
        self._client = client

    def get(self, task_id: int, *, timeout: TimeoutTypes = None) -> RawResponse[Task]:
        return self._client._run(self._client._raw_plan(_task_by_id(task_id), timeout))


def _result(fetch: Callable[[int], T], id: int) -> Result[T]:
    try:
        return Result(id, fetch(id))
    except WwtError as exc:
        return Result(id, error=exc)


def _threaded(fetch: Callable[[int], T], ids: Iterable[int], workers: int) -> Iterator[Result[T]]:
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wwt-sms")
    pending: set[Future[Result[T]]] = set()
    try:
        for id in ids:
            if len(pending) >= workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
            pending.add(pool.submit(_result, fetch, id))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- async -------------------------------------------------------------------------------------


class AsyncClient(_BaseClient[httpx.AsyncClient]):
    """The WWT SMS status API, asynchronously. Takes exactly what `Client` takes
    (`http_client` is then an `httpx.AsyncClient`)."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        api_timezone: tzinfo | str | None = None,
        clock: Clock | None = None,
    ):
        super().__init__(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            api_timezone=api_timezone,
            clock=clock,
            http_class=httpx.AsyncClient,
        )
        self.sms = AsyncSmsResource(self)
        self.tasks = AsyncTasksResource(self)
        self.with_raw_response = AsyncWithRawResponse(self)

    def _run(self, plan: Plan[T]) -> Awaitable[T]:
        return arun(plan, self._http, self._clock)

    async def aclose(self) -> None:
        """Close the pooled connections (not those of an injected `http_client`)."""
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


class AsyncSmsResource:
    """`aclient.sms`: messages by id or reference."""

    def __init__(self, client: AsyncClient):
        self._client = client

    async def get(self, id: int, *, timeout: TimeoutTypes = None) -> Sms:
        """The message with this WWT message ID."""
        return await self._client._run(self._client._call_plan(_sms_by_id(id), timeout))

    async def get_by_reference(self, reference: str, *, timeout: TimeoutTypes = None) -> Sms:
        """The message with this reference (external ID: 1 to 32 letters and digits)."""
        plan = self._client._call_plan(_sms_by_reference(reference), timeout)
        return await self._client._run(plan)

    async def wait_for_final(
        self,
        id: int,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        request_timeout: TimeoutTypes = None,
    ) -> Sms:
        """Poll until the message's status is final; `WaitTimeoutError` after `timeout` s."""
        wait, interval = _wait_args(timeout, poll_interval)
        plan = self._client._wait_plan(_sms_by_id(id), wait, interval, request_timeout)
        return await self._client._run(plan)

    def get_many(
        self,
        ids: Iterable[int],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: TimeoutTypes = None,
    ) -> AsyncIterator[Result[Sms]]:
        """Fetch many messages, at most `concurrency` in flight. Yields a `Result` per id as
        each completes (not in input order): its `value` is the `Sms`, or its `error` the
        `WwtError` for that id. `async for result in aclient.sms.get_many(ids): ...`"""
        workers = _check_concurrency(concurrency)
        return _gathered(lambda id: self.get(id, timeout=timeout), ids, workers)


class AsyncTasksResource:
    """`aclient.tasks`: bulk campaigns."""

    def __init__(self, client: AsyncClient):
        self._client = client

    async def get(self, task_id: int, *, timeout: TimeoutTypes = None) -> Task:
        """The campaign with this task ID."""
        return await self._client._run(self._client._call_plan(_task_by_id(task_id), timeout))


class AsyncWithRawResponse:
    """`aclient.with_raw_response`: the same calls, returning `RawResponse`."""

    def __init__(self, client: AsyncClient):
        self.sms = AsyncRawSmsResource(client)
        self.tasks = AsyncRawTasksResource(client)


class AsyncRawSmsResource:
    def __init__(self, client: AsyncClient):
        self._client = client

    async def get(self, id: int, *, timeout: TimeoutTypes = None) -> RawResponse[Sms]:
        return await self._client._run(self._client._raw_plan(_sms_by_id(id), timeout))

    async def get_by_reference(
        self, reference: str, *, timeout: TimeoutTypes = None
    ) -> RawResponse[Sms]:
        plan = self._client._raw_plan(_sms_by_reference(reference), timeout)
        return await self._client._run(plan)


class AsyncRawTasksResource:
    def __init__(self, client: AsyncClient):
        self._client = client

    async def get(self, task_id: int, *, timeout: TimeoutTypes = None) -> RawResponse[Task]:
        return await self._client._run(self._client._raw_plan(_task_by_id(task_id), timeout))


async def _aresult(fetch: Callable[[int], Awaitable[T]], id: int) -> Result[T]:
    try:
        return Result(id, await fetch(id))
    except WwtError as exc:
        return Result(id, error=exc)


async def _gathered(
    fetch: Callable[[int], Awaitable[T]], ids: Iterable[int], workers: int
) -> AsyncIterator[Result[T]]:
    import asyncio  # lazy: a heavy import that sync users never need

    # Each task hands itself to a queue when done, so waiting for the next result is O(1);
    # `asyncio.wait(pending, FIRST_COMPLETED)` adds and removes a callback on every pending task
    # for each result (32 of each at the default concurrency), which showed in bench_async.
    finished: asyncio.Queue[asyncio.Task[Result[T]]] = asyncio.Queue()
    pending: set[asyncio.Task[Result[T]]] = set()

    def done(task: asyncio.Task[Result[T]]) -> None:
        pending.discard(task)
        finished.put_nowait(task)

    in_flight = 0
    try:
        for id in ids:
            if in_flight >= workers:
                yield (await finished.get()).result()
                in_flight -= 1
            task = asyncio.ensure_future(_aresult(fetch, id))
            pending.add(task)
            task.add_done_callback(done)
            in_flight += 1
        while in_flight:
            yield (await finished.get()).result()
            in_flight -= 1
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
