"""Plain-Python helpers of the noxfile's sessions: comparing two trees (`generated_in_sync`)
and reading requirement names (`tests_lowest`). Standard library only: the noxfile imports it
from nox's own environment, like tests/launcher.py."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path
from typing import Any


def differences(left: Path, right: Path) -> list[str]:
    """Paths (relative to `left`) that differ between two trees, recursively."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"only in {cmp.left}: {prefix}{name}" for name in cmp.left_only)
        found.extend(f"only in {cmp.right}: {prefix}{name}" for name in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(f"differs: {prefix}{name}" for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"]), "")
    return found


def direct_dependency_names(pyproject: dict[str, Any]) -> set[str]:
    """Names of what the package and its `mock` and `aiohttp` extras require."""
    project = pyproject["project"]
    extras = project["optional-dependencies"]
    requirements = [*project["dependencies"], *extras["mock"], *extras["aiohttp"]]
    return {requirement_name(requirement) for requirement in requirements}


def requirement_name(requirement: str) -> str:
    """`uvicorn[standard]>=0.30` → `uvicorn`."""
    return canonical(re.split(r"[\[<>=!~;\s]", requirement)[0])


def canonical(name: str) -> str:
    """A distribution name as indexes compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()
