"""`AsyncClient.sms.get_many` against raw async loops, over HTTP, at the same concurrency.

    .venv/bin/python benchmarks/bench_async.py [--ids 10000] [--concurrency 32] [--runs 3]

The server is the contract mock in its own process (`wwt-sms-mock serve`), so its CPU is not
spent in the client's process. Each contender fetches the same ids (cycling over the mock's
demo messages) with at most `concurrency` requests in flight and decodes every body:

* sdk (httpx):   `AsyncClient(...).sms.get_many(ids, concurrency=32)`, the SDK's own pool;
* sdk (aiohttp): the same call with `http_client=wwt_sms.aiohttp_client(...)` (needs aiohttp);
* raw httpx:     32 workers over one `httpx.AsyncClient` (limits sized for 32 connections),
                 `json.loads(response.content)`;
* raw aiohttp:   32 workers over one `aiohttp.ClientSession`, `json.loads(await r.read())`.

Runs are interleaved (each contender once per run); the figures are the best run of each, in
requests per second, and the median CPU time the client's process spent per request (the
server runs in its own process, so this is the client's own work, and steadier than the rate
when other jobs share the machine). The ratios are to raw httpx and raw aiohttp, in both.
Target: sdk (aiohttp) / raw aiohttp >= 0.6.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import itertools
import json
import os
import platform
import statistics
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import httpx
from _mock_server import KEY, mock_server

import wwt_sms

# The mock's demo messages that exist whatever the seed (211: the spec's example, 212: no
# reference, 214: an id above 2^53 - 1, sent as a string).
IDS = (211, 212, 213)


def _ids(n: int) -> list[int]:
    return list(itertools.islice(itertools.cycle(IDS), n))


async def _workers(n: int, concurrency: int, fetch: Callable[[int], Awaitable[object]]) -> int:
    ids = iter(_ids(n))
    done = 0

    async def worker() -> None:
        nonlocal done
        for id in ids:
            await fetch(id)
            done += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done


async def raw_httpx(base: str, n: int, concurrency: int) -> int:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers={"X-API-KEY": KEY}, limits=limits) as http:

        async def fetch(id: int) -> object:
            response = await http.get(f"{base}/sms/{id}")
            return json.loads(response.content)

        return await _workers(n, concurrency, fetch)


async def raw_aiohttp(base: str, n: int, concurrency: int) -> int:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(headers={"X-API-KEY": KEY}, connector=connector) as session:

        async def fetch(id: int) -> object:
            async with session.get(f"{base}/sms/{id}") as response:
                return json.loads(await response.read())

        return await _workers(n, concurrency, fetch)


async def sdk(base: str, n: int, concurrency: int, http_client: object = None) -> int:
    async with wwt_sms.AsyncClient(KEY, base_url=base, http_client=http_client) as client:  # type: ignore[arg-type]
        ok = 0
        async for result in client.sms.get_many(_ids(n), concurrency=concurrency):
            if not result.ok:
                raise RuntimeError(f"id {result.id}: {result.error!r}")
            ok += 1
        return ok


async def sdk_aiohttp(base: str, n: int, concurrency: int) -> int:
    async with wwt_sms.aiohttp_client(limit=concurrency) as http:
        return await sdk(base, n, concurrency, http)


Fetch = Callable[[int], Coroutine[Any, Any, int]]


def _time(fetch: Fetch, n: int) -> tuple[float, float]:
    """Requests per second, and this process's CPU seconds per request (the client's own
    work, whatever the server and the machine's other load do)."""
    cpu, started = time.process_time(), time.perf_counter()
    done = asyncio.run(fetch(n))
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    if done != n:
        raise RuntimeError(f"{done} of {n} requests completed")
    return n / elapsed, used / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    n, c = args.ids, args.concurrency
    has_aiohttp = importlib.util.find_spec("aiohttp") is not None
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, httpx "
        f"{httpx.__version__}; {n} ids at concurrency {c}, best of {args.runs} runs"
    )
    with mock_server() as (base, _pid):
        contenders: dict[str, Fetch] = {
            "sdk get_many (httpx)": lambda k: sdk(base, k, c),
            "raw httpx.AsyncClient": lambda k: raw_httpx(base, k, c),
        }
        if has_aiohttp:
            contenders["sdk get_many (aiohttp)"] = lambda k: sdk_aiohttp(base, k, c)
            contenders["raw aiohttp"] = lambda k: raw_aiohttp(base, k, c)
        else:
            print("aiohttp is not installed (`pip install 'wwt-sms[aiohttp]'`): httpx only")
        for fetch in contenders.values():  # warm-up: imports, the server's caches
            asyncio.run(fetch(200))
        rates: dict[str, list[float]] = {name: [] for name in contenders}
        cpus: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(args.runs):
            for name, fetch in contenders.items():
                rate, cpu = _time(fetch, n)
                rates[name].append(rate)
                cpus[name].append(cpu)
    best = {name: max(values) for name, values in rates.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    for name, rate in best.items():
        spread = ", ".join(f"{r:.0f}" for r in rates[name])
        print(
            f"{name:24s} {rate:8.0f} req/s, client CPU {cpu[name] * 1e6:5.0f} µs/req (median)"
            f"  (runs: {spread})"
        )

    def ratio(a: str, b: str) -> None:
        print(
            f"ratio {a} / {b}: {best[a] / best[b]:.2f} (req/s, best runs); client CPU a "
            f"request {cpu[b] / cpu[a]:.2f} (inverse: higher is better)"
        )

    ratio("sdk get_many (httpx)", "raw httpx.AsyncClient")
    if has_aiohttp:
        ratio("raw httpx.AsyncClient", "raw aiohttp")
        ratio("sdk get_many (httpx)", "raw aiohttp")
        ratio("sdk get_many (aiohttp)", "raw aiohttp")
        ratio("sdk get_many (aiohttp)", "sdk get_many (httpx)")


if __name__ == "__main__":
    main()
