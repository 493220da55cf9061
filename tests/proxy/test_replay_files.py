"""Replay reads only what is a recording: hostile folder entries and strict JSON.

Each refusal is a `FixtureError` naming the file, reached in bounded time (a FIFO, a link to
`/dev/zero`), and nothing is skipped silently. `skip_invalid=True` serves what fits and names
what it skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

from wwt_sms_mock import FixtureError, FixtureWarning, MockCore, WwtMock
from wwt_sms_mock import _cli as mock_cli
from wwt_sms_mock._core import fixtures as fixtures_module

RECORDED = Path(__file__).parent / "recorded"
GOOD = RECORDED / "getSmsById" / "5550001.200.0a1b2c3d4e5f6071.json"
HANG_BOUND = 30.0  # seconds: only bounds a hang, never measures speed


def _load_in_thread(directory: Path, **options: Any) -> BaseException | MockCore:
    """Build a core from `directory` in a thread that must finish within HANG_BOUND."""
    outcome: list[BaseException | MockCore] = []

    def load() -> None:
        try:
            outcome.append(MockCore(fixtures=directory, demo=False, **options))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(HANG_BOUND)
    assert not worker.is_alive(), "loading the recordings did not finish"
    return outcome[0]


def _refusal(directory: Path) -> list[tuple[str, str]]:
    outcome = _load_in_thread(directory)
    assert isinstance(outcome, FixtureError), outcome
    return [(p.path.name, p.message) for p in outcome.problems]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "recorded"
    shutil.copytree(RECORDED, target)
    return target


def test_a_fifo_named_like_a_recording_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.json")
    (problem,) = _refusal(tmp_path)
    assert problem[0] == "x.json"
    assert "not a regular file" in problem[1]


def test_links_are_never_followed_and_always_named(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    (target / "zero.json").symlink_to("/dev/zero")
    (target / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (target / "linked-folder").symlink_to(RECORDED / "getTaskById", target_is_directory=True)
    (target / "notes.txt").symlink_to(GOOD)  # not named like a recording: ignored
    refused = _refusal(target)
    assert sorted(name for name, _ in refused) == ["dangling.json", "linked-folder", "zero.json"]
    assert all("symbolic link" in message for _, message in refused)


def test_a_folder_named_like_a_recording_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.json").mkdir()
    (problem,) = _refusal(tmp_path)
    assert problem[0] == "x.json"
    assert "not a regular file" in problem[1]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        ("[" * 40 + "]" * 40, "nested more than"),
        ('{"operation": "getSmsById", "operation": "getTaskById"}', "'operation' appears more"),
        ('{"price": NaN}', "NaN is not a JSON number"),
        ('{"price": -Infinity}', "-Infinity is not a JSON number"),
        (b"\xff\xfe{}", "not UTF-8 JSON"),
    ],
)
def test_json_that_is_not_a_recording_is_refused_with_its_reason(
    tmp_path: Path, text: str | bytes, words: str
) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    (problem,) = _refusal(tmp_path)
    assert problem[0] == "x.json"
    assert words in problem[1]


def test_the_size_bound_holds_at_its_exact_edge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = GOOD.stat().st_size
    monkeypatch.setattr(fixtures_module, "MAX_FILE_BYTES", size)
    assert isinstance(_load_in_thread(RECORDED / "getSmsById"), MockCore)
    monkeypatch.setattr(fixtures_module, "MAX_FILE_BYTES", size - 1)
    assert ("5550001.200.0a1b2c3d4e5f6071.json", f"file over {size - 1} bytes") in _refusal(
        RECORDED / "getSmsById"
    )


def _with_one_bad_file(tmp_path: Path) -> tuple[Path, Path]:
    target = _copy(tmp_path)
    bad = target / "getSmsById" / "5550009.200.ffffffffffffffff.json"
    data = json.loads(GOOD.read_text())
    data["body"].update(id=5550009, price="cheap")
    bad.write_text(json.dumps(data))
    return target, bad


def test_skip_invalid_serves_what_fits_and_names_what_it_skipped(tmp_path: Path) -> None:
    target, bad = _with_one_bad_file(tmp_path)
    with pytest.raises(FixtureError):
        MockCore(fixtures=target)  # strict is the default
    with pytest.warns(FixtureWarning, match="recordings skipped") as caught:
        core = MockCore(fixtures=target, skip_invalid=True, demo=False)
    # Only ours: a ResourceWarning from garbage collected mid-block lands here too.
    (warning,) = [w for w in caught if issubclass(w.category, FixtureWarning)]
    assert isinstance(warning.message, FixtureWarning)
    assert [p.path for p in warning.message.problems] == [bad]
    assert str(bad) in str(warning.message)
    assert [(p.path, p.pointer) for p in core.skipped_fixtures] == [(bad, "/body/price")]
    assert sorted(m.id for m in core.store.messages.values()) == [5550001]
    assert sorted(core.store.tasks) == [88001]


def test_wwt_mock_takes_skip_invalid(tmp_path: Path) -> None:
    target, bad = _with_one_bad_file(tmp_path)
    with (
        pytest.warns(FixtureWarning, match=str(bad.name)),
        WwtMock(fixtures=target, skip_invalid=True) as mock,
    ):
        assert [p.path for p in mock.skipped_fixtures] == [bad]


def test_nothing_skipped_means_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        core = MockCore(fixtures=RECORDED, skip_invalid=True)
    assert core.skipped_fixtures == ()


def test_serve_skip_invalid_prints_each_skipped_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wwt_sms_mock._faces import server

    target, bad = _with_one_bad_file(tmp_path)
    served: list[MockCore] = []

    def serve(core: MockCore, **_: Any) -> int:
        served.append(core)
        return 0

    monkeypatch.setattr(server, "serve", serve)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the CLI prints; it does not also warn
        assert mock_cli.main(["serve", "--fixtures", str(target), "--skip-invalid"]) == 0
    (core,) = served
    assert [p.path for p in core.skipped_fixtures] == [bad]
    err = capsys.readouterr().err
    assert err.count(str(bad)) == 1
    assert "wwt-sms-mock: skipped" in err
    assert mock_cli.main(["serve", "--fixtures", str(target)]) == 2  # strict by default
    assert mock_cli.main(["serve", "--skip-invalid"]) == 2
    assert "--skip-invalid needs --fixtures" in capsys.readouterr().err
