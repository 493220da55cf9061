"""Every private attribute of httpx and httpcore the SDK relies on exists on the installed
versions with the type the SDK expects; when one moves, the SDK says so by name.

An httpx upgrade that renames any of them fails here, loudly, before a user meets it."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import httpcore
import httpx
import pytest

from wwt_sms import _deadline_streams, _httpx_internals
from wwt_sms._httpx_internals import (
    HttpxInternalsError,
    abind_stream,
    bind_stream,
    build_redirect_request,
    default_encoding,
    keep_content,
    network_backend,
    replace_network_backend,
    transport_for_url,
    transports,
    url_with_path,
)


def test_the_installed_httpx_has_every_attribute_with_its_type() -> None:
    other = httpx.HTTPTransport()
    with httpx.Client(mounts={"http://other.test": other, "http://none.test": None}) as http:
        assert isinstance(http._transport, httpx.HTTPTransport)
        assert isinstance(http._mounts, dict)
        assert other in http._mounts.values()
        for transport in (http._transport, other):
            assert isinstance(transport._pool, httpcore.ConnectionPool)
            assert isinstance(transport._pool._network_backend, httpcore.NetworkBackend)
        url = httpx.URL("http://other.test/x")
        assert http._transport_for_url(url) is other
        assert http._default_encoding == "utf-8"
        redirect = httpx.Response(
            302, headers={"Location": "/y"}, request=httpx.Request("GET", url)
        )
        following = http._build_redirect_request(redirect.request, redirect)
        assert isinstance(following, httpx.Request)
        assert following.url == "http://other.test/y"
    response = httpx.Response(200)
    response._content = b"body"
    assert response.content == b"body"


def test_the_installed_async_httpx_has_every_attribute_with_its_type() -> None:
    async def main() -> None:
        async with httpx.AsyncClient() as http:
            assert isinstance(http._transport, httpx.AsyncHTTPTransport)
            assert isinstance(http._mounts, dict)
            pool = http._transport._pool
            assert isinstance(pool, httpcore.AsyncConnectionPool)
            assert isinstance(pool._network_backend, httpcore.AsyncNetworkBackend)
            assert http._transport_for_url(httpx.URL("http://a.test")) is http._transport

    asyncio.run(main())


def test_the_helpers_reach_the_transports_and_their_backends() -> None:
    other = httpx.HTTPTransport()
    mock = httpx.MockTransport(lambda request: httpx.Response(204))
    with httpx.Client(mounts={"http://other.test": other, "http://mock.test": mock}) as http:
        found = transports(http)
        assert found == [http._transport, other, mock]
        assert network_backend(mock) is None  # in-memory: no backend to reach
        backend = network_backend(other)
        assert backend is other._pool._network_backend
        wrapped = _deadline_streams.DeadlineBackend(backend)
        replace_network_backend(other, wrapped)
        assert network_backend(other) is wrapped


def test_the_helpers_finish_a_response_as_send_does() -> None:
    mock = httpx.MockTransport(lambda request: httpx.Response(204))
    with httpx.Client(mounts={"http://mock.test": mock}, default_encoding="latin-1") as http:
        assert transport_for_url(http, httpx.URL("http://mock.test/x")) is mock
        assert transport_for_url(http, httpx.URL("http://else.test/")) is http._transport
        assert default_encoding(http) == "latin-1"
        request = httpx.Request("GET", "http://mock.test/a")
        redirect = httpx.Response(301, headers={"Location": "/b"}, request=request)
        assert build_redirect_request(http, request, redirect).url == "http://mock.test/b"
    response = httpx.Response(200, stream=httpx.ByteStream(b"x"))
    bind_stream(response, started=0.0)
    response.read()
    response.close()
    assert response.elapsed.total_seconds() > 0  # closing the bound stream set it


def test_an_async_response_stream_is_bound() -> None:
    async def main() -> None:
        response = httpx.Response(200, stream=httpx.ByteStream(b"x"))
        abind_stream(response, started=0.0)
        await response.aread()
        await response.aclose()
        assert response.elapsed.total_seconds() > 0

    asyncio.run(main())
    with pytest.raises(TypeError, match="sync stream"):
        bind_stream(httpx.Response(200, stream=_AsyncOnly()), started=0.0)


class _AsyncOnly(httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b""


def test_a_kept_body_is_what_the_response_reads() -> None:
    response = httpx.Response(200, stream=httpx.ByteStream(b"unread"))
    keep_content(response, b"decoded here")
    assert response.content == b"decoded here"
    assert response.text == "decoded here"


class _MovedClient:
    """A client as a future httpx might shape it: no `_transport`."""

    def __init__(self) -> None:
        self._mounts: dict[object, object] = {}


def test_a_moved_attribute_is_named_with_the_httpx_version() -> None:
    expected = re.escape(f"in httpx {httpx.__version__}")
    with pytest.raises(HttpxInternalsError, match=r"_MovedClient\._transport .*" + expected):
        transports(_MovedClient())  # type: ignore[arg-type]
    transport = httpx.HTTPTransport()
    transport._pool = "elsewhere"  # type: ignore[assignment]
    with pytest.raises(HttpxInternalsError, match=r"HTTPTransport\._pool"):
        network_backend(transport)
    with pytest.raises(HttpxInternalsError, match=r"HTTPTransport\._pool"):
        replace_network_backend(transport, object())


class _OldClient(httpx.Client):
    """A client as a future httpx might shape it: none of the methods `send` uses."""

    _transport_for_url = None  # type: ignore[assignment]
    _build_redirect_request = None  # type: ignore[assignment]


def test_a_moved_send_helper_is_named_with_the_httpx_version() -> None:
    expected = re.escape(f"in httpx {httpx.__version__}")
    with _OldClient() as http:
        with pytest.raises(
            HttpxInternalsError, match=r"_OldClient\._transport_for_url .*" + expected
        ):
            transport_for_url(http, httpx.URL("http://a.test"))
        request = httpx.Request("GET", "http://a.test/")
        redirect = httpx.Response(302, headers={"Location": "/b"}, request=request)
        with pytest.raises(HttpxInternalsError, match=r"_OldClient\._build_redirect_request"):
            build_redirect_request(http, request, redirect)
        http._default_encoding = 42  # type: ignore[assignment]
        with pytest.raises(HttpxInternalsError, match=r"_OldClient\._default_encoding"):
            default_encoding(http)


def test_a_moved_body_slot_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # A future httpx whose `content` no longer reads `_content`.
    monkeypatch.setattr(httpx.Response, "content", property(lambda self: b""))
    _httpx_internals._check_content_slot.cache_clear()
    try:
        with pytest.raises(HttpxInternalsError, match=r"Response\._content"):
            keep_content(httpx.Response(200), b"x")
    finally:
        monkeypatch.undo()
        _httpx_internals._check_content_slot.cache_clear()


def test_a_url_is_joined_from_its_parsed_parts() -> None:
    base = httpx.URL("https://api.example.test/rest")
    assert isinstance(base._uri_reference, tuple)
    joined = url_with_path(base, "/sms/211")
    assert (
        joined._uri_reference == httpx.URL("https://api.example.test/rest/sms/211")._uri_reference
    )


def test_moved_url_parts_are_named() -> None:
    # A future httpx that keeps a URL's parsed parts elsewhere.
    base = httpx.URL("https://api.example.test/rest")
    del base._uri_reference
    with pytest.raises(HttpxInternalsError, match=r"URL\._uri_reference"):
        url_with_path(base, "/sms/211")
