"""The proxy's parts on their own: upstream URLs it refuses, bodies it decodes to check them,
the bounds of its report and recordings, and answers it makes itself."""

from __future__ import annotations

import gzip
import json
import socket
import zlib
from pathlib import Path

import httpx
import pytest

from tests.keys import KEY
from wwt_sms_mock._contract.check import ContractChecker, Located
from wwt_sms_mock._contract.compile import load_spec
from wwt_sms_mock._proxy.app import ProxyApp, ProxyLimits, _decoded
from wwt_sms_mock._proxy.report import Exchange, ProxyLog, Recorder, Report
from wwt_sms_mock._proxy.style_check import StyleCheck
from wwt_sms_mock._proxy.upstream import UpstreamLimits, open_upstream

from .harness import proxy_to, report_lines
from .upstream import ANSWERS, CHUNKED_PATH, DriftingUpstream

SPEC = load_spec()
OPERATION = next(op for op in SPEC.operations if op.operation_id == "getSmsById")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.test/rest",
        "http:///rest",
        "https://user:pw@example.test/rest",
        "https://example.test/rest?x=1",
        "https://example.test/rest#top",
    ],
)
def test_upstreams_that_are_not_plain_base_urls_are_refused(url: str) -> None:
    log = ProxyLog(SPEC.key_header)
    with pytest.raises(ValueError, match="upstream must be"):
        ProxyApp(url, ContractChecker(SPEC), log)


def test_an_unknown_upstream_client_is_refused() -> None:
    with pytest.raises(ValueError, match="client must be one of"):
        open_upstream("http://127.0.0.1:1", UpstreamLimits(), "curl")


@pytest.mark.parametrize(
    ("encoding", "body", "location", "words"),
    [
        (b"deflate", zlib.compress(b'{"a": 1}'), None, ""),
        (b"gzip", gzip.compress(b'{"a": 1}'), None, ""),
        (b"br", b"\x8b\x03\x80", "content-type", "not validated"),
        (b"gzip", b"not gzip at all", "body", "gzip body"),
        (b"gzip", gzip.compress(b" " * 4096), "body", "over 1024 bytes once decoded"),
    ],
)
def test_encoded_bodies_are_decoded_for_checking_within_the_bound(
    encoding: bytes, body: bytes, location: str | None, words: str
) -> None:
    limits = ProxyLimits(max_response_body=1024)
    decoded, problem = _decoded([(b"Content-Encoding", encoding)], body, limits)
    if location is None:
        assert (json.loads(decoded), problem) == ({"a": 1}, None)
    else:
        assert problem is not None
        assert (problem.location, decoded) == (location, b"")
        assert words in problem.message


def _exchange(status: int = 200, body: bytes = b"{}", **params: str) -> Exchange:
    headers = [(b"x-api-key", KEY.encode())]
    located = Located(OPERATION, params or {"id": "211"})
    return Exchange("GET", "/rest/sms/211", located, headers, status, [], body=body)


def test_the_report_stops_at_its_limit_and_says_how_many_it_dropped(tmp_path: Path) -> None:
    report = Report(tmp_path / "r.jsonl", limit=2)
    log = ProxyLog(SPEC.key_header, report=report)
    for _ in range(5):
        exchange = _exchange()
        exchange.violations += ContractChecker(SPEC).check_response(OPERATION, "GET", 418, [], b"")
        log.observe(exchange)
    log.close()
    lines = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [line["kind"] for line in lines] == ["violation", "violation", "truncated"]
    assert lines[-1]["dropped"] == 3
    assert "report full: 3 more violations not written" in log.summary()


def test_recordings_stop_at_their_limit_and_keep_one_file_per_distinct_answer(
    tmp_path: Path,
) -> None:
    recorder = Recorder(tmp_path, limit=2)
    log = ProxyLog(SPEC.key_header, recorder=recorder)
    for body in (b'{"a":1}', b'{"a":1}', b'{"a":2}', b'{"a":3}', b"<html>"):
        log.observe(_exchange(body=body))
    files = sorted(p.name for p in tmp_path.rglob("*.json"))
    assert len(files) == 2
    assert all(name.startswith("211.200.") for name in files)
    assert (recorder.written, recorder.skipped) == (2, 2)
    assert "recording limit reached: 2 not recorded" in log.summary()


def test_an_unsafe_parameter_value_becomes_a_hashed_file_name(tmp_path: Path) -> None:
    log = ProxyLog(SPEC.key_header, recorder=Recorder(tmp_path))
    log.observe(_exchange(body=b"<html>", id="../../etc/passwd"))
    (path,) = tmp_path.rglob("*.json")
    assert path.parent == tmp_path / "getSmsById"
    assert path.name.startswith("_")
    assert json.loads(path.read_text())["body_text"] == "<html>"


def test_the_style_check_ignores_what_it_cannot_read() -> None:
    style = StyleCheck(SPEC)
    assert style.summary_lines() == ["style check: no JSON bodies of the API's shape seen"]
    style.observe(None, 200, b'{"error": 0}')
    style.observe(OPERATION, 200, b"<html>")
    style.observe(OPERATION, 502, b'{"code": 502, "message": "Bad gateway"}')
    assert style.seen == {}
    assert style.closest() is None


@pytest.mark.network
def test_a_chunked_answer_reaches_the_client_whole_with_a_length(tmp_path: Path) -> None:
    from wwt_sms_mock._faces.server import run_in_thread

    with run_in_thread(DriftingUpstream()) as root, proxy_to(root + "/rest", tmp_path) as proxy:
        response = httpx.get(
            proxy.url.removesuffix("/rest") + CHUNKED_PATH, headers={"X-API-KEY": KEY}
        )
    assert response.content == ANSWERS["/rest/sms/211"][2]
    assert response.headers["content-length"] == str(len(response.content))
    assert report_lines(tmp_path) == []


@pytest.mark.network
def test_off_the_base_path_the_proxy_answers_itself(tmp_path: Path) -> None:
    from wwt_sms_mock._faces.server import run_in_thread

    upstream = DriftingUpstream()
    with run_in_thread(upstream) as root, proxy_to(root + "/rest", tmp_path) as proxy:
        response = httpx.get(proxy.url.removesuffix("/rest") + "/admin", headers={"X-API-KEY": KEY})
    assert (response.status_code, response.json()) == (404, {"code": 404, "message": "Not found"})
    assert upstream.seen == []
    (line,) = report_lines(tmp_path)
    assert (line["side"], line["location"]) == ("request", "path")


@pytest.mark.network
def test_off_the_spec_a_dead_upstream_gets_the_gateway_shape(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with proxy_to(f"http://127.0.0.1:{port}/rest", tmp_path) as proxy:
        response = httpx.get(proxy.url + "/balance", headers={"X-API-KEY": KEY})
    assert (response.status_code, response.json()) == (502, {"code": 502, "message": "Bad gateway"})


def test_a_request_with_a_body_where_the_operation_takes_none_is_reported() -> None:
    checker = ContractChecker(SPEC)
    located, found = checker.check_request("GET", "/rest/sms/211", [(b"X-Api-Key", b"k")], b"{}")
    assert located.operation == OPERATION
    assert [(v.side, v.location) for v in found] == [("request", "body")]


def test_json_with_nan_is_not_json() -> None:
    (violation,) = ContractChecker(SPEC).check_response(
        OPERATION, "GET", 200, [(b"content-type", b"application/json")], b'{"price": NaN}'
    )
    assert (violation.location, violation.pointer) == ("body", "")
    assert "NaN is not a JSON number" in violation.message
