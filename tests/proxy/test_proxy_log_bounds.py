"""What the proxy keeps of hostile answers: the key never shown, even in part; bounded tallies,
verdicts and violation lists; recordings with the upstream's exact numbers; and checks that
run off the event loop, after the client has its answer."""

from __future__ import annotations

import json
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from wwt_sms_mock import serve_in_thread
from wwt_sms_mock._contract import check as check_module
from wwt_sms_mock._contract.check import MAX_VIOLATIONS, ContractChecker, Located, Violation
from wwt_sms_mock._contract.compile import load_spec
from wwt_sms_mock._proxy.report import SHOWN_CHARS, Exchange, ProxyLog, Recorder, Report
from wwt_sms_mock._proxy.style_check import StyleCheck

SPEC = load_spec()
OPERATION = next(op for op in SPEC.operations if op.operation_id == "getSmsById")
SECRET = "live_key_abcdefghijklmnopqrstuvwxyz0123456789"
HEADERS = [(SPEC.key_header.lower().encode(), SECRET.encode())]
JSON = [(b"content-type", b"application/json")]
HANG_BOUND = 30.0  # seconds: bounds a hang only


def _exchange(violations: list[Violation], body: bytes | None = None) -> Exchange:
    located = Located(OPERATION, {"id": "211"})
    return Exchange("GET", "/rest/sms/211", located, HEADERS, 200, violations, JSON, body)


@pytest.mark.parametrize("cut_at", [0, 10, 30, len(SECRET) - 1])
def test_a_cut_never_leaves_part_of_the_key_in_the_report(tmp_path: Path, cut_at: int) -> None:
    # The key starts `cut_at` characters before the point where the report cuts.
    message = "x" * (SHOWN_CHARS - 1 - cut_at) + SECRET + " and more"
    log = ProxyLog(SPEC.key_header, report=Report(tmp_path / "report.jsonl"))
    log.observe(_exchange([Violation("response", "body", "/msisdn", message)]))
    log.close()
    (line,) = (tmp_path / "report.jsonl").read_text().splitlines()
    shown = json.loads(line)["message"]
    assert len(shown) <= SHOWN_CHARS
    assert SECRET[:8] not in shown
    assert "***" in shown or len(shown) == SHOWN_CHARS


def test_the_style_check_never_tallies_an_echoed_key_and_stays_small(tmp_path: Path) -> None:
    style = StyleCheck(SPEC)
    for n in range(3000):
        body = json.dumps({"error": f"{SECRET}-{n}", "errorDescription": "echo"}).encode()
        style.observe(OPERATION, 200, body)
    style.observe(OPERATION, 200, json.dumps({"error": "20", "errorDescription": "x"}).encode())
    log = ProxyLog(SPEC.key_header, report=Report(tmp_path / "report.jsonl"), style=style)
    log.close()
    shown = "\n".join([*style.summary_lines(), (tmp_path / "report.jsonl").read_text()])
    assert SECRET[:8] not in shown
    assert "errors(unlisted)" in shown
    assert "errors(20)" in shown
    assert len(style.seen) < 20


def test_violations_stop_at_their_bound_with_a_note() -> None:
    checker = ContractChecker(SPEC)
    mass = next(op for op in SPEC.operations if op.operation_id == "getSmsStatuses")
    wrong = {"id": "x", "msisdn": [], "status": 1, "price": {}, "currency": 7}
    body = json.dumps({"result": [wrong] * 1000}).encode()
    found = checker.check_response(mass, "POST", 200, JSON, body)
    assert len(found) == MAX_VIOLATIONS + 1
    assert found[-1].message == f"more than {MAX_VIOLATIONS} violations: the rest are not listed"


def test_the_verdict_cache_holds_digests_and_tells_headers_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checker = ContractChecker(SPEC)
    body = json.dumps({"error": 0, "id": 211, "pad": "p" * 100_000}).encode()
    as_json = checker.check_response(OPERATION, "GET", 200, JSON, body)
    as_text = checker.check_response(
        OPERATION, "GET", 200, [(b"content-type", b"text/plain")], body
    )
    assert [v.location for v in as_text] == ["content-type"]
    assert [v.location for v in as_json] != ["content-type"]
    keys = list(checker._verdicts._verdicts)
    assert len(keys) == 2
    assert all(len(key[-1]) == 20 for key in keys)  # a digest, not the 100 kB body
    # Full, the cache starts again instead of growing; a verdict over the whole character
    # budget is not kept at all.
    monkeypatch.setattr(check_module, "_VERDICT_CACHE", 2)
    checker.check_response(OPERATION, "GET", 200, JSON, body + b" ")
    assert len(checker._verdicts) == 1
    monkeypatch.setattr(check_module, "_VERDICT_CACHE_CHARS", 1)
    assert checker.check_response(OPERATION, "GET", 200, [], body)  # a content-type violation
    assert len(checker._verdicts) == 1


def test_recordings_keep_the_upstreams_exact_numbers(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path)
    text = (
        b'{"error": 0, "id": 211, "price": 0.1234567890123456789, "big": 1e400,'
        b' "amount": 123456789012345678901234567890.5, "name": "\\ud800"}'
    )
    recorder.record(_exchange([], body=text), SECRET)
    (path,) = (tmp_path / "getSmsById").glob("*.json")
    written = path.read_text("ascii")
    assert "0.1234567890123456789" in written
    assert "1E+400" in written
    assert "123456789012345678901234567890.5" in written
    body = json.loads(written, parse_float=Decimal)["body"]
    assert body["price"] == Decimal("0.1234567890123456789")
    assert body["name"] == "\ud800"
    assert list(tmp_path.rglob("*.part")) == []


def test_a_recording_that_cannot_be_written_is_counted_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "getSmsById").write_text("a file where the folder should be")
    recorder = Recorder(tmp_path)
    log = ProxyLog(SPEC.key_header, recorder=recorder)
    log.observe(_exchange([], body=b'{"error": 0, "id": 211}'))
    assert recorder.written == 0
    assert len(recorder.failed) == 1
    assert "not recorded:" in log.summary()
    assert list(tmp_path.rglob("*.part")) == []


def test_checks_run_off_the_event_loop_after_the_answer_is_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .harness import proxy_to

    release = threading.Event()
    threads: list[str] = []
    original = ContractChecker.check_response

    def held_check(self: ContractChecker, *args: Any) -> Any:
        threads.append(threading.current_thread().name)
        assert release.wait(HANG_BOUND), "the test never released the check"
        return original(self, *args)

    monkeypatch.setattr(ContractChecker, "check_response", held_check)
    key = {SPEC.key_header: SECRET}
    with serve_in_thread() as mock, proxy_to(mock, tmp_path) as proxy:
        with httpx.Client(timeout=HANG_BOUND) as first, httpx.Client(timeout=HANG_BOUND) as other:
            # Both answers arrive while the first check is still held: neither the answer nor
            # the event loop waits for a check.
            assert first.get(proxy.url + "/sms/211", headers=key).status_code == 200
            assert other.get(proxy.url + "/sms/213", headers=key).status_code == 200
            assert not release.is_set()
        release.set()
    assert threads
    assert all(name.startswith("wwt-proxy-checks") for name in threads)
    assert sum(t.requests for t in proxy.log.tallies.values()) == 2


def test_a_check_that_raises_still_reaches_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .harness import proxy_to, report_lines

    def broken(self: ContractChecker, *args: Any) -> Any:
        raise RecursionError("maximum recursion depth exceeded " + SECRET)

    monkeypatch.setattr(ContractChecker, "check_response", broken)
    with serve_in_thread() as mock, proxy_to(mock, tmp_path) as proxy:
        answer = httpx.get(proxy.url + "/sms/211", headers={SPEC.key_header: SECRET})
        assert answer.status_code == 200
    (line,) = [line for line in report_lines(tmp_path) if line["kind"] == "violation"]
    assert "could not check this exchange: RecursionError" in line["message"]
    assert SECRET not in json.dumps(line)
    assert sum(t.requests for t in proxy.log.tallies.values()) == 1
