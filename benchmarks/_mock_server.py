"""The standalone mock and proxy as users run them (`python -m wwt_sms_mock ...`), for the
benchmarks."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def wwt_sms_mock(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """`wwt-sms-mock ARGS --port 0` in a subprocess; yields (the base URL its ready line names,
    its pid), and stops it afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", "wwt_sms_mock", *args, "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if "ready:" not in line:
            raise RuntimeError(f"wwt-sms-mock {args[0]} did not start: {line!r}")
        yield line.split("ready: ", 1)[1].strip(), process.pid
    finally:
        process.terminate()
        process.wait(10)


def mock_server() -> contextlib.AbstractContextManager[tuple[str, int]]:
    """`wwt-sms-mock serve` on a free port; yields (base URL with /rest, pid)."""
    return wwt_sms_mock("serve")
