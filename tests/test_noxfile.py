"""The noxfile's own machinery: background servers stop with everything they started."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn, cast

import nox
import pytest

import noxfile


class FakeSession:
    """What `_background` uses of a nox session."""

    bin = str(Path("/nonexistent"))

    def log(self, message: str) -> None:
        pass

    def error(self, message: str) -> NoReturn:
        raise AssertionError(message)


def running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_a_background_server_stops_with_its_children() -> None:
    # Like `npx prism`: the process started runs the real server as its child.
    command = ["sh", "-c", 'sleep 300 & echo "ready $!"; wait']
    ready = re.compile(r"(?P<url>ready \d+)")
    session = cast(nox.Session, FakeSession())
    with noxfile._background(session, command, ready) as line:
        child = int(line.split()[1])
        assert running(child)
    assert not running(child)
