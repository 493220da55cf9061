"""Several calls in flight: `get_many`'s one call per id, `get_statuses`' one call per batch.

Each runs a call per item with at most `workers` in flight and yields each outcome as it
completes (not in input order), reading the items lazily.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TypeVar, cast

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
    """`call(item)` for each item, at most `workers` at once, yielding each result as it comes.
    A call that raises (or an item that cannot be read) ends the iteration with its error, once
    the calls still in flight are cancelled."""
    import asyncio  # lazy: a heavy import that sync users never need

    # `workers` tasks share the items, each calling one after another (a task per call would add
    # its creation and scheduling to every call). Results reach the reader through a queue of
    # `workers` places, so results not taken yet hold the workers back rather than pile up: at
    # most 2 * `workers` items are read ahead of the reader.
    source = iter(items)
    outcomes: asyncio.Queue[_Outcome[T]] = asyncio.Queue(workers)

    async def work() -> None:
        try:
            for item in source:
                outcome = (await call(item), None)
                if outcomes.full():
                    await outcomes.put(outcome)
                else:
                    outcomes.put_nowait(outcome)  # as `put` does, without a coroutine
        except Exception as exc:
            await outcomes.put((None, exc))
        else:
            await outcomes.put((None, _DONE))

    tasks = [asyncio.ensure_future(work()) for _ in range(workers)]
    try:
        working = workers
        while working:
            result, error = await outcomes.get()
            if error is None:
                yield cast("T", result)
            elif error is _DONE:
                working -= 1
            else:
                raise error
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


# What a worker hands over: a call's result, or the error that ended the worker (`_DONE` when it
# ran out of items).
_Outcome = tuple[T | None, Exception | None]
_DONE = Exception("no more items")
