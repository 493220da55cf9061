"""Sending one attempt through an httpx client: what `Client.send(request, auth=<none>,
follow_redirects=False, stream=True)` does, without the per-request work of its that an SDK
request never needs.

`Client.send` runs an auth flow (two generators), a redirect loop, and hands every response to
its cookie jar, which builds a `urllib` request and an `email` message to look for
`Set-Cookie`; together they cost about as much as the transport's own work on a small answer.
The SDK authenticates by header, follows no redirect and expects no cookies, so it calls the
client's transport itself (the one `send` would pick, mounts and proxies included) and keeps
everything else `send` guarantees: the response's `request`, `elapsed`, `default_encoding` and
`next_request`, the request on a transport error, and cookies whenever the answer sets any.

When the client has event hooks, or httpx's own logger would log the request, or the client is
closed, the request goes through `send` itself, so that hooks run, the log line appears, and a
closed client raises as it always does.

What `send` does with httpx's private attributes is reached through `_httpx_internals`.
"""

from __future__ import annotations

import logging
import time

import httpx

from ._httpx_internals import (
    abind_stream,
    bind_stream,
    build_redirect_request,
    default_encoding,
    transport_for_url,
)

# Sent with every request that goes through `send` as `auth=`: the key is already in the request
# (see `RequestHeaders`), and an explicit no-op `Auth` keeps an injected client's own `auth` from
# applying.
NO_AUTH = httpx.Auth()

_HTTPX_LOGGER = logging.getLogger("httpx")  # where `Client.send` logs each request, at INFO


def sends_plainly(http: httpx.Client | httpx.AsyncClient) -> bool:
    """Whether `send` would do nothing for `http` that `_finish` does not."""
    hooks = http.event_hooks
    return not (
        hooks["request"]
        or hooks["response"]
        or http.is_closed
        or _HTTPX_LOGGER.isEnabledFor(logging.INFO)
    )


def send(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    """The response to `request`, its body not read (close it)."""
    if not sends_plainly(http):
        return http.send(request, auth=NO_AUTH, follow_redirects=False, stream=True)
    started = time.perf_counter()
    transport: httpx.BaseTransport = transport_for_url(http, request.url)
    try:
        response = transport.handle_request(request)
    except httpx.RequestError as exc:
        exc.request = request
        raise
    try:
        bind_stream(response, started)
        return _finish(http, request, response)
    except BaseException:
        response.close()
        raise


async def asend(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """`send`, asynchronously."""
    if not sends_plainly(http):
        return await http.send(request, auth=NO_AUTH, follow_redirects=False, stream=True)
    started = time.perf_counter()
    transport: httpx.AsyncBaseTransport = transport_for_url(http, request.url)
    try:
        response = await transport.handle_async_request(request)
    except httpx.RequestError as exc:
        exc.request = request
        raise
    return await afinish(http, request, response, started)


async def afinish(
    http: httpx.AsyncClient, request: httpx.Request, response: httpx.Response, started: float
) -> httpx.Response:
    """What `send` does with the response its transport returned for `request` (sent at
    `started`, a `time.perf_counter()` reading); the response is closed if this fails."""
    try:
        abind_stream(response, started)
        return _finish(http, request, response)
    except BaseException:
        await response.aclose()
        raise


def _finish(
    http: httpx.Client | httpx.AsyncClient, request: httpx.Request, response: httpx.Response
) -> httpx.Response:
    """What `send` sets on every response it hands out."""
    response.request = request
    response.default_encoding = default_encoding(http)
    headers = response.headers
    if "set-cookie" in headers or "set-cookie2" in headers:
        http.cookies.extract_cookies(response)  # the jar reads nothing else
    if response.has_redirect_location:  # (may raise, as in `send`, for an unusable Location)
        response.next_request = build_redirect_request(http, request, response)
    return response
