"""`_fanout.completed`, the async fan-out under `get_many` and async `get_statuses`: bounded
concurrency, bounded read-ahead of a lazy source, and errors that end the iteration."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from wwt_sms._fanout import completed


async def _echo(item: int) -> int:
    await asyncio.sleep(0)
    return item


def test_every_item_is_called_once_at_most_workers_at_once() -> None:
    in_flight = peak = 0

    async def call(item: int) -> int:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.001)
        in_flight -= 1
        return item

    async def main() -> list[int]:
        return [result async for result in completed(call, range(100), 7)]

    assert sorted(asyncio.run(main())) == list(range(100))
    assert peak == 7


def test_a_lazy_source_is_read_at_most_twice_the_workers_ahead_of_the_reader() -> None:
    read = 0

    def source() -> Iterator[int]:
        nonlocal read
        for item in range(10_000):
            read += 1
            yield item

    async def main() -> int:
        results: AsyncIterator[int] = completed(_echo, source(), 4)
        taken = 0
        async for _ in results:
            taken += 1
            assert read <= taken + 2 * 4
            if taken == 50:
                break
        await results.aclose()  # type: ignore[attr-defined]
        return taken

    assert asyncio.run(main()) == 50
    assert read <= 50 + 2 * 4


def test_an_item_that_cannot_be_read_ends_the_iteration_with_its_error() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("item 3 is bad")

    async def main() -> list[int]:
        return [result async for result in completed(_echo, source(), 3)]

    with pytest.raises(ValueError, match="item 3 is bad"):
        asyncio.run(main())


def test_a_failed_call_cancels_the_calls_in_flight() -> None:
    cancelled = 0

    async def call(item: int) -> int:
        nonlocal cancelled
        if item == 0:
            raise LookupError("no 0")
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled += 1
            raise
        return item

    async def main() -> list[int]:
        return [result async for result in completed(call, range(5), 5)]

    with pytest.raises(LookupError, match="no 0"):
        asyncio.run(main())
    assert cancelled == 4
