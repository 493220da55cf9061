"""The standalone mock and proxy as users run them (`python -m wwt_sms_mock ...`), for the
benchmarks: started and stopped by the tests' process launcher (tests/launcher.py), with the
tests' API key."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the benchmarks run as scripts: make `tests` importable
from tests.keys import KEY  # noqa: E402
from tests.launcher import free_port, launched, stop_group, wwt_sms_mock  # noqa: E402

__all__ = ["KEY", "ROOT", "free_port", "launched", "mock_server", "running", "stop_group"]


@contextlib.contextmanager
def running(*arguments: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """`wwt-sms-mock ARGUMENTS --port 0` (`serve`, `proxy ...`); yields (the base URL its ready
    line names, its pid), and stops it afterwards."""
    with wwt_sms_mock(*arguments, env=env) as server:
        yield server.url, server.pid


def mock_server() -> contextlib.AbstractContextManager[tuple[str, int]]:
    """`wwt-sms-mock serve` on a free port; yields (base URL with /rest, pid)."""
    return running("serve")
