"""Start a server process, wait for the line that says it is ready, stop it and all it started.

The one launcher for every server run as a process: `wwt-sms-mock serve` and `proxy` in the
tests, the consumers driver and the benchmarks, and the servers of the noxfile's sessions
(the mock, Prism). Standard library only: the noxfile imports it from nox's own environment.

* The server runs in a process group of its own and the whole group is stopped (SIGTERM, then
  SIGKILL): a launcher such as `npx` runs the real server as its child, which stopping the
  launcher alone would leave running.
* Its output is read all along by threads, so a chatty server never blocks on a full pipe;
  what is kept of it is bounded.
* Every wait has a deadline: the ready line, the end after a signal, the stop.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

# What `wwt-sms-mock serve` and `proxy` print once they listen: "wwt-sms-mock ready: URL".
READY_LINE = re.compile(r"ready: (?P<url>http://\S+)")
START_SECONDS = 60.0  # a busy machine can take long to import and bind
STOP_SECONDS = 10.0
KEPT_LINES = 2000  # of the output after the ready line (and 20 before it, for errors)


class NotReady(RuntimeError):
    """The server ended, or printed no ready line in time; the message ends with its output."""


class _Pump:
    """A pipe read to its end by a thread: lines before the first that matches `ready` (the
    last few), that match, and lines after it (bounded)."""

    def __init__(self, pipe: IO[str], ready: re.Pattern[str] | None) -> None:
        self.before: deque[str] = deque(maxlen=20)
        self.after: deque[str] = deque(maxlen=KEPT_LINES)
        self.match: re.Match[str] | None = None
        self._ready = ready
        self._ended = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe: IO[str]) -> None:
        for line in pipe:
            with self._changed:
                if self._ready is None or self.match is not None:
                    self.after.append(line)
                elif match := self._ready.search(line):
                    self.match = match
                    self._changed.notify_all()
                else:
                    self.before.append(line)
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait_for_ready(self, seconds: float) -> re.Match[str] | None:
        """The ready line's match, or None when the output ended or `seconds` passed first."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while self.match is None and not self._ended:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return self.match

    @property
    def ended(self) -> bool:
        with self._changed:
            return self._ended

    def text(self, seconds: float) -> str:
        """What came after the ready line, once the pipe is read to its end (at most `seconds`)."""
        self._thread.join(seconds)
        with self._changed:
            return "".join(self.after)


@dataclass(frozen=True)
class Finished:
    """How a server ended: its exit code, and what it printed after its ready line."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class Launched:
    """A server that said it is ready: its process and the URL its ready line named."""

    process: subprocess.Popen[str]
    url: str
    _stdout: _Pump
    _stderr: _Pump | None

    @property
    def pid(self) -> int:
        return self.process.pid

    def finish(self, sig: int = signal.SIGTERM, seconds: float = STOP_SECONDS) -> Finished:
        """Send `sig` to the server (not its group) and wait at most `seconds` for its end."""
        self.process.send_signal(sig)
        returncode = self.process.wait(seconds)
        stderr = self._stderr.text(seconds) if self._stderr is not None else ""
        return Finished(returncode, self._stdout.text(seconds), stderr)


@contextlib.contextmanager
def launched(
    command: Sequence[str],
    *,
    ready: re.Pattern[str] = READY_LINE,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    merge_stderr: bool = False,
    start_seconds: float = START_SECONDS,
) -> Iterator[Launched]:
    """Run `command` in a process group of its own, wait at most `start_seconds` for a line of
    its standard output matching `ready` (its `url` group is the server's URL), and stop the
    whole group however the block ends. `env` adds to the environment; `merge_stderr` reads
    standard error with standard output (for servers that print their ready line there)."""
    process = subprocess.Popen(
        list(command),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        cwd=cwd,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        stdout = _Pump(process.stdout, ready)
        stderr = None if process.stderr is None else _Pump(process.stderr, None)
        match = stdout.wait_for_ready(start_seconds)
        if match is None:
            raise NotReady(_not_ready(command, process, start_seconds, stdout, stderr))
        yield Launched(process, match.group("url"), stdout, stderr)
    finally:
        stop_group(process)


def _not_ready(
    command: Sequence[str],
    process: subprocess.Popen[str],
    seconds: float,
    stdout: _Pump,
    stderr: _Pump | None,
) -> str:
    if stdout.ended:  # the output ends as the process does: give it a moment to be reaped
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_SECONDS)
    code = process.poll()
    why = f"exited with code {code}" if code is not None else f"not ready in {seconds:.0f} s"
    output = "".join(stdout.before) + (stderr.text(1.0) if stderr is not None else "")
    return f"{' '.join(command)}: {why}; its output:\n{output}"


def wwt_sms_mock(
    *arguments: str, python: str = sys.executable, env: Mapping[str, str] | None = None
) -> contextlib.AbstractContextManager[Launched]:
    """`python -m wwt_sms_mock ARGUMENTS --port 0` (`serve ...`, `proxy --upstream URL ...`)
    on a free loopback port; its URL is the base URL its ready line names (with `/rest`)."""
    return launched([python, "-m", "wwt_sms_mock", *arguments, "--port", "0"], env=env)


def stop_group(process: subprocess.Popen[Any]) -> None:
    """SIGTERM to every process of `process`'s group; SIGKILL to what is left after
    `STOP_SECONDS`."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(STOP_SECONDS)
    # The leader may be gone while its children still shut down: wait for the whole group.
    while group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(STOP_SECONDS)


def group_alive(group: int) -> bool:
    """Whether process group `group` still has a process."""
    try:
        os.killpg(group, 0)  # signal 0: only asks
    except ProcessLookupError:
        return False
    return True


def free_port() -> int:
    """A loopback port free right now (for servers that cannot be told port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
