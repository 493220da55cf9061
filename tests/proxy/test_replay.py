"""Replay: recordings become the mock's records (`MockCore(fixtures=...)`, `WwtMock`, the
fixture's marker, `serve --fixtures`), and a recording that breaks the contract is refused at
load with its file and a pointer into it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.keys import KEY
from wwt_sms_mock import FixtureError, MockCore, WwtMock, serve_in_thread

from .harness import proxy_to

RECORDED = Path(__file__).parent / "recorded"
HEADERS = [(b"x-api-key", KEY.encode())]


def _body(core: MockCore, path: str) -> tuple[int, Any]:
    reply = core.handle("GET", core.base_path + path, HEADERS)
    return reply.status, json.loads(reply.body)


@pytest.mark.network
@pytest.mark.parametrize("style", ["canonical", "vendor"])
def test_what_the_proxy_records_the_mock_replays_the_same(style: str, tmp_path: Path) -> None:
    paths = ["/sms/211", "/sms/213", "/sms/9007199254740993", "/sms/reference/ext19"]
    paths += ["/sms/task/77", "/sms/999999", "/sms/abc"]
    with serve_in_thread(style=style) as mock, proxy_to(mock, tmp_path) as proxy:
        answers = {p: httpx.get(proxy.url + p, headers={"X-API-KEY": KEY}) for p in paths}
    replay = MockCore(fixtures=tmp_path / "recorded", demo=False, style=style, self_check=True)
    for path, answer in answers.items():
        if answer.status_code == 200 and str(answer.json()["error"]) == "0":
            assert _body(replay, path) == (200, answer.json()), path
    assert len(replay.store.messages) == 3
    assert len(replay.store.tasks) == 1


def test_recordings_load_with_their_values_in_the_mocks_style() -> None:
    core = MockCore(fixtures=RECORDED, self_check=True, style="canonical")
    status, sms = _body(core, "/sms/5550001")
    assert status == 200
    assert sms["id"] == 5550001
    assert sms["msisdn"] == 380501234567
    assert sms["price"] == 0.041
    assert (sms["time_sent"], sms["time_dr"]) == ("2026-11-30T09:59:59+00:00", None)
    assert _body(core, "/sms/reference/rec42") == (200, sms)
    status, task = _body(core, "/sms/task/88001")
    assert (task["sent"], task["delivered"], task["undeliverable"]) == (3, 2, 1)
    assert task["totalprice"] == 0.123
    assert "total" not in task  # the recording had no total: the mock does not invent one
    assert _body(core, "/sms/211")[0] == 200  # demo records stay beside them
    core.advance(3600)  # recorded records do not move on with the clock
    assert _body(core, "/sms/5550001") == (200, sms)
    core.reset()
    assert _body(core, "/sms/5550001") == (200, sms)


def test_wwt_mock_loads_fixtures() -> None:
    with WwtMock(fixtures=RECORDED, demo=False, style="canonical") as mock:
        response = httpx.get(mock.base_url + "/sms/5550001", headers={"X-API-KEY": KEY})
        assert response.json()["reference"] == "rec42"
        assert httpx.get(mock.base_url + "/sms/211", headers={"X-API-KEY": KEY}).status_code == 404


@pytest.mark.wwt_mock(fixtures="recorded", style="vendor")
def test_the_fixture_marker_loads_fixtures_next_to_the_test(wwt_mock: WwtMock) -> None:
    response = httpx.get(wwt_mock.base_url + "/sms/task/88001", headers={"X-API-KEY": KEY})
    assert response.json()["originator"] == "shop"
    assert response.json()["sent"] == "3"


def _broken(tmp_path: Path, edit: Any, name: str = "5550001.200.0a1b2c3d4e5f6071.json") -> Path:
    target = tmp_path / "recorded"
    shutil.copytree(RECORDED, target)
    path = target / "getSmsById" / name
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("edit", "pointer", "words"),
    [
        (lambda d: d["body"].update(price="cheap"), "/body/price", "fits none of"),
        (lambda d: d["body"].pop("msisdn"), "/body/msisdn", "required"),
        (lambda d: d["body"].update(time_in="yesterday"), "/body/time_in", "does not match"),
        (lambda d: d.update(status=418), "/status", "not a status declared"),
        (lambda d: d.update(operation="getBalance"), "/operation", "unknown operation"),
        (lambda d: d.pop("body"), "/body", "no JSON body"),
    ],
)
def test_a_recording_that_breaks_the_contract_is_refused_with_file_and_pointer(
    tmp_path: Path, edit: Any, pointer: str, words: str
) -> None:
    path = _broken(tmp_path, edit)
    with pytest.raises(FixtureError) as caught:
        MockCore(fixtures=path.parent.parent)
    (problem,) = caught.value.problems
    assert (problem.path, problem.pointer) == (path, pointer)
    assert words in problem.message
    assert f"{path}: {pointer}: " in str(caught.value)


def test_files_that_are_not_recordings_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{not json")
    (tmp_path / "b.json").write_text("[1, 2]")
    with pytest.raises(FixtureError) as caught:
        MockCore(fixtures=tmp_path)
    assert [(p.path.name, p.pointer) for p in caught.value.problems] == [
        ("a.json", ""),
        ("b.json", ""),
    ]
    with pytest.raises(FixtureError, match="not a directory"):
        MockCore(fixtures=tmp_path / "missing")


def test_a_recording_the_schema_allows_but_no_calendar_has_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["body"].update(time_in="2026-02-30 10:00:00"))
    with pytest.raises(FixtureError) as caught:
        MockCore(fixtures=path.parent.parent)
    (problem,) = caught.value.problems
    assert (problem.path, problem.pointer) == (path, "/body")
    assert "cannot become a record" in problem.message


def test_a_recording_over_the_size_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wwt_sms_mock._core import fixtures as _fixtures

    monkeypatch.setattr(_fixtures, "MAX_FILE_BYTES", 100)
    with pytest.raises(FixtureError, match="file over 100 bytes"):
        MockCore(fixtures=RECORDED)
