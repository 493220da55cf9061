"""The private attributes of httpx and httpcore the SDK relies on, all in this one module.

httpx has no public way to do two things the SDK needs:

* store a body the SDK read itself (`Response._content`): `_transport` reads and decodes each
  body under `max_response_bytes` and a total deadline, which `Response.read()` cannot;
* reach the network backend of a standard transport's connection pool (`Client._transport`,
  `Client._mounts`, `HTTPTransport._pool`, `ConnectionPool._network_backend`): `_deadline`
  wraps it so that every socket read of an attempt ends by the attempt's deadline.

Each access goes through a function here that raises `HttpxInternalsError`, naming the
attribute and the installed httpx version, when a release moves it, rather than failing with a
bare `AttributeError` or silently losing a bound. `tests/overlay/test_httpx_internals.py` holds
every attribute against the installed httpx and httpcore, so an upgrade that moves one fails
there first.
"""

from __future__ import annotations

import functools
from typing import Any

import httpcore
import httpx

__all__ = [
    "HttpxInternalsError",
    "keep_content",
    "network_backend",
    "replace_network_backend",
    "transports",
]


class HttpxInternalsError(RuntimeError):
    """The installed httpx or httpcore no longer has an attribute the SDK relies on."""


def _moved(owner: str, name: str) -> HttpxInternalsError:
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


# --- the transports of a client and their network backends ----------------------------------

_Http = httpx.Client | httpx.AsyncClient
_STANDARD = (httpx.HTTPTransport, httpx.AsyncHTTPTransport)


def transports(http: _Http) -> list[object]:
    """The transports `http` sends through: its default one and every mounted one."""
    default = _get(http, "_transport", (httpx.BaseTransport, httpx.AsyncBaseTransport))
    mounts: dict[Any, object] = _get(http, "_mounts", dict)
    return [default, *(t for t in mounts.values() if t is not None)]


def _pool(transport: object) -> Any:
    return _get(transport, "_pool", (httpcore.ConnectionPool, httpcore.AsyncConnectionPool))


def network_backend(transport: object) -> object | None:
    """The network backend under a standard httpx transport's pool; None for other transports
    (in-memory, custom), which have none the SDK can reach."""
    if not isinstance(transport, _STANDARD):
        return None
    backends = (httpcore.NetworkBackend, httpcore.AsyncNetworkBackend)
    backend: object = _get(_pool(transport), "_network_backend", backends)
    return backend


def replace_network_backend(transport: object, backend: object) -> None:
    """Put `backend` under a standard httpx transport's pool (see `network_backend`)."""
    pool = _pool(transport)
    _get(pool, "_network_backend", (httpcore.NetworkBackend, httpcore.AsyncNetworkBackend))
    pool._network_backend = backend
