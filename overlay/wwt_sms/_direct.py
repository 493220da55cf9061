"""An async call sent straight through the SDK's aiohttp transport, when nothing needs httpx's
objects for it.

The plain path (the call's plan, `_retries.arun`, `_transport.asend_once`) builds an
`httpx.Request`, turns aiohttp's answer into an `httpx.Response`, streams the body through httpx
under the byte cap, and parses it. For the usual answer (a 200 whose whole body aiohttp already
holds, not compressed, setting no cookie) nobody ever sees those objects, and making them is
most of what the SDK adds to aiohttp's own work. So when the client's one transport is
`AiohttpTransport` itself and nothing needs httpx's `send` or the plan's timing (event hooks,
httpx's or the SDK's log, a raw response, the contract-drift check), the call sends the method,
URL and headers `_build` would put in its request with `AiohttpTransport.exchange`, within the
same total deadline, and parses such an answer at once.

The choice is made once per client (`DirectCalls.over`: its one transport is exactly
`AiohttpTransport`; this module, which needs aiohttp, is loaded only then) and per call
(`DirectCalls.request`: what may change between calls).

Anything else is finished by the plain path's own code. The call's plan is started, which builds
its `httpx.Request` as always; the answer, or aiohttp's error, becomes what the transport returns
for that request (`httpx_response`, `httpx_error`), is read as `asend_once` reads it, and is
handed to the plan as its first attempt's outcome. So error statuses, retries and Retry-After,
compressed or streamed bodies, the byte cap, cookies, redirects and every typed error (with its
request and response, the key redacted) are the plain path's. A 200 the parser refuses is parsed
again that way, so that its error carries the whole response.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

import aiohttp
import httpx

from ._aiohttp import (
    AiohttpTransport,
    buffered_body,
    client_timeout,
    httpx_error,
    httpx_response,
)
from ._constants import LOGGER_NAME
from ._exceptions import WwtError
from ._httpx_internals import keep_content, transports
from ._httpx_send import afinish, sends_plainly
from ._raw import RAW_RESPONSE
from ._retries import Plan, arun
from ._transport import Outcome, aread_body, attempt_timed_out, limits_total
from ._types import NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from ._client import AsyncClient
    from ._requests import Call

T = TypeVar("T")

_LOGGER = logging.getLogger(LOGGER_NAME)  # logs attempts with their times, from the plan
_NOT_PLAIN = ("Content-Encoding", "Set-Cookie", "Set-Cookie2")  # headers the plain path reads


class DirectCalls:
    """Calls of one `AsyncClient` straight through its `AiohttpTransport`."""

    def __init__(self, transport: AiohttpTransport):
        self.transport = transport
        self._headers: tuple[httpx.Headers | None, list[tuple[str, str]]] = (None, [])

    @classmethod
    def over(cls, http: httpx.AsyncClient) -> DirectCalls | None:
        """For a client on `http`, if its one transport (no mounts) is exactly the SDK's
        aiohttp one: a subclass may send in its own way. `None` otherwise."""
        found = transports(http)
        if len(found) == 1 and type(found[0]) is AiohttpTransport:
            return cls(found[0])
        return None

    def request(
        self, client: AsyncClient, call: Call[T], timeout: TimeoutTypes | NotGiven
    ) -> Awaitable[T]:
        """Make `call`: directly when nothing needs httpx's objects for it, else by its plan
        (the model, or the `RawResponse` under `with_raw_response`)."""
        http = client._http
        direct = not (
            RAW_RESPONSE.get()
            or client._drift is not None
            or _LOGGER.isEnabledFor(logging.INFO)
            or not sends_plainly(http)
        )
        parts = client._bodiless_parts(call, timeout) if direct else None
        if parts is None:
            return client._run(client._plan(call, timeout))
        url, headers, limits = parts
        rest = _Rest(client, call, timeout)
        return _send(self.transport, rest, url, self._aiohttp_headers(headers), limits)

    def _aiohttp_headers(self, template: httpx.Headers) -> list[tuple[str, str]]:
        """A client's header template as aiohttp takes it, converted once per template."""
        source, converted = self._headers
        if template is not source:
            converted = self.transport.aiohttp_headers(template.raw)
            self._headers = template, converted
        return converted


class _Rest(Generic[T]):
    """The call's plan, started only when the call needs it; its first request stands for the
    attempt already made, whose outcome is handed to it."""

    def __init__(self, client: AsyncClient, call: Call[T], timeout: TimeoutTypes | NotGiven):
        self.client, self.call, self._timeout = client, call, timeout
        self._started: tuple[Plan[T], httpx.Request] | None = None

    @property
    def request(self) -> httpx.Request:
        """The plan's first request: what the attempt sent, as `_build` makes it."""
        return self._start()[1]

    def _start(self) -> tuple[Plan[T], httpx.Request]:
        if self._started is None:
            plan = self.client._parsed_plan(self.call, self._timeout)
            first = next(plan)
            assert isinstance(first, httpx.Request)  # a plan starts by sending
            self._started = plan, first
        return self._started

    def transport_error(self, exc: Exception) -> httpx.TransportError:
        """As the transport raises aiohttp's `exc` for the request (see `handle_async_request`)."""
        error = httpx_error(exc, self.request)
        error.__cause__ = exc
        return error

    async def finish(
        self, answer: aiohttp.ClientResponse, body: bytes | None, started: float
    ) -> Outcome:
        """The attempt's outcome as `asend_once` gives it, from aiohttp's `answer` (`body`: the
        whole body, when it was taken from aiohttp's buffer already)."""
        http, request = self.client._http, self.request
        try:
            response = await afinish(http, request, httpx_response(answer, request, body), started)
            return await aread_body(response, self.client._max_response_bytes)
        except (httpx.HTTPError, WwtError) as exc:
            return exc

    async def run(self, outcome: Outcome) -> T:
        """The call's result: its plan carried on from the first attempt's `outcome`."""
        client = self.client
        plan = self._start()[0]
        return await arun(plan, client._http, client._clock, client._max_response_bytes, outcome)


class _Answer(NamedTuple):
    """A 200 whose whole body is read: aiohttp's response and the body."""

    answer: aiohttp.ClientResponse
    body: bytes


async def _send(
    transport: AiohttpTransport,
    rest: _Rest[T],
    url: str,
    headers: list[tuple[str, str]],
    limits: Mapping[str, float | None],
) -> T:
    started = time.perf_counter()
    outcome: Outcome | _Answer
    try:
        async with asyncio.timeout(limits_total(limits)):  # the attempt's total, as `asend_once`
            sent = transport.exchange(rest.call.method, url, headers, client_timeout(limits))
            outcome = await _attempt(sent, rest, started)
    except TimeoutError:
        outcome = attempt_timed_out(rest.request)
    if isinstance(outcome, _Answer):
        try:
            return rest.call.parse(_bare_response(outcome), rest.client._zone)
        except WwtError:  # refused: parsed again the plain way, for an error with its request
            outcome = await rest.finish(outcome.answer, outcome.body, started)
    return await rest.run(outcome)


async def _attempt(
    sent: Awaitable[aiohttp.ClientResponse], rest: _Rest[Any], started: float
) -> Outcome | _Answer:
    """One attempt (`sent`, the exchange): a plain 200's body, or the plain path's outcome of
    any other answer."""
    try:
        answer = await sent
    except (aiohttp.ClientError, TimeoutError) as exc:  # aiohttp's own (not the total's)
        return rest.transport_error(exc)
    body = None
    if answer.status == 200 and not any(name in answer.headers for name in _NOT_PLAIN):
        try:
            body = buffered_body(answer)
        except aiohttp.ClientError as exc:  # the body ended in an error
            return rest.transport_error(exc)
        if body is not None and len(body) <= rest.client._max_response_bytes:
            return _Answer(answer, body)
    return await rest.finish(answer, body, started)


def _bare_response(answered: _Answer) -> httpx.Response:
    """A 200 for the parser: its status and body, which are all a parser reads of a 200 (the
    equality tests send their answers with headers). Should the parser refuse it, the plain
    path parses the whole response again."""
    response = httpx.Response(answered.answer.status, stream=httpx.ByteStream(b""))
    keep_content(response, answered.body)
    return response
