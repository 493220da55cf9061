"""The standalone mock as users run it (`python -m wwt_sms_mock serve`), for the benchmarks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def mock_server() -> Iterator[tuple[str, int]]:
    """`wwt-sms-mock serve` on a free port in a subprocess; yields (base URL with /rest, pid)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "wwt_sms_mock", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if "ready:" not in line:
            raise RuntimeError(f"mock did not start: {line!r}")
        yield line.split("ready: ", 1)[1].strip(), process.pid
    finally:
        process.terminate()
        process.wait(10)
