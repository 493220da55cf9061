"""Retries: which outcomes to retry, backoff and Retry-After, the errors for failed sends,
logging of each attempt, the key header every request carries, the clock, and the two drivers.

Written sans-I/O so that sync and async share everything but the I/O call itself. A *plan* is a
generator that yields effects and receives their outcomes:

* it yields an `httpx.Request` — the driver makes one attempt (`_transport`) and sends back the
  `httpx.Response` with its body read, the `httpx.HTTPError` the attempt raised, or the
  `WwtError` its body earned (too long, corrupt);
* it yields a `float` — the driver sleeps that many seconds (through the client's `Clock`) and
  sends back `None`;
* it returns its result (or raises a `WwtError`).

`run` (sync) and `arun` (async) are the only two drivers; retries (`send_plan`), polling
(`wait_for_final`) and parsing are written once, as plans, in this module and `_base_client`.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Generator
from email.utils import parsedate_to_datetime
from typing import Protocol, TypeVar

import httpx

from ._constants import (
    API_KEY_HEADER,
    BACKOFF_BASE,
    BACKOFF_CAP,
    BACKOFF_JITTER,
    LOGGER_NAME,
    RETRY_AFTER_CAP,
    RETRY_STATUSES,
)
from ._exceptions import APIConnectionError, APITimeoutError, WwtError
from ._transport import Outcome, asend_once, send_once

T = TypeVar("T")

Effect = httpx.Request | float
Plan = Generator[Effect, Outcome, T]

logger = logging.getLogger(LOGGER_NAME)

RETRYABLE_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


class Clock(Protocol):
    """Time as the SDK sees it. Pass another (`clock=`) to drive retries, Retry-After and
    `wait_for_final` from virtual time in tests or simulations."""

    def time(self) -> float:
        """Seconds since the epoch (for Retry-After given as an HTTP date)."""
        ...

    def monotonic(self) -> float:
        """A clock that never goes back (for deadlines)."""
        ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        import asyncio  # lazy: asyncio is a heavy import and sync users never need it

        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


SYSTEM_CLOCK = SystemClock()


class RequestHeaders:
    """The headers every request carries: the http client's defaults, the SDK's over them, and
    the key in `X-API-KEY`.

    The key is written into each request as it is built (cheaper than an `httpx.Auth` flow per
    request), yet never sits in an http client's default headers, which the user can see and
    share: the merged set lives here, is rebuilt only when the client's own headers change, and
    `httpx.Request` copies it. The repr hides the key.
    """

    __slots__ = ("_key", "_merged", "_sdk", "_source")

    def __init__(self, api_key: str, sdk_headers: dict[str, str]):
        self._key = api_key
        self._sdk = sdk_headers
        self._source: list[tuple[bytes, bytes]] | None = None
        self._merged = httpx.Headers()

    @property
    def own(self) -> dict[str, str]:
        """The SDK's headers and the key (to hand to `httpx.Client.build_request`)."""
        return {**self._sdk, API_KEY_HEADER: self._key}

    def merged(self, defaults: httpx.Headers) -> httpx.Headers:
        """`defaults` (an http client's headers) with the SDK's and the key over them."""
        raw = defaults.raw
        if raw != self._source:
            merged = httpx.Headers(defaults)
            merged.update(self.own)
            self._source, self._merged = raw, merged
        return self._merged

    def __repr__(self) -> str:
        return "RequestHeaders(<key redacted>)"


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), capped; `None` if
    absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    seconds: float
    if value.isascii() and value.isdigit():
        seconds = float(value)
    else:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def backoff(attempt: int) -> float:
    """Exponential backoff after `attempt` failed attempts, capped, with jitter."""
    delay = min(BACKOFF_BASE * 2.0 ** (attempt - 1), BACKOFF_CAP)
    return delay * (1.0 - BACKOFF_JITTER * random.random())


def retry_delay(outcome: Outcome, attempt: int, max_retries: int, clock: Clock) -> float | None:
    """How long to wait before retrying after `attempt` attempts, or `None` not to retry."""
    if attempt > max_retries:
        return None
    if isinstance(outcome, httpx.Response):
        if outcome.status_code not in RETRY_STATUSES:
            return None
        header = outcome.headers.get("Retry-After")
        retry_after = parse_retry_after(header, clock.time()) if header else None
        if retry_after is not None:
            return retry_after
    elif not isinstance(outcome, RETRYABLE_ERRORS):
        return None
    return backoff(attempt)


def send_plan(
    request: httpx.Request, max_retries: int, clock: Clock, deadline: float | None = None
) -> Plan[httpx.Response]:
    """Send `request`, retrying connection errors, timeouts, 429 and 500/502/503/504; no retry
    starts after `deadline` (on `clock.monotonic()`), when one is given."""
    attempt = 0
    while True:
        attempt += 1
        started = time.perf_counter()
        outcome = yield request
        elapsed = time.perf_counter() - started
        delay = retry_delay(outcome, attempt, max_retries, clock)
        if delay is not None and deadline is not None and clock.monotonic() + delay >= deadline:
            delay = None
        if logger.isEnabledFor(logging.DEBUG if delay is None else logging.INFO):
            _log(request, outcome, elapsed, attempt, max_retries, delay)
        if delay is None:
            break
        yield delay
    if isinstance(outcome, httpx.Response):
        return outcome
    if isinstance(outcome, WwtError):
        raise outcome
    raise connection_error(outcome, request)


def _log(
    request: httpx.Request,
    outcome: Outcome,
    elapsed: float,
    attempt: int,
    max_retries: int,
    delay: float | None,
) -> None:
    status = outcome.status_code if isinstance(outcome, httpx.Response) else type(outcome).__name__
    fields = {
        "method": request.method,
        "path": request.url.path,
        "status": status,
        "elapsed": elapsed,
        "attempt": attempt,
    }
    message = "%s %s -> %s in %.1f ms (attempt %d of %d)"
    args: tuple[object, ...] = (
        request.method,
        request.url.path,
        status,
        elapsed * 1000,
        attempt,
        max_retries + 1,
    )
    if delay is None:
        logger.debug(message, *args, extra=fields)
    else:
        logger.info(message + "; retrying in %.2f s", *args, delay, extra=fields)


# What a transport error means, for errors whose own text is empty.
_WHAT_HAPPENED: tuple[tuple[type[httpx.HTTPError], str], ...] = (
    (httpx.ConnectTimeout, "no connection within the timeout"),
    (httpx.ReadTimeout, "no answer within the timeout"),
    (httpx.WriteTimeout, "the request could not be sent within the timeout"),
    (httpx.PoolTimeout, "no free connection in the pool within the timeout"),
    (httpx.ConnectError, "the connection could not be opened"),
    (httpx.ReadError, "the connection failed while the answer was read"),
    (httpx.WriteError, "the connection failed while the request was sent"),
    (httpx.RemoteProtocolError, "the server broke the HTTP protocol or closed the connection"),
    (httpx.ProxyError, "the proxy refused or failed"),
)


def _what_happened(exc: BaseException) -> str:
    text = str(exc).strip()
    if text:
        return text
    for kind, meaning in _WHAT_HAPPENED:
        if isinstance(exc, kind):
            return meaning
    return "no details given"


def connection_error(exc: Outcome, request: httpx.Request) -> APIConnectionError:
    """The SDK's error for a failed send (the httpx error becomes its `__cause__`)."""
    request.headers.pop(API_KEY_HEADER, None)  # the request travels on in the cause
    where = f"{request.method} {request.url.path}"
    kind = type(exc).__name__
    detail = _what_happened(exc) if isinstance(exc, BaseException) else "no details given"
    error: APIConnectionError
    if isinstance(exc, httpx.TimeoutException):
        error = APITimeoutError(f"Request timed out: {where} ({kind}: {detail})")
    else:
        error = APIConnectionError(f"Connection error: {where}: {kind}: {detail}")
    error.__cause__ = exc if isinstance(exc, BaseException) else None
    return error


# --- drivers -----------------------------------------------------------------------------------


def run(plan: Plan[T], http: httpx.Client, clock: Clock, max_response_bytes: int) -> T:
    """Carry out a plan with a sync httpx client."""
    outcome: Outcome = None
    try:
        while True:
            effect = plan.send(outcome)
            if isinstance(effect, httpx.Request):
                outcome = send_once(http, effect, max_response_bytes)
            else:
                clock.sleep(effect)
                outcome = None
    except StopIteration as stop:
        result: T = stop.value
        return result


async def arun(
    plan: Plan[T],
    http: httpx.AsyncClient,
    clock: Clock,
    max_response_bytes: int,
    outcome: Outcome = None,
) -> T:
    """Carry out a plan with an async httpx client. A plan already started (its first request
    yielded, and sent by the caller) goes on from that request's `outcome`."""
    try:
        while True:
            effect = plan.send(outcome)
            if isinstance(effect, httpx.Request):
                outcome = await asend_once(http, effect, max_response_bytes)
            else:
                await clock.asleep(effect)
                outcome = None
    except StopIteration as stop:
        result: T = stop.value
        return result
