"""Where the proxy checks and logs exchanges: one worker thread, off the event loop.

Validating a large body takes long enough to stall every other client if it ran on the event
loop. Here each check runs in one worker thread, in the order the answers were sent, and the
request's task waits for it after the client has its answer (so a server that stops waits for
the checks of the answers it sent). At most `MAX_WAITING` checks wait at once; past that the
next request's task waits for room, which holds no answer back. A check that raises still
reaches the log, as a violation saying the proxy could not check that answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Final

from .report import ProxyLog, Unchecked

__all__ = ["MAX_WAITING", "CheckQueue"]

MAX_WAITING: Final = 64


class CheckQueue:
    def __init__(self, log: ProxyLog) -> None:
        self._log = log
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wwt-proxy-checks")
        self._room: asyncio.Semaphore | None = None  # made on the server's event loop

    async def run(self, check: Callable[[], None], exchange: Unchecked) -> None:
        """Run `check` (which logs `exchange` with its findings) in the worker thread."""
        if self._room is None:
            self._room = asyncio.Semaphore(MAX_WAITING)
        async with self._room:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._worker, self._guarded, check, exchange)

    def _guarded(self, check: Callable[[], None], exchange: Unchecked) -> None:
        try:
            check()
        except Exception as exc:  # one bad answer must not cost the log of it
            self._log.unchecked(exchange, f"{type(exc).__name__}: {exc}")

    def close(self) -> None:
        self._worker.shutdown(wait=True)
