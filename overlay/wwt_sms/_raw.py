"""Raw responses: `client.with_raw_response.<resource>.<method>(...)` returns the HTTP response
behind a call, before the SDK reads it.

The raw views are not written out by hand: `to_raw_response_wrapper` wraps each plain method,
keeping its parameters, and turns on the raw mode for the duration of the call.
"""

from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Awaitable, Callable
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

from ._transport import redact

if TYPE_CHECKING:
    import httpx

    from ._requests import Parser

P = ParamSpec("P")
T = TypeVar("T")

# Read by `BaseClient._plan` when it builds a call: return the `RawResponse`, not the model.
RAW_RESPONSE: contextvars.ContextVar[bool] = contextvars.ContextVar("RAW_RESPONSE", default=False)


class RawResponse(Generic[T]):
    """The HTTP response behind a call, before the SDK reads it (`with_raw_response`).

    `status_code`, `headers`, `content` (alias `body`), `http_response` (the `httpx.Response`,
    its request's API key blanked); `parse()` gives what the plain call returns — or raises the
    error it would raise.
    """

    __slots__ = ("_parsed", "_parser", "_zone", "http_response")

    def __init__(self, response: httpx.Response, parser: Parser[T], zone: tzinfo):
        self.http_response: httpx.Response = redact(response)
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

        from ._transport import unexpected

        try:
            return json.loads(self.content, parse_float=Decimal)
        except ValueError:
            raise unexpected(self.http_response, "the body is not JSON") from None

    def parse(self) -> T:
        if self._parsed is None:
            self._parsed = self._parser(self.http_response, self._zone)
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


def to_raw_response_wrapper(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """`method`, returning the `RawResponse` of its call instead of the model."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW_RESPONSE.set(True)
        try:
            return cast("RawResponse[T]", method(*args, **kwargs))
        finally:
            RAW_RESPONSE.reset(token)

    return wrapped


def async_to_raw_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """`method` (a coroutine function), returning the `RawResponse` of its call."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW_RESPONSE.set(True)
        try:
            return cast("RawResponse[T]", await method(*args, **kwargs))
        finally:
            RAW_RESPONSE.reset(token)

    return wrapped
