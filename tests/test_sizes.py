"""Files stay short enough to read top to bottom: the SDK's modules, the tests and the noxfile.

(The mock's modules have their own layout test, beside its other tests.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMITS = {
    "overlay": 350,  # package code: every module of the SDK
    "tests": 450,  # every test file and helper, whatever its language
    "noxfile.py": 400,
}
SOURCES = {".py", ".ts"}  # code; recorded bodies and fixtures (.json) are data


def lines(path: Path) -> int:
    return len(path.read_text("utf-8").splitlines())


def files_under(name: str) -> list[Path]:
    """The source files of `name` (a folder or a file), without caches and build output."""
    top = ROOT / name
    if top.is_file():
        return [top]
    return [
        path
        for path in sorted(top.rglob("*"))
        if path.suffix in SOURCES
        and not {"__pycache__", "build", "node_modules"} & set(path.relative_to(top).parts)
    ]


@pytest.mark.parametrize(("name", "longest"), sorted(LIMITS.items()))
def test_no_file_is_long(name: str, longest: int) -> None:
    found = files_under(name)
    assert found, f"nothing to measure under {name}"
    too_long = {str(p.relative_to(ROOT)): lines(p) for p in found if lines(p) > longest}
    assert too_long == {}


def test_the_measure_counts_lines_and_sees_every_kind_of_source(tmp_path: Path) -> None:
    source = tmp_path / "long.py"
    source.write_text("x = 1\n" * 3)
    assert lines(source) == 3
    assert {p.suffix for p in files_under("tests")} >= {".py", ".ts"}
    assert all(p.suffix == ".py" for p in files_under("overlay"))
