"""The proxy in front of an upstream that drifts from the contract: each drift is reported at
the right pointer, and the client receives the upstream's answer untouched. A slow upstream
becomes the spec's 504, a dead one its 502; the API key goes nowhere but the upstream."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.keys import KEY
from wwt_sms_mock._faces.server import run_in_thread
from wwt_sms_mock._proxy.app import ProxyLimits

from .harness import proxy_to, report_lines, violations
from .upstream import (
    ANSWERS,
    ECHO_KEY_PATH,
    EXPECTED,
    HUGE_PATH,
    REDIRECT_PATH,
    SLOW_PATH,
    DriftingUpstream,
)

pytestmark = pytest.mark.network

Drifting = tuple[str, DriftingUpstream]


def _get(base: str, path: str) -> httpx.Response:
    return httpx.get(base + path, headers={"X-API-KEY": KEY}, timeout=10)


def _get_raw(base: str, path: str) -> tuple[httpx.Response, bytes]:
    """The response and its body bytes as they came, before any content decoding."""
    with httpx.stream("GET", base + path, headers={"X-API-KEY": KEY}, timeout=10) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_drift_is_reported_at_its_pointer_and_passed_on_untouched(
    path: str, drifting: Drifting, tmp_path: Path, upstream_client_kind: str
) -> None:
    upstream, _ = drifting
    with proxy_to(upstream, tmp_path, client=upstream_client_kind) as proxy:
        response, raw = _get_raw(proxy.url.removesuffix("/rest"), path)
    status, headers, body = ANSWERS[path]
    assert response.status_code == status
    assert raw == body  # what the upstream sent, gzip included
    for name, value in headers:
        assert response.headers[name.decode()] == value.decode()
    found = violations(tmp_path)
    assert [(v["side"], v["location"], v["pointer"]) for v in found] == [EXPECTED[path]]
    (line,) = found
    assert line["path"] == path
    assert line["status"] == status
    assert line["method"] == "GET"
    assert line["operation"] in ("getSmsById", "getTaskById")
    assert line["message"]
    assert line["time"].endswith("Z")


def test_a_clean_upstream_answer_is_not_reported(
    drifting: Drifting, tmp_path: Path, upstream_client_kind: str
) -> None:
    upstream, _ = drifting
    with proxy_to(upstream, tmp_path, client=upstream_client_kind) as proxy:
        assert _get(proxy.url, "/sms/211").status_code == 200
        assert _get(proxy.url, "/sms/reference/ext19").status_code == 200
    assert violations(tmp_path) == []


def test_the_summary_counts_requests_and_violations_per_operation(
    drifting: Drifting, tmp_path: Path, upstream_client_kind: str
) -> None:
    upstream, _ = drifting
    with proxy_to(upstream, tmp_path, client=upstream_client_kind) as proxy:
        for path in ("/sms/211", "/sms/1", "/sms/2", "/sms/task/1"):
            _get(proxy.url, path)
    summary = proxy.log.summary().splitlines()
    assert summary[0].split() == ["operation", "requests", "violations", "failures"]
    rows = {line.split()[0]: line.split()[1:] for line in summary[1:]}
    assert rows["getSmsById"] == ["3", "2", "0"]
    assert rows["getTaskById"] == ["1", "1", "0"]
    assert rows["total"] == ["4", "3", "0"]


def test_a_slow_upstream_becomes_the_specs_504(
    drifting: Drifting, tmp_path: Path, upstream_client_kind: str
) -> None:
    upstream, _ = drifting
    with proxy_to(
        upstream,
        tmp_path,
        limits=ProxyLimits(timeout=0.5),
        client=upstream_client_kind,
    ) as proxy:
        response = _get(proxy.url.removesuffix("/rest"), SLOW_PATH)
    assert response.status_code == 504
    assert response.json() == {"code": 504, "message": "Gateway timeout"}
    (line,) = report_lines(tmp_path)
    assert (line["kind"], line["status"], line["path"]) == ("upstream-failure", 504, SLOW_PATH)


def test_a_dead_upstream_becomes_the_specs_502(tmp_path: Path, upstream_client_kind: str) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with proxy_to(f"http://127.0.0.1:{port}/rest", tmp_path, client=upstream_client_kind) as proxy:
        response = _get(proxy.url, "/sms/task/77")
    assert response.status_code == 502
    assert response.json() == {"code": 502, "message": "Bad gateway"}
    (line,) = report_lines(tmp_path)
    assert (line["kind"], line["operation"]) == ("upstream-failure", "getTaskById")
    assert "connect" in line["message"].lower()


def test_an_upstream_body_over_the_bound_becomes_a_502(
    tmp_path: Path, upstream_client_kind: str
) -> None:
    app = DriftingUpstream(huge_bytes=64 * 1024)
    with (
        run_in_thread(app) as root,
        proxy_to(
            root + "/rest",
            tmp_path,
            limits=ProxyLimits(max_response_body=16 * 1024),
            client=upstream_client_kind,
        ) as proxy,
    ):
        response = _get(proxy.url.removesuffix("/rest"), HUGE_PATH)
    assert response.status_code == 502
    assert "over 16384 bytes" in report_lines(tmp_path)[0]["message"]


def test_a_request_body_over_the_bound_is_refused_and_not_forwarded(
    drifting: Drifting, tmp_path: Path, upstream_client_kind: str
) -> None:
    upstream, app = drifting
    with proxy_to(
        upstream,
        tmp_path,
        limits=ProxyLimits(max_request_body=1024),
        client=upstream_client_kind,
    ) as proxy:
        response = httpx.post(proxy.url + "/sms/211", content=b"x" * 4096, timeout=10)
    assert response.status_code == 413
    assert app.seen == []


def test_redirects_go_back_to_the_client_and_the_key_goes_nowhere_else(
    tmp_path: Path, upstream_client_kind: str
) -> None:
    elsewhere = DriftingUpstream()
    with run_in_thread(elsewhere) as other:
        app = DriftingUpstream(redirect_to=other + "/rest/sms/211")
        with (
            run_in_thread(app) as root,
            proxy_to(root + "/rest", tmp_path, client=upstream_client_kind) as proxy,
        ):
            response = _get(proxy.url.removesuffix("/rest"), REDIRECT_PATH)
    assert response.status_code == 302
    assert response.headers["location"] == other + "/rest/sms/211"
    assert elsewhere.seen == []
    ((_, headers, _),) = app.seen
    assert (b"x-api-key", KEY.encode()) in headers


def test_request_headers_and_body_reach_the_upstream(
    drifting: Drifting, tmp_path: Path, upstream_client_kind: str
) -> None:
    upstream, app = drifting
    with proxy_to(upstream, tmp_path, client=upstream_client_kind) as proxy:
        httpx.get(
            proxy.url + "/sms/211?lang=en",
            headers={"X-API-KEY": KEY, "X-Trace": "t-1", "Accept": "application/json"},
            timeout=10,
        )
    ((path, headers, body),) = app.seen
    assert path == "/rest/sms/211"
    sent = dict(headers)
    assert sent[b"x-api-key"] == KEY.encode()
    assert sent[b"x-trace"] == b"t-1"
    assert sent[b"accept"] == b"application/json"
    assert sent[b"host"] == upstream.split("/")[2].encode()
    assert body == b""


def test_the_key_is_written_nowhere(
    drifting: Drifting, tmp_path: Path, upstream_client_kind: str
) -> None:
    upstream, _ = drifting
    with proxy_to(upstream, tmp_path, style_check=True, client=upstream_client_kind) as proxy:
        response = _get(proxy.url.removesuffix("/rest"), ECHO_KEY_PATH)
        _get(proxy.url, "/sms/211")
    assert KEY in response.text  # the upstream_client_kind gets the upstream's body untouched...
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" for p in written)
    for path in written:  # ...but no file the proxy wrote carries the key
        assert KEY not in path.read_text("utf-8"), path
    assert KEY not in proxy.log.summary()
    (line,) = violations(tmp_path)
    assert line["pointer"] == "/id"
    assert "***" in line["message"]


def test_style_check_names_the_closest_mock_style(
    drifting: Drifting, tmp_path: Path, upstream_client_kind: str
) -> None:
    upstream, _ = drifting
    with proxy_to(upstream, tmp_path, style_check=True, client=upstream_client_kind) as proxy:
        _get(proxy.url, "/sms/211")  # numbers as numbers, vendor datetimes
    style = proxy.log.style
    assert style is not None
    assert dict(style.seen["Sms.id"]) == {"number": 1}
    assert dict(style.seen["Sms.time_in"]) == {"vendor": 1}
    # error, id, msisdn and price as numbers: canonical; the vendor datetime: not
    assert style.closest() == ("canonical", 4 / 5)
    (line,) = [entry for entry in report_lines(tmp_path) if entry["kind"] == "style"]
    assert line["closest"] == "canonical"
    assert "closest mock style: canonical" in proxy.log.summary()


def test_a_client_that_drips_its_body_gets_a_408(drifting: Drifting, tmp_path: Path) -> None:
    upstream, app = drifting

    def dripping() -> Iterator[bytes]:
        yield b"x"
        time.sleep(2)  # past the proxy's 0.5 s
        yield b"y"

    with proxy_to(upstream, tmp_path, limits=ProxyLimits(timeout=0.5)) as proxy:
        response = httpx.post(proxy.url + "/sms/211", content=dripping(), timeout=10)
    assert response.status_code == 408
    assert app.seen == []
