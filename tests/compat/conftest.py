"""A throwaway clone of this repository to edit, and the gate run against it.

The gate's tests need griffe and oasdiff, which `nox -s compat` installs; elsewhere they are
skipped with the reason.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.compat.clone import Gate, git
from tests.compat.history import ROOT


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = [tool for tool in ("oasdiff",) if shutil.which(tool) is None]
    try:
        import griffe  # noqa: F401
    except ImportError:
        missing.append("griffe")
    if missing:
        skip = pytest.mark.skip(reason=f"needs {' and '.join(missing)}: run `nox -s compat`")
        for item in items:
            if "gate" in getattr(item, "fixturenames", ()):
                item.add_marker(skip)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the committed tree; every test starts from its first commit, `base`."""
    target = tmp_path_factory.mktemp("clone") / "repo"
    subprocess.run(
        ["git", "clone", "--quiet", "--shared", str(ROOT), str(target)],
        check=True, timeout=120,
    )  # fmt: skip
    git(target, "branch", "base")
    return target


@pytest.fixture
def gate(clone: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Gate]:
    """Run the gate (this checkout's code) on the clone; (exit code, everything it printed)."""
    from tests.compat.gate import main

    def run(*args: str) -> tuple[int, str]:
        code = main([*args, "--root", str(clone)])
        out, err = capsys.readouterr()
        return code, out + err

    git(clone, "checkout", "--quiet", "--force", "base")
    git(clone, "clean", "-fdq")
    yield run
    git(clone, "checkout", "--quiet", "--force", "base")
    git(clone, "clean", "-fdq")
