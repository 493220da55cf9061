"""Mass status over HTTP: `sms.get_statuses` against `sms.get_many` and a raw batched loop,
and the memory of the SDK's process as the number of IDs grows.

    .venv/bin/python benchmarks/bench_bulk.py [--ids 10000] [--runs 7] [--many-runs 2]
                                              [--memory 10000 100000]

The server is the contract mock in its own process (`wwt-sms-mock serve`), seeded with as many
messages as the largest run asks for, all known, with campaign-like times (one send second,
a delivery second per message). The contenders, each over the same `--ids` IDs:

* get_statuses: `client.sms.get_statuses(ids)` (sync `Client`): batches of 100 in one
  `POST /sms/getStatus` each, every item read into a `SmsStatusRecord`;
* get_many:     `client.sms.get_many(ids)` on the same client: one `GET /sms/{id}` per ID on its
  thread pool (32 at a time);
* raw batched:  one `httpx.Client` posting the same batches one after another, `json.loads` of
  each body.

get_statuses and raw batched run in `--runs` interleaved pairs: the figures are the fastest
run of each, the median of the per-pair ratios (a pair saw about the same machine) and the
client process's CPU time per run (what each costs on the client side, whatever the server and
the machine's other load do). get_many, much slower, runs `--many-runs` times; its best run is
compared with get_statuses' best.

Targets: get_many / get_statuses >= 20; get_statuses / raw batched <= 1.2.

Memory: for each `--memory` count, a fresh process runs the call over that many known IDs and
reports its peak RSS above the RSS it had after a first batch (imports, pools and one batch's
records already in): `sms.iter_statuses` (each batch's dict dropped once read) should stay flat;
`sms.get_statuses` returns a dict with one entry per ID, so it grows with the answer it hands out.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx
from _mock_server import KEY, mock_server

import wwt_sms

FIRST_ID = 10_000_001  # far from the mock's demo records
BATCH = 100


def _ids(count: int) -> range:
    return range(FIRST_ID, FIRST_ID + count)


# --- seeding the mock ------------------------------------------------------------------------


def seed(base: str, count: int) -> None:
    """Add `count` delivered messages through the mock's control API (aiohttp, 32 at a time,
    when installed: an httpx loop would take minutes for 100,000)."""
    root = base.rsplit("/rest", 1)[0]
    # One campaign: every message sent at the same second, each delivered at its own.
    bodies = (
        {"id": id, "msisdn": f"3809{id:08d}", "reference": f"r{id}", "time_in": -600,
         "time_sent": -590, "time_dr": -580 + id % 100}
        for id in _ids(count)
    )  # fmt: skip
    if importlib.util.find_spec("aiohttp") is None:
        with httpx.Client(base_url=root) as http:
            for body in bodies:
                http.post("/__mock/messages", json=body).raise_for_status()
        return
    asyncio.run(_seed_aiohttp(root, bodies))


async def _seed_aiohttp(root: str, bodies: Iterator[dict[str, object]]) -> None:
    import aiohttp

    async with aiohttp.ClientSession(root, connector=aiohttp.TCPConnector(limit=32)) as http:

        async def worker() -> None:
            for body in bodies:
                async with http.post("/__mock/messages", json=body) as response:
                    response.raise_for_status()

        await asyncio.gather(*(worker() for _ in range(32)))


# --- the contenders --------------------------------------------------------------------------


def sdk_get_statuses(client: wwt_sms.Client, count: int) -> int:
    found = client.sms.get_statuses(_ids(count))
    if len(found) != count or any(record is None for record in found.values()):
        raise RuntimeError("get_statuses: a known ID came back without a record")
    return len(found)


def sdk_get_many(client: wwt_sms.Client, count: int) -> int:
    ok = 0
    for result in client.sms.get_many(_ids(count)):
        result.unwrap()
        ok += 1
    return ok


def raw_batched(http: httpx.Client, base: str, count: int) -> int:
    ids = list(_ids(count))
    items = 0
    for start in range(0, count, BATCH):
        response = http.post(f"{base}/sms/getStatus", json={"ids": ids[start : start + BATCH]})
        response.raise_for_status()
        items += len(json.loads(response.content)["result"])
    return items


def _timed(run: Callable[[int], int], count: int) -> tuple[float, float]:
    """Wall-clock and this process's CPU seconds for one run."""
    cpu, started = time.process_time(), time.perf_counter()
    done = run(count)
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    if done != count:
        raise RuntimeError(f"{done} of {count} IDs answered")
    return elapsed, used


# --- memory, in a fresh process --------------------------------------------------------------


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def child_memory(base: str, call: str, count: int) -> None:
    """Run one call over `count` IDs; print the RSS after a first batch and the peak RSS
    from then on (Linux: writing 5 to clear_refs resets the peak, VmHWM)."""
    with wwt_sms.Client(KEY, base_url=base) as client:
        client.sms.get_statuses(_ids(BATCH))
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        before = _status_kib("VmRSS")
        if call == "iter_statuses":
            answered = 0
            for found in client.sms.iter_statuses(_ids(count)):
                answered += len(found)
        else:
            answered = len(client.sms.get_statuses(_ids(count)))
        peak = _status_kib("VmHWM")
    print(json.dumps({"answered": answered, "before": before, "peak": peak}))


def memory(base: str, call: str, count: int) -> dict[str, int]:
    command = [sys.executable, __file__, "--child", call, str(count), "--base", base]
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
    result: dict[str, int] = json.loads(out.stdout)
    return result


# --- main ------------------------------------------------------------------------------------


def _report(
    n: int, pairs: list[tuple[tuple[float, float], tuple[float, float]]], many: list[float]
) -> None:
    sdk_wall = [sdk[0] for sdk, _ in pairs]
    raw_wall = [raw[0] for _, raw in pairs]
    for name, walls, cpus in (
        ("get_statuses", sdk_wall, [sdk[1] for sdk, _ in pairs]),
        ("raw batched", raw_wall, [raw[1] for _, raw in pairs]),
        ("get_many", many, []),
    ):
        runs = ", ".join(f"{t:.3f}" for t in walls)
        cpu = f", client CPU median {statistics.median(cpus):.3f} s" if cpus else ""
        best = min(walls)
        print(f"{name:13s} best {best:7.3f} s {n / best:8.0f} ids/s{cpu}  (runs: {runs})")
    print(f"ratio get_many / get_statuses (best runs): {min(many) / min(sdk_wall):.1f}x")
    paired = statistics.median(sdk / raw for sdk, raw in zip(sdk_wall, raw_wall, strict=True))
    print(
        f"ratio get_statuses / raw batched: best runs {min(sdk_wall) / min(raw_wall):.2f}x, "
        f"median of pairs {paired:.2f}x"
    )
    cpu_ratio = statistics.median(sdk[1] for sdk, _ in pairs) / statistics.median(
        raw[1] for _, raw in pairs
    )
    print(f"client CPU get_statuses / raw batched (medians): {cpu_ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--many-runs", type=int, default=2)
    parser.add_argument("--memory", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--child", nargs=2, metavar=("CALL", "COUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_memory(args.base, args.child[0], int(args.child[1]))
        return
    n = args.ids
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, httpx "
        f"{httpx.__version__}; {n} known ids; {args.runs} interleaved pairs, "
        f"{args.many_runs} get_many runs"
    )
    with mock_server() as (base, _pid):
        started = time.perf_counter()
        seed(base, max([n, *args.memory]))
        print(f"seeded {max([n, *args.memory])} messages in {time.perf_counter() - started:.1f} s")
        with (
            wwt_sms.Client(KEY, base_url=base) as client,
            httpx.Client(headers={"X-API-KEY": KEY}) as http,
        ):
            sdk = functools.partial(sdk_get_statuses, client)
            raw = functools.partial(raw_batched, http, base)
            per_id = functools.partial(sdk_get_many, client)
            for run in (sdk, raw, per_id):  # warm-up: imports, pools, the server's caches
                _timed(run, 500)
            pairs = [(_timed(sdk, n), _timed(raw, n)) for _ in range(args.runs)]
            many = [_timed(per_id, n)[0] for _ in range(args.many_runs)]
        _report(n, pairs, many)
        for call in ("iter_statuses", "get_statuses"):
            for count in args.memory:
                found = memory(base, call, count)
                growth = (found["peak"] - found["before"]) / 1024
                print(
                    f"memory {call:13s} {count:7d} ids: RSS {found['before'] / 1024:.1f} MiB "
                    f"after one batch, peak {found['peak'] / 1024:.1f} MiB (+{growth:.1f} MiB)"
                )


if __name__ == "__main__":
    main()
