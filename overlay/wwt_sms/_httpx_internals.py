"""The private attributes of httpx and httpcore the SDK relies on, all in this one module.

httpx has no public way to do four things the SDK needs:

* store a body the SDK read itself (`Response._content`): `_transport` reads and decodes each
  body under `max_response_bytes` and a total deadline, which `Response.read()` cannot;
* send one attempt straight through the client's transport (`_httpx_send`), finishing the
  response as `Client.send` does: the transport `send` would pick (`Client._transport_for_url`),
  the stream that records `elapsed` (our own, on the public stream API), the
  client's `_default_encoding`, and the `next_request` of a redirect
  (`Client._build_redirect_request`);
* reach the network backend of a standard transport's connection pool (`Client._transport`,
  `Client._mounts`, `HTTPTransport._pool`, `ConnectionPool._network_backend`): `_deadline`
  wraps it so that every socket read of an attempt ends by the attempt's deadline;
* make the URL of a request from the client's base URL, parsed once, and a path that parsing
  would leave as it is (`URL._uri_reference`, the parsed parts, a named tuple): parsing the
  whole URL again is a fifth of a small request's cost in httpx.

Each access goes through a function here that raises `HttpxInternalsError`, naming the
attribute and the installed httpx version, when a release moves it, rather than failing with a
bare `AttributeError` or silently losing a bound. `tests/overlay/test_httpx_internals.py` holds
every attribute against the installed httpx and httpcore, so an upgrade that moves one fails
there first.

httpcore is imported only where a standard transport is involved: httpx loads it with its first
connection pool, and `import wwt_sms` must not load it earlier.
"""

from __future__ import annotations

import datetime
import functools
import re
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    import httpcore

__all__ = [
    "HttpxInternalsError",
    "abind_stream",
    "bind_stream",
    "build_redirect_request",
    "default_encoding",
    "is_plain_path",
    "keep_content",
    "network_backend",
    "replace_network_backend",
    "transport_for_url",
    "transports",
    "url_with_path",
]

_Http = httpx.Client | httpx.AsyncClient
_STANDARD = (httpx.HTTPTransport, httpx.AsyncHTTPTransport)


class HttpxInternalsError(RuntimeError):
    """The installed httpx or httpcore no longer has an attribute the SDK relies on."""


def _moved(owner: str, name: str) -> HttpxInternalsError:
    import httpcore  # here only to name its version: the error is rare, and the import cheap

    return HttpxInternalsError(
        f"{owner}.{name} is missing or changed in httpx {httpx.__version__} / httpcore "
        f"{httpcore.__version__}: this wwt-sms release does not support that version "
        "(pin the httpx version it was tested with)"
    )


def _get(obj: object, name: str, kind: type | tuple[type, ...]) -> Any:
    value = getattr(obj, name, None)
    if not isinstance(value, kind):
        raise _moved(type(obj).__qualname__, name)
    return value


def _method(obj: object, name: str) -> Callable[..., object]:
    method: object = getattr(obj, name, None)
    if not callable(method):
        raise _moved(type(obj).__qualname__, name)
    return method


# --- the URL of a request --------------------------------------------------------------------

# A path that URL parsing leaves exactly as it is: segments of unreserved characters, no dots
# (no `.`/`..` segment to resolve) and no `%` (nothing to re-encode).
_PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9_~-]+)+")


def is_plain_path(path: str) -> bool:
    """Whether URL parsing leaves `path` exactly as it is (see above)."""
    return _PLAIN_PATH.fullmatch(path) is not None


def url_with_path(base: httpx.URL, path: str) -> httpx.URL:
    """`httpx.URL(str(base) + path)`, without parsing `base` again when `path` is plain (see
    above). `base` must be a parsed URL that prints as it was given (no query, no fragment)."""
    if not is_plain_path(path):
        return httpx.URL(str(base) + path)
    parts = _parts(base)
    url = httpx.URL.__new__(httpx.URL)
    url._uri_reference = parts._replace(path=parts.path + path)
    return url


def _parts(url: httpx.URL) -> Any:
    parts = getattr(url, "_uri_reference", None)
    if not (isinstance(parts, tuple) and hasattr(parts, "_replace") and hasattr(parts, "path")):
        raise _moved("URL", "_uri_reference")
    return parts


# --- the body of a response ------------------------------------------------------------------


def keep_content(response: httpx.Response, content: bytes) -> None:
    """Store `content` as the body of `response`, as `Response.read()` would."""
    _check_content_slot()
    response._content = content


@functools.cache
def _check_content_slot() -> None:
    # Once per process: `Response.content` must read back what `_content` holds.
    probe = httpx.Response(200)
    probe._content = b"probe"
    try:
        readable = probe.content == b"probe"
    except httpx.ResponseNotRead:
        readable = False
    if not readable:
        raise _moved("Response", "_content")


# --- what `Client.send` does around the transport --------------------------------------------


def transport_for_url(http: _Http, url: httpx.URL) -> Any:
    """The transport `http.send` would use for `url` (a mounted one, a proxy's, or the default):
    an `httpx.BaseTransport` for a sync client, an `httpx.AsyncBaseTransport` for an async one."""
    transport = _method(http, "_transport_for_url")(url)
    if not isinstance(transport, httpx.BaseTransport | httpx.AsyncBaseTransport):
        raise _moved(type(http).__qualname__, "_transport_for_url")
    return transport


class _TimedStream(httpx.SyncByteStream):
    """A response's stream that sets the response's `elapsed` when closed, as `Client.send`'s
    own wrapper does (written here on the public stream API: httpx's wrapper changed its
    arguments between releases)."""

    def __init__(self, stream: httpx.SyncByteStream, response: httpx.Response, started: float):
        self._stream, self._response, self._started = stream, response, started

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        self._response.elapsed = datetime.timedelta(seconds=time.perf_counter() - self._started)
        self._stream.close()


class _AsyncTimedStream(httpx.AsyncByteStream):
    """`_TimedStream`, for an async response."""

    def __init__(self, stream: httpx.AsyncByteStream, response: httpx.Response, started: float):
        self._stream, self._response, self._started = stream, response, started

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        self._response.elapsed = datetime.timedelta(seconds=time.perf_counter() - self._started)
        await self._stream.aclose()


def bind_stream(response: httpx.Response, started: float) -> None:
    """Wrap a sync response's stream as `Client.send` does: closing the response sets its
    `elapsed`, counted from `started` (a `time.perf_counter()` reading)."""
    if not isinstance(response.stream, httpx.SyncByteStream):
        raise TypeError("a sync transport returned a response without a sync stream")
    response.stream = _TimedStream(response.stream, response, started)


def abind_stream(response: httpx.Response, started: float) -> None:
    """`bind_stream`, for an async response."""
    if not isinstance(response.stream, httpx.AsyncByteStream):
        raise TypeError("an async transport returned a response without an async stream")
    response.stream = _AsyncTimedStream(response.stream, response, started)


def default_encoding(http: _Http) -> str | Callable[[bytes], str]:
    """The client's `default_encoding` (a name, or a function that guesses one from bytes)."""
    encoding = getattr(http, "_default_encoding", None)
    if not (isinstance(encoding, str) or callable(encoding)):
        raise _moved(type(http).__qualname__, "_default_encoding")
    return encoding


def build_redirect_request(
    http: _Http, request: httpx.Request, response: httpx.Response
) -> httpx.Request:
    """The request `http` would send to follow the redirect `response` (may raise, as in
    `send`, for an unusable `Location`)."""
    following = _method(http, "_build_redirect_request")(request, response)
    if not isinstance(following, httpx.Request):
        raise _moved(type(http).__qualname__, "_build_redirect_request")
    return following


# --- the transports of a client and their network backends ----------------------------------


def transports(http: _Http) -> list[object]:
    """The transports `http` sends through: its default one and every mounted one."""
    default = _get(http, "_transport", (httpx.BaseTransport, httpx.AsyncBaseTransport))
    mounts: dict[Any, object] = _get(http, "_mounts", dict)
    return [default, *(t for t in mounts.values() if t is not None)]


def _pool(transport: object) -> Any:
    import httpcore  # loaded already: a standard transport made its pool with it

    return _get(transport, "_pool", (httpcore.ConnectionPool, httpcore.AsyncConnectionPool))


def _backend_types() -> tuple[type[httpcore.NetworkBackend], type[httpcore.AsyncNetworkBackend]]:
    import httpcore

    return httpcore.NetworkBackend, httpcore.AsyncNetworkBackend


def network_backend(transport: object) -> object | None:
    """The network backend under a standard httpx transport's pool; None for other transports
    (in-memory, custom), which have none the SDK can reach (and need no httpcore)."""
    if not isinstance(transport, _STANDARD):
        return None
    backend: object = _get(_pool(transport), "_network_backend", _backend_types())
    return backend


def replace_network_backend(transport: object, backend: object) -> None:
    """Put `backend` under a standard httpx transport's pool (see `network_backend`)."""
    pool = _pool(transport)
    _get(pool, "_network_backend", _backend_types())
    pool._network_backend = backend
