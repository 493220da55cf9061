"""Several calls in flight: `get_many`'s one call per id, `get_statuses`' one call per batch.

Each runs a call per item with at most `workers` in flight and yields each outcome as it
completes (not in input order), reading the items lazily.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TypeVar

from ._exceptions import WwtError
from ._models import Err, Ok, Result

K = TypeVar("K")
T = TypeVar("T")


def _result(fetch: Callable[[int], T], id: int) -> Result[T]:
    try:
        return Ok(id, fetch(id))
    except WwtError as exc:
        return Err(id, exc)


def threaded(fetch: Callable[[int], T], ids: Iterable[int], workers: int) -> Iterator[Result[T]]:
    """`fetch` for each id on a pool of `workers` threads; reads `ids` lazily."""
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wwt-sms")
    pending: set[Future[Result[T]]] = set()
    try:
        for id in ids:
            if len(pending) >= workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
            pending.add(pool.submit(_result, fetch, id))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


async def _aresult(fetch: Callable[[int], Awaitable[T]], id: int) -> Result[T]:
    try:
        return Ok(id, await fetch(id))
    except WwtError as exc:
        return Err(id, exc)


def gathered(
    fetch: Callable[[int], Awaitable[T]], ids: Iterable[int], workers: int
) -> AsyncIterator[Result[T]]:
    """`fetch` for each id, at most `workers` at once; each id's error goes into its `Result`."""
    return completed(functools.partial(_aresult, fetch), ids, workers)


async def completed(
    call: Callable[[K], Awaitable[T]], items: Iterable[K], workers: int
) -> AsyncIterator[T]:
    """`call(item)` for each item as asyncio tasks, at most `workers` at once. A call that
    raises ends the iteration with its error, once the calls still in flight are cancelled."""
    import asyncio  # lazy: a heavy import that sync users never need

    # Each task hands itself to a queue when done, so waiting for the next result does not
    # touch the other pending tasks (as `asyncio.wait(pending, FIRST_COMPLETED)` would).
    finished: asyncio.Queue[asyncio.Future[T]] = asyncio.Queue()
    pending: set[asyncio.Future[T]] = set()

    def done(task: asyncio.Future[T]) -> None:
        pending.discard(task)
        finished.put_nowait(task)

    in_flight = 0
    try:
        for item in items:
            if in_flight >= workers:
                yield (await finished.get()).result()
                in_flight -= 1
            task = asyncio.ensure_future(call(item))
            pending.add(task)
            task.add_done_callback(done)
            in_flight += 1
        while in_flight:
            yield (await finished.get()).result()
            in_flight -= 1
    finally:
        for future in pending:
            future.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
