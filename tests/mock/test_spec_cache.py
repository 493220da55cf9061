"""The compiled spec is cached as plain JSON: a warm start loads no YAML or schema library, an
edited spec is compiled again, and a damaged or foreign cache file is rebuilt, never trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.mock.core_calls import body, raw_headers
from wwt_sms_mock import MockCore
from wwt_sms_mock._contract import cache, compile
from wwt_sms_mock._contract.cache import CACHE_DIR_ENV

PACKAGED_SPEC = Path(compile.__file__).resolve().parent.parent / "openapi.yaml"
HEAVY = ("yaml", "jsonschema", "referencing", "rpds", "attrs")

_START = """
import json, sys
from wwt_sms_mock import MockCore
core = MockCore()
assert core.handle("GET", "/rest/sms/211", [(b"x-api-key", b"test_x")]).status == 200
print(json.dumps(sorted({name.partition(".")[0] for name in sys.modules})))
"""


def _start(cache_dir: Path) -> set[str]:
    """The top-level modules loaded by a fresh interpreter that builds a `MockCore` and
    answers one request, with compiled specs cached under `cache_dir`."""
    done = subprocess.run(
        [sys.executable, "-c", _START],
        env={**os.environ, CACHE_DIR_ENV: str(cache_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout))


def test_a_warm_start_loads_no_yaml_or_schema_library(tmp_path: Path) -> None:
    cold = _start(tmp_path)
    assert {"yaml", "jsonschema"} <= cold  # the first start compiles, and the check sees it
    assert len(list(tmp_path.glob("mock-spec-*.json"))) == 1
    assert _start(tmp_path) & set(HEAVY) == set()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(directory))
    monkeypatch.setattr(compile, "_CACHE", {})  # each load below reads the file again
    return directory


def _reload(monkeypatch: pytest.MonkeyPatch, spec_path: Path) -> MockCore:
    monkeypatch.setattr(compile, "_CACHE", {})
    return MockCore(spec_path=spec_path)


def _answer(core: MockCore) -> tuple[int, object]:
    reply = core.handle("GET", f"{core.base_path}/sms/211", raw_headers())
    return reply.status, body(reply)


def test_an_edited_spec_is_compiled_again(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(PACKAGED_SPEC.read_text("utf-8"), "utf-8")
    assert _reload(monkeypatch, spec_path).base_path == "/rest"
    spec_path.write_text(
        spec_path.read_text("utf-8").replace("https://api.wwt.world/rest", "http://x/v2", 1),
        "utf-8",
    )
    edited = _reload(monkeypatch, spec_path)
    assert edited.base_path == "/v2"
    assert _answer(edited)[0] == 200
    assert len(list(cache_dir.glob("mock-spec-*.json"))) == 2  # one per spec hash


def _damage_cases() -> dict[str, Callable[[bytes], bytes]]:
    return {
        "garbage": lambda raw: b"\x00\xff garbage, not a cache file",
        "empty": lambda raw: b"",
        "cut short": lambda raw: raw[: len(raw) // 2],
        "payload edited": lambda raw: raw.replace(b'"/sms/{id}"', b'"/sms/{idx}"', 1),
        "another version": lambda raw: raw.replace(b'"version": "', b'"version": "0.0.0-', 1),
        "other code": lambda raw: raw.replace(b'"code_sha256": "', b'"code_sha256": "0', 1),
        "header only": lambda raw: raw.partition(b"\n")[0],
    }


@pytest.mark.parametrize("damage", list(_damage_cases()))
def test_a_damaged_or_foreign_cache_file_is_rebuilt(
    damage: str, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _answer(_reload(monkeypatch, PACKAGED_SPEC))
    (cached,) = cache_dir.glob("mock-spec-*.json")
    good = cached.read_bytes()
    cached.write_bytes(_damage_cases()[damage](good))
    parsed: list[bytes] = []
    parse = compile._parse

    def counted_parse(raw: bytes) -> dict[str, object]:
        parsed.append(raw)
        return parse(raw)

    monkeypatch.setattr(compile, "_parse", counted_parse)
    assert _answer(_reload(monkeypatch, PACKAGED_SPEC)) == expected
    assert len(parsed) == 1  # compiled from the YAML again, not from the damaged file
    assert cached.read_bytes() == good  # and the file written afresh


def test_a_cache_directory_that_cannot_be_written_only_costs_the_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file, not a directory"
    blocked.write_text("")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocked / "wwt-sms"))
    assert _reload(monkeypatch, PACKAGED_SPEC).base_path == "/rest"
    monkeypatch.setenv(CACHE_DIR_ENV, "")  # an empty value turns the cache off
    assert cache.cache_dir() is None
    assert _reload(monkeypatch, PACKAGED_SPEC).base_path == "/rest"


def test_the_cache_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "wwt-sms"
