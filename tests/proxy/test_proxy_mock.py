"""The proxy in front of our own mock, over real loopback HTTP: in every wire style the mock
offers, the client gets exactly what the mock sends, and the proxy finds nothing to report
about the mock's answers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import wwt_sms
from tests.keys import KEY
from wwt_sms_mock import serve_in_thread
from wwt_sms_mock._proxy.style_check import mock_styles

from .harness import proxy_to, report_lines, violations

pytestmark = pytest.mark.network

# (method, path under the base path, extra headers): requests the contract allows
ON_CONTRACT = [
    ("GET", "/sms/211", {}),
    ("GET", "/sms/212", {}),
    ("GET", "/sms/9007199254740993", {}),
    ("GET", "/sms/999999", {}),
    ("GET", "/sms/reference/ext19", {}),
    ("GET", "/sms/reference/nosuchref", {}),
    ("GET", "/sms/task/77", {}),
    ("GET", "/sms/task/424242", {}),
    ("HEAD", "/sms/211", {}),
    ("GET", "/sms/211", {"Prefer": "code=429, retry-after=7"}),
    ("GET", "/sms/211", {"Prefer": "code=503"}),
    ("GET", "/sms/task/77", {"Prefer": "code=500"}),
    ("GET", "/sms/reference/ext19", {"Prefer": "error=27"}),
    ("GET", "/sms/211", {"Prefer": "example=vendor"}),
]
# requests the contract refuses: the proxy reports the request, never the mock's answer
OFF_CONTRACT = [
    ("GET", "/sms/abc", {}, "/id"),
    ("GET", "/sms/reference/" + "x" * 60, {}, "/reference"),
    ("GET", "/nowhere", {}, ""),
    ("POST", "/sms/211", {}, ""),
    ("GET", "/sms/211", {"X-API-KEY": ""}, "/x-api-key"),
]


def _call(
    http: httpx.Client, base: str, method: str, path: str, extra: dict[str, str]
) -> httpx.Response:
    headers = {"X-API-KEY": KEY, **extra}
    if headers["X-API-KEY"] == "":
        del headers["X-API-KEY"]
    return http.request(method, base + path, headers=headers)


def _same(direct: httpx.Response, proxied: httpx.Response) -> None:
    assert proxied.status_code == direct.status_code
    assert proxied.content == direct.content
    # The Date header is the mock's own in both, but may tick between the two calls.
    kept = [h for h in direct.headers.raw if h[0].lower() != b"date"]
    assert [h for h in proxied.headers.raw if h[0].lower() != b"date"] == kept


@pytest.mark.parametrize("style", list(mock_styles()))
def test_every_answer_passes_unchanged_and_clean(
    style: str, tmp_path: Path, http: httpx.Client
) -> None:
    with serve_in_thread(style=style) as mock, proxy_to(mock, tmp_path) as proxy:
        for method, path, extra in ON_CONTRACT:
            direct = _call(http, mock, method, path, extra)
            _same(direct, _call(http, proxy.url, method, path, extra))
        for method, path, extra, _ in OFF_CONTRACT:
            direct = _call(http, mock, method, path, extra)
            _same(direct, _call(http, proxy.url, method, path, extra))
    # Read once the proxy has stopped: it checks each answer after sending it.
    found = violations(tmp_path)
    assert [(v["side"], v["pointer"]) for v in found] == [("request", p) for *_, p in OFF_CONTRACT]
    assert {v["path"] for v in found} == {"/rest" + path for _, path, _, _ in OFF_CONTRACT}
    tallies = proxy.log.tallies
    assert sum(t.requests for t in tallies.values()) == len(ON_CONTRACT) + len(OFF_CONTRACT)
    assert sum(t.failures for t in tallies.values()) == 0


def test_the_sdk_reads_the_same_through_the_proxy(tmp_path: Path) -> None:
    with serve_in_thread() as mock, proxy_to(mock, tmp_path) as proxy:
        with wwt_sms.Client(KEY, base_url=mock) as direct:
            expected = (
                direct.sms.get(211),
                direct.sms.get_by_reference("ext19"),
                direct.tasks.get(77),
            )
        with wwt_sms.Client(KEY, base_url=proxy.url) as through:
            got = (
                through.sms.get(211),
                through.sms.get_by_reference("ext19"),
                through.tasks.get(77),
            )
    assert got == expected
    assert violations(tmp_path) == []


@pytest.mark.parametrize("fault", ["reset", "drop"])
def test_an_upstream_that_hangs_up_becomes_the_specs_502(
    fault: str, tmp_path: Path, http: httpx.Client
) -> None:
    with serve_in_thread() as mock, proxy_to(mock, tmp_path) as proxy:
        response = _call(http, proxy.url, "GET", "/sms/211", {"Prefer": f"fault={fault}"})
    assert response.status_code == 502
    assert response.json() == {"code": 502, "message": "Bad gateway"}
    (failure,) = [line for line in report_lines(tmp_path) if line["kind"] == "upstream-failure"]
    assert failure["operation"] == "getSmsById"
    assert failure["status"] == 502
    assert proxy.log.tallies["getSmsById"].failures == 1
