"""Random paths, headers, methods and bodies against the HTTP face: never a 500, never a crash.

Local strategies (the HTTP-level ones are specific to the mock); id and reference strategies
come from the shared tests/strategies/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import strategies
from tests.keys import KEY
from wwt_sms_mock import LiveServer, serve_in_thread

pytestmark = pytest.mark.network

_TOKEN = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
methods = st.one_of(
    st.sampled_from(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "TRACE", "QUERY"]),
    st.text(_TOKEN, min_size=1, max_size=10),
)
segments = st.one_of(
    st.sampled_from(
        ["rest", "sms", "reference", "task", "__mock", "rules", "state", "", "..", "%2F"]
    ),
    strategies.valid_ids().map(str),
    strategies.invalid_id_segments().map(lambda s: quote(s, safe="%")),
    strategies.valid_references(),
    st.text(max_size=40).map(lambda s: quote(s, safe="")),
)
paths = st.lists(segments, max_size=6).map(lambda parts: "/" + "/".join(parts))
queries = st.one_of(st.just(""), st.text(max_size=30).map(lambda s: "?" + quote(s, safe="=&")))
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60).map(
    str.strip
)
header_names = st.one_of(
    st.sampled_from(["X-API-KEY", "Prefer", "Accept", "Content-Type", "Cookie"]),
    st.text(_TOKEN, min_size=1, max_size=20),
)
prefer_values = st.one_of(
    header_values,
    st.lists(
        st.sampled_from(
            [
                "code=404",
                "code=500",
                "code=418",
                "error=20",
                "error=8",
                "error=99999",
                "example=vendor",
                "example=x",
                "style=vendor",
                "style=bogus",
                "retry-after=3",
                "delay=0",
                "fault=malformed",
            ]
        ),
        max_size=3,
    ).map(", ".join),
)
bodies = st.one_of(
    st.binary(max_size=200),
    st.dictionaries(st.text(max_size=10), st.integers() | st.text(max_size=10), max_size=4).map(
        lambda d: json.dumps(d).encode()
    ),
)


CLIENT = httpx.Client(timeout=5)


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    with serve_in_thread() as url, CLIENT:
        yield url


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=methods,
    path=paths,
    query=queries,
    key=st.one_of(st.none(), st.just(KEY), header_values),
    prefer=st.one_of(st.none(), prefer_values),
    extra=st.dictionaries(header_names, header_values, max_size=3),
    content=bodies,
)
def test_random_requests_never_get_a_500(
    live: LiveServer,
    method: str,
    path: str,
    query: str,
    key: str | None,
    prefer: str | None,
    extra: dict[str, str],
    content: bytes,
) -> None:
    headers = dict(extra)
    if key is not None:
        headers["X-API-KEY"] = key
    if prefer is not None:
        headers["Prefer"] = prefer
    if path.startswith(("/__mock/reset", "/__mock/clear")):
        path = "/__mock/state"  # keep the shared server's records for the other examples
    url = live.root + path + query
    try:
        response = CLIENT.request(method, url, headers=headers, content=content)
    except httpx.InvalidURL:
        return  # httpx refused to send it: nothing reached the server
    assert response.status_code < 500 or (prefer is not None and "code=500" in prefer), (
        method,
        path,
        response.status_code,
        response.text,
    )
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("text/plain"):
        # uvicorn's HTTP parser refused the request before it reached the mock.
        assert response.status_code == 400
    elif response.status_code != 204 and method != "HEAD" and "malformed" not in (prefer or ""):
        assert content_type.startswith("application/json")
        json.loads(response.content)
    live.mock.clear_rules()
    assert live.mock.breaches == []
