"""What the gate's tests share besides fixtures: git run in a clone, and the gate's type (a
callable giving the exit code and everything it printed). The fixtures are in conftest.py."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

Gate = Callable[..., tuple[int, str]]


def git(clone: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=clone, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout
