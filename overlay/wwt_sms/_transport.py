"""One attempt on the wire, as the drivers make it: send the request without following
redirects, then read the body within the attempt's total time limit and the client's byte cap.

Bytes are counted after decompression, as they arrive, so neither a slow server nor a small
compressed body that inflates to gigabytes can hold the call or its memory. The body is decoded
here (gzip, deflate, or none: what the SDK's `Accept-Encoding` offers) rather than by httpx,
which would inflate each network chunk whole.
"""

from __future__ import annotations

import functools
import time
import weakref
import zlib
from collections.abc import Mapping

import httpx

from wwt_sms_contract import redact as redact_text

from . import _deadline
from ._constants import API_KEY_HEADER, BODY_EXCERPT_CHARS
from ._exceptions import UnexpectedResponseError, WwtError
from ._httpx_internals import keep_content
from ._httpx_send import asend, send

Outcome = httpx.Response | httpx.HTTPError | WwtError | None
ACCEPT_ENCODING = "gzip, deflate"
_REDACTED = "[redacted]"


def attempt_total(request: httpx.Request) -> float | None:
    """The total time limit of one attempt: the longest of its timeout's four limits (connect,
    read, write, pool), or none when any of them is unlimited."""
    return limits_total(request.extensions.get("timeout") or {})


def limits_total(limits: Mapping[str, float | None]) -> float | None:
    """`attempt_total` of a request whose timeout extension is `limits`."""
    get = limits.get
    return _longest(get("connect"), get("read"), get("write"), get("pool"))


@functools.lru_cache(maxsize=64)  # a client sends its few timeouts over and over
def _longest(*values: float | None) -> float | None:
    if any(value is None for value in values):
        return None
    return max(float(value) for value in values if value is not None)


def send_once(http: httpx.Client, request: httpx.Request, limit: int) -> Outcome:
    """Send `request` once with a sync client; the response (body read), or the error."""
    with _deadline.within(attempt_total(request)) as deadline:
        try:
            response = send(http, request)
        except httpx.HTTPError as exc:
            return exc
        try:
            keep_content(response, _read(response, limit, deadline))
        except (httpx.HTTPError, WwtError) as exc:
            return exc
        finally:
            response.close()
    return response


async def asend_once(http: httpx.AsyncClient, request: httpx.Request, limit: int) -> Outcome:
    """Send `request` once with an async client; the response (body read), or the error."""
    import asyncio  # lazy: sync users never need it

    try:
        async with asyncio.timeout(attempt_total(request)):
            return await aread_body(await asend(http, request), limit)
    except (httpx.HTTPError, WwtError) as exc:
        return exc
    except TimeoutError:
        return attempt_timed_out(request)


async def aread_body(response: httpx.Response, limit: int) -> httpx.Response:
    """`response` with its body read under `limit`, and closed."""
    try:
        keep_content(response, await _aread(response, limit))
    finally:
        await response.aclose()
    return response


def attempt_timed_out(request: httpx.Request) -> httpx.ReadTimeout:
    """The error of an attempt whose total time limit ran out."""
    return httpx.ReadTimeout("the attempt's total time limit ran out", request=request)


def _in_memory(response: httpx.Response) -> bytes | None:
    """The body of a response an in-process transport has already read, else `None`."""
    try:
        return response.content
    except httpx.ResponseNotRead:
        return None


def _read(response: httpx.Response, limit: int, deadline: float | None) -> bytes:
    ready = _in_memory(response)
    if ready is not None:
        return _capped(ready, response, limit)
    decoder = _Decoder(response, limit)
    for chunk in response.iter_raw():
        decoder.feed(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise httpx.ReadTimeout("the attempt's total time limit ran out")
    return decoder.finish()


async def _aread(response: httpx.Response, limit: int) -> bytes:
    ready = _in_memory(response)
    if ready is not None:
        return _capped(ready, response, limit)
    decoder = _Decoder(response, limit)
    async for chunk in response.aiter_raw():
        decoder.feed(chunk)
    return decoder.finish()


def _capped(content: bytes, response: httpx.Response, limit: int) -> bytes:
    if len(content) > limit:
        raise _too_large(response, content, limit)
    return content


def _too_large(response: httpx.Response, start: bytes, limit: int) -> UnexpectedResponseError:
    # Only the start is kept for the error, redacted before it is cut: a key the server echoed
    # across the cut would otherwise survive in part.
    text = redact_text(start.decode("utf-8", "replace"), sent_key(response))
    keep_content(response, text[: BODY_EXCERPT_CHARS + 1].encode())
    return unexpected(response, f"the body is longer than max_response_bytes ({limit} bytes)")


def _inflater(encoding: str) -> zlib._Decompress | None:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


class _Decoder:
    """Decompresses and collects a body, never holding more than `limit` decoded bytes."""

    def __init__(self, response: httpx.Response, limit: int):
        self._response = response
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0
        self._encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        self._zlib = _inflater(self._encoding)
        if self._zlib is None and self._encoding not in ("identity", ""):
            raise self._error(f"Content-Encoding {self._encoding!r} was not offered")

    def feed(self, data: bytes) -> None:
        self._add(data if self._zlib is None else self._inflate(data))

    def finish(self) -> bytes:
        if self._zlib is not None:
            self._add(self._inflate(b"", final=True))
        return b"".join(self._parts)

    def _inflate(self, data: bytes, *, final: bool = False) -> bytes:
        assert self._zlib is not None
        room = self._limit - self._size + 1  # one byte more than fits says "too long"
        try:
            return self._zlib.flush(room) if final else self._zlib.decompress(data, room)
        except zlib.error as exc:
            if self._encoding == "deflate" and self._size == 0 and not final:
                # "deflate" is zlib-wrapped by the standard, raw from some servers: try raw too.
                self._encoding = "raw deflate"
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflate(data)
            raise self._error(f"the {self._encoding} body is corrupt ({exc})") from None

    def _add(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            raise _too_large(self._response, b"".join([*self._parts, data]), self._limit)
        if data:
            self._parts.append(data)

    def _error(self, why: str) -> UnexpectedResponseError:
        keep_content(self._response, b"")
        return unexpected(self._response, why)


# --- what errors show of a response ------------------------------------------------------------


# The key each redacted response's request carried, to blank it in what errors quote of the
# body later (a raw response parsed after it was handed out). Gone with the response.
_BLANKED: weakref.WeakKeyDictionary[httpx.Response, str] = weakref.WeakKeyDictionary()


def sent_key(response: httpx.Response) -> str | None:
    """The API key the request behind `response` carried (also after `redact`)."""
    try:
        key = response.request.headers.get(API_KEY_HEADER)
    except RuntimeError:  # a response built without a request
        return None
    return _BLANKED.get(response) if key == _REDACTED else key


def redact(response: httpx.Response) -> httpx.Response:
    """Blank the API key in the request a response carries, before the response is handed out
    (in an exception or a raw response). The request has been sent; nothing else reads it."""
    try:
        headers = response.request.headers
    except RuntimeError:  # a response built without a request
        return response
    key = headers.get(API_KEY_HEADER)
    if key is not None and key != _REDACTED:
        _BLANKED[response] = key
        headers[API_KEY_HEADER] = _REDACTED
    return response


def unexpected(response: httpx.Response, why: str) -> UnexpectedResponseError:
    """The error for an answer the contract does not describe, with the start of its body. The
    API key the request carried is blanked wherever the body or `why` could echo it, before
    either is cut."""
    key = sent_key(response)
    body = redact_text(response.content.decode("utf-8", "replace"), key)  # within the body cap
    if len(body) > BODY_EXCERPT_CHARS:
        body = body[:BODY_EXCERPT_CHARS] + "…"
    return UnexpectedResponseError(
        f"Unexpected response (HTTP {response.status_code}): {redact_text(why, key)}",
        status=response.status_code,
        body=body,
        response=redact(response),
    )
