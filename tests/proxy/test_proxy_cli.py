"""`wwt-sms-mock proxy` and `serve --fixtures` as real subprocesses: readiness line, a report
and recordings on disk, the summary on SIGINT or SIGTERM, and clear refusals."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import httpx
import pytest

from tests import launcher
from tests.keys import KEY
from wwt_sms_mock import serve_in_thread
from wwt_sms_mock._cli import main

pytestmark = pytest.mark.network
RECORDED = Path(__file__).parent / "recorded"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_the_proxy_reports_records_and_sums_up_on_exit(sig: signal.Signals, tmp_path: Path) -> None:
    report, recorded = tmp_path / "report.jsonl", tmp_path / "recorded"
    with serve_in_thread() as mock:
        arguments = ["proxy", "--upstream", mock, "--report", str(report)]
        arguments += ["--record", str(recorded), "--style-check"]
        with launcher.wwt_sms_mock(*arguments) as proxy:
            assert proxy.url.endswith("/rest")
            for path in ("/sms/211", "/sms/abc", "/sms/task/77"):
                httpx.get(proxy.url + path, headers={"X-API-KEY": KEY}, timeout=10)
            finished = proxy.finish(sig, seconds=20)
    out, err = finished.stdout, finished.stderr
    assert finished.returncode == 0, err
    assert "Traceback" not in err
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isalpha()}
    assert rows["getSmsById"] == ["2", "1", "0"]
    assert rows["getTaskById"] == ["1", "0", "0"]
    # The mock upstream speaks its default style: the check names it, at 100%.
    assert f"closest mock style: {mock.mock.style.name} (100% of the forms seen)" in out
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert [(x["kind"], x.get("pointer")) for x in lines] == [("violation", "/id"), ("style", None)]
    assert sorted(p.name.split(".")[0] for p in recorded.rglob("*.json")) == ["211", "77", "abc"]
    for text in [out, err, report.read_text(), *(p.read_text() for p in recorded.rglob("*.json"))]:
        assert KEY not in text


def test_serve_replays_fixtures(tmp_path: Path) -> None:
    with launcher.wwt_sms_mock("serve", "--fixtures", str(RECORDED)) as mock:
        data = httpx.get(mock.url + "/sms/5550001", headers={"X-API-KEY": KEY}, timeout=10).json()
        assert mock.finish(signal.SIGTERM).returncode == 0
    assert data["reference"] == "rec42"


def test_refusals_are_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.json").write_text('{"operation": "getSmsById", "status": 200, "body": {}}')
    assert main(["serve", "--fixtures", str(tmp_path)]) == 2
    assert f"{tmp_path / 'bad.json'}: /body" in capsys.readouterr().err
    assert main(["proxy", "--upstream", "ftp://example.test"]) == 2
    assert "http(s) URL" in capsys.readouterr().err
    assert main(["proxy", "--upstream", "http://127.0.0.1:9/rest", "--timeout", "0"]) == 2
    assert "--timeout" in capsys.readouterr().err
    missing = tmp_path / "no" / "such" / "report.jsonl"
    assert main(["proxy", "--upstream", "http://127.0.0.1:9", "--report", str(missing)]) == 2
    assert "No such file" in capsys.readouterr().err
