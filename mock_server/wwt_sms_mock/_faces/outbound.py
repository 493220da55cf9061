"""Delivery reports over HTTP: a bounded queue that POSTs what the core says is due.

`DeliveryWorker` runs in its own thread, with its own event loop and httpx client. It looks
at the core whenever the core says reports may be due (time moved, a status was forced)
and every `tick` seconds (in real time the wall clock moves messages with no request).
Each message's reports go in the order they fell due, one lane per message; lanes run side
by side, at most `concurrency` attempts in flight (httpx's sync client, on a thread pool).
Every attempt is journaled in `core.deliveries`; a report given up, or never sent, is
journaled as such.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Final

import httpx

from wwt_sms_mock._core.callbacks import DeliveryPolicy
from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._core.dlr import DLR_HEADERS, DlrDue

__all__ = ["MAX_ANSWER", "DeliveryWorker", "delivering"]

MAX_ANSWER: Final = 64 * 1024
"""Bytes of a receiver's answer read (and ignored) before the connection is dropped."""


class DeliveryWorker:
    """Sends `core`'s delivery reports from a background thread (`start`, `stop`)."""

    def __init__(
        self,
        core: MockCore,
        policy: DeliveryPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.core = core
        self.policy = policy or DeliveryPolicy()
        self._transport = transport
        self._lanes: dict[int, deque[DlrDue]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._queued = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stopping = False
        self._ready = threading.Event()
        self._previous: Callable[[], None] | None = None
        self._thread = threading.Thread(target=self._run, name="wwt-sms-mock-dlr", daemon=True)

    def start(self) -> DeliveryWorker:
        self._thread.start()
        self._ready.wait(10)
        self._previous = self.core.on_deliveries_due  # put back by `stop`
        self.core.on_deliveries_due = self.wake
        return self

    def wake(self) -> None:
        """Look at the core now (safe from any thread)."""
        loop, event = self._loop, self._wake
        if loop is not None and event is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(event.set)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop sending; reports still queued are journaled as undeliverable."""
        if self.core.on_deliveries_due == self.wake:
            self.core.on_deliveries_due = self._previous
        self._stopping = True
        self.wake()
        self._thread.join(timeout)

    # --- the worker's thread ----------------------------------------------------------------

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(self.policy.concurrency)
        self._ready.set()
        with (
            httpx.Client(
                transport=self._transport,
                # Each read and write: a second past the attempt's deadline, which comes first.
                timeout=self.policy.timeout + 1.0,
                follow_redirects=False,  # a receiver on loopback must not send reports elsewhere
                trust_env=False,  # nor a proxy from the environment
                limits=httpx.Limits(max_connections=self.policy.concurrency),
            ) as self._client,
            concurrent.futures.ThreadPoolExecutor(
                self.policy.concurrency, thread_name_prefix="wwt-sms-mock-dlr"
            ) as self._pool,
        ):
            while not self._stopping:
                self._take_due()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.policy.tick):
                        await self._wake.wait()
                self._wake.clear()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for lane in self._lanes.values():
            for due in lane:
                self._note(due, "undeliverable", "the mock stopped before it was sent")

    def _take_due(self) -> None:
        for due in self.core.due_deliveries():
            if self._queued >= self.policy.queue_size:
                self._note(due, "undeliverable", "the delivery queue is full")
                continue
            self._queued += 1
            lane = self._lanes.get(due.message_id)
            if lane is not None:
                lane.append(due)
                continue
            self._lanes[due.message_id] = deque([due])
            task = asyncio.create_task(self._run_lane(due.message_id))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run_lane(self, message_id: int) -> None:
        lane = self._lanes[message_id]
        while lane:
            await self._deliver(lane[0])
            lane.popleft()
            self._queued -= 1
        del self._lanes[message_id]  # no await since the lane emptied: nothing joined it

    async def _deliver(self, due: DlrDue) -> None:
        refusal = self.core.callback_hosts.refusal(due.url)
        if refusal is not None:
            self._note(due, "undeliverable", refusal)
            return
        attempt = 1
        while True:
            await self._slots.acquire()  # released when the POST's thread is done
            status, error = await self._attempt(due)
            outcome = self.policy.outcome(attempt, status)
            self.core.note_delivery(
                due, outcome, attempt=attempt, response_status=status, error=error
            )
            if outcome != "retrying":
                return
            attempt += 1
            await asyncio.sleep(self.policy.wait_before(attempt))

    async def _attempt(self, due: DlrDue) -> tuple[int | None, str | None]:
        """One POST under one deadline: the answer's status, or why there was none.

        The POST runs on the worker's thread pool with httpx's sync client (several times
        faster than its async one); past the deadline the attempt counts as failed, and the
        thread stops reading the answer at the deadline, or gives up at httpx's own timeout
        a second later; its slot stays taken until then, so a receiver that stalls slows
        the queue down instead of piling up threads.
        """
        assert self._loop is not None
        deadline = time.monotonic() + self.policy.timeout
        posting = self._loop.run_in_executor(self._pool, self._post, due, deadline)
        posting.add_done_callback(lambda _: self._slots.release())
        try:
            async with asyncio.timeout(self.policy.timeout):
                return await asyncio.shield(posting)
        except TimeoutError:
            return None, f"no answer within {self.policy.timeout:g} s"

    def _post(self, due: DlrDue, deadline: float) -> tuple[int | None, str | None]:
        try:
            with self._client.stream(
                "POST", due.url, content=due.body, headers=DLR_HEADERS
            ) as response:
                read = 0
                for chunk in response.iter_raw():
                    read += len(chunk)
                    if read > MAX_ANSWER or time.monotonic() > deadline:
                        break
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            return None, f"{type(exc).__name__}: {str(exc)[:200] or 'no detail'}"
        if 200 <= response.status_code < 300:
            return response.status_code, None
        return response.status_code, f"the receiver answered {response.status_code}"

    def _note(self, due: DlrDue, outcome: str, error: str) -> None:
        self.core.note_delivery(due, outcome, error=error)


@contextlib.contextmanager
def delivering(core: MockCore, policy: DeliveryPolicy | None = None) -> Iterator[DeliveryWorker]:
    """A `DeliveryWorker` for `core`, running while the block runs."""
    worker = DeliveryWorker(core, policy).start()
    try:
        yield worker
    finally:
        worker.stop()
