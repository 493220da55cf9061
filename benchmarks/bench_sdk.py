"""`client.sms.get` against raw httpx per call, in memory and over loopback; on_contract_drift;
`get_statuses` in memory.

    .venv/bin/python benchmarks/bench_sdk.py [--only memory|loopback|drift|statuses]
        [--rounds R] [--number N] [--instructions]

Both sides share one `httpx.Client`. The raw side is `http.get(url).json()`; the SDK side is
`client.sms.get(211)` (validation, request built by the generated code, retry plan, exact
decoding, generated `from_dict`, normalisation, frozen model).

* memory: the client's transport is an `httpx.MockTransport` returning a fixed, realistic body,
  so only client-side work is timed. Target: SDK / raw <= 1.15.
* loopback: the transport is httpx's real one, talking to the contract mock served by a
  `wwt-sms-mock serve` subprocess on 127.0.0.1 (so the server's CPU is not in this process).
  No target: it shows how much of a real call the SDK's own work is.
* drift: in memory, each answer a new body, `on_contract_drift="ignore"` (the default) against
  no SDK at all and against `"warn"`, which checks every response against the contract.
  Target: `ignore` costs nothing (its client keeps no checker; a response tests one
  attribute), so ignore/raw is the in-memory ratio above; warn/ignore is what the check costs.
* statuses: in memory, `client.sms.get_statuses` of 1,000 IDs (10 batches of 100, every item
  read into a `SmsStatusRecord`) against raw httpx posting the same batches and
  `json.loads`-ing each answer: the client-side share of `bench_bulk.py`'s ratio.
  Target: SDK / raw <= 1.15.

`--instructions` counts instead, under `valgrind --tool=callgrind` (deterministic, whatever
the machine's load; `PYTHONHASHSEED=0`): a fresh process per side makes both clients, warms
them, then runs `--number` calls of one side; the instructions of a process that runs none
are subtracted, and the rest divided by the number of calls.

The machine is shared and noisy, so each side runs many short rounds, interleaved (raw, sdk,
raw, sdk, ...), and the figures are the fastest round of each side (the least disturbed) and the
median of the per-round ratios (each pair of adjacent rounds saw about the same machine).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable

import httpx
from _mock_server import KEY, mock_server

import wwt_sms

SMS_ID = 211
BODY = json.dumps(
    {
        "error": 0,
        "errorDescription": "No errors",
        "id": SMS_ID,
        "msisdn": 380972000001,
        "reference": "ext19",
        "time_in": "2017-01-17 09:11:41",
        "time_sent": "2017-01-17 09:11:41",
        "time_dr": "2017-01-17 09:11:45",
        "status": "delivered",
        "price": 0.23,
        "currency": "EUR",
    }
).encode()
BASE_URL = "https://api.wwt.world/rest"


STATUS_IDS = range(10_000_001, 10_001_001)  # ten batches
STATUS_BODIES = {  # the first id of each batch -> its answer, as the mock's `api` style sends it
    first: json.dumps(
        {
            "error": 0,
            "result": [
                {
                    "id": str(id),
                    "external_id": f"r{id}",
                    "msisdn": f"3809{id:08d}",
                    "time_sent": "2026-12-01 08:00:10",  # one campaign: one send second
                    "time_dr": f"2026-12-01 08:00:{20 + id % 40}",
                    "status": "delivered",
                    "price": 0.23,
                    "currency": "EUR",
                }
                for id in range(first, first + 100)
            ],
        }
    ).encode()
    for first in STATUS_IDS[::100]
}


def _handler(request: httpx.Request) -> httpx.Response:
    if request.method == "POST":
        first = json.loads(request.content)["ids"][0]
        body = STATUS_BODIES[first]
    else:
        body = BODY
    return httpx.Response(200, content=body, headers={"content-type": "application/json"})


def compare(
    raw: Callable[[], object], sdk: Callable[[], object], rounds: int, number: int
) -> dict[str, float]:
    """Interleaved rounds of `number` calls; seconds per call and the ratio sdk/raw."""
    for _ in range(max(number // 10, 10)):  # warm both paths (imports, pools, caches)
        raw()
        sdk()
    raw_times: list[float] = []
    sdk_times: list[float] = []
    for _ in range(rounds):
        for side, times in ((raw, raw_times), (sdk, sdk_times)):
            started = time.perf_counter()
            for _ in range(number):
                side()
            times.append((time.perf_counter() - started) / number)
    paired = [s / r for r, s in zip(raw_times, sdk_times, strict=True)]
    return {
        "raw": min(raw_times),
        "sdk": min(sdk_times),
        "ratio_best": min(sdk_times) / min(raw_times),
        "ratio_median": statistics.median(paired),
        "ratio_low": min(paired),
        "ratio_high": max(paired),
    }


def report(title: str, result: dict[str, float], target: str) -> None:
    print(f"\n== {title} ==")
    print(f"raw httpx get(url).json(): {result['raw'] * 1e6:8.1f} µs/call (fastest round)")
    print(f"client.sms.get({SMS_ID}):      {result['sdk'] * 1e6:8.1f} µs/call (fastest round)")
    print(
        f"ratio sdk/raw: {result['ratio_best']:.3f} (fastest rounds), median of paired rounds "
        f"{result['ratio_median']:.3f} [{result['ratio_low']:.3f}..{result['ratio_high']:.3f}]"
        f"  {target}"
    )


def bench_memory(rounds: int, number: int) -> dict[str, float]:
    http = httpx.Client(transport=httpx.MockTransport(_handler))
    with wwt_sms.Client(KEY, base_url=BASE_URL, http_client=http) as client:
        url = f"{BASE_URL}/sms/{SMS_ID}"
        assert http.get(url).json()["id"] == client.sms.get(SMS_ID).id
        result = compare(
            lambda: http.get(url).json(), lambda: client.sms.get(SMS_ID), rounds, number
        )
    http.close()
    report("in memory (httpx.MockTransport)", result, "target <= 1.15")
    return result


def _fresh_handler() -> Callable[[httpx.Request], httpx.Response]:
    """Each answer a new body (its reference counts up), so no check is answered from the
    drift checker's cache of verdicts."""
    answer = json.loads(BODY)
    numbers = itertools.count()

    def handler(request: httpx.Request) -> httpx.Response:
        answer["reference"] = f"ext{next(numbers)}"
        body = json.dumps(answer).encode()
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    return handler


def bench_drift(rounds: int, number: int) -> None:
    http = httpx.Client(transport=httpx.MockTransport(_fresh_handler()))
    url = f"{BASE_URL}/sms/{SMS_ID}"
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, http_client=http) as default,
        wwt_sms.Client(KEY, base_url=BASE_URL, http_client=http, on_contract_drift="warn") as warn,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error", wwt_sms.ContractDriftWarning)  # the body fits: none
        assert default.sms.get(SMS_ID).id == warn.sms.get(SMS_ID).id
        ignored = compare(
            lambda: http.get(url).json(), lambda: default.sms.get(SMS_ID), rounds, number
        )
        checked = compare(
            lambda: default.sms.get(SMS_ID), lambda: warn.sms.get(SMS_ID), rounds, number
        )
    http.close()
    print("\n== on_contract_drift, in memory ==")
    print(
        f"ignore (default) / raw httpx: {ignored['ratio_best']:.3f} (fastest rounds), median of "
        f"pairs {ignored['ratio_median']:.3f}  (the in-memory ratio: ignore costs nothing)"
    )
    print(
        f"warn / ignore: {checked['ratio_best']:.3f} (fastest rounds), median of pairs "
        f"{checked['ratio_median']:.3f}; the check adds "
        f"{(checked['sdk'] - checked['raw']) * 1e6:.1f} µs/call"
    )


def bench_loopback(rounds: int, number: int) -> dict[str, float]:
    with mock_server() as (base, _pid), httpx.Client(headers={"X-API-KEY": KEY}) as http:
        client = wwt_sms.Client(KEY, base_url=base, http_client=http)
        url = f"{base}/sms/{SMS_ID}"
        # The mock sends the id as the real API does, a string; the SDK hands out an int.
        assert int(http.get(url).json()["id"]) == client.sms.get(SMS_ID).id
        result = compare(
            lambda: http.get(url).json(), lambda: client.sms.get(SMS_ID), rounds, number
        )
    report("over loopback (wwt-sms-mock serve subprocess)", result, "no target")
    return result


def _raw_statuses(http: httpx.Client) -> int:
    ids = list(STATUS_IDS)
    url = f"{BASE_URL}/sms/getStatus"
    items = 0
    for start in range(0, len(ids), 100):
        response = http.post(url, json={"ids": ids[start : start + 100]})
        items += len(json.loads(response.content)["result"])
    return items


def bench_statuses(rounds: int, number: int) -> dict[str, float]:
    http = httpx.Client(transport=httpx.MockTransport(_handler))
    with wwt_sms.Client(KEY, base_url=BASE_URL, http_client=http) as client:
        found = client.sms.get_statuses(STATUS_IDS)
        assert _raw_statuses(http) == len(found) == sum(r is not None for r in found.values())
        result = compare(
            lambda: _raw_statuses(http), lambda: client.sms.get_statuses(STATUS_IDS), rounds, number
        )
    http.close()
    print("\n== get_statuses, 1,000 ids in 10 batches, in memory ==")
    print(f"raw httpx post + json.loads: {result['raw'] * 1e3:8.2f} ms/1,000 ids (fastest round)")
    print(f"client.sms.get_statuses:     {result['sdk'] * 1e3:8.2f} ms/1,000 ids (fastest round)")
    print(
        f"ratio sdk/raw: {result['ratio_best']:.3f} (fastest rounds), median of paired rounds "
        f"{result['ratio_median']:.3f} [{result['ratio_low']:.3f}..{result['ratio_high']:.3f}]"
        "  target <= 1.15"
    )
    return result


# --- instruction counts ---------------------------------------------------------------------

SIDES: dict[str, Callable[[httpx.Client, wwt_sms.Client], object]] = {
    "raw get": lambda http, client: http.get(f"{BASE_URL}/sms/{SMS_ID}").json(),
    "sdk get": lambda http, client: client.sms.get(SMS_ID),
    "raw statuses": lambda http, client: _raw_statuses(http),
    "sdk get_statuses": lambda http, client: client.sms.get_statuses(STATUS_IDS),
}


def run_side(side: str, calls: int) -> None:
    """Both clients made, a few warm-up calls of one side, then `calls` more of it (what
    callgrind counts)."""
    http = httpx.Client(transport=httpx.MockTransport(_handler))
    with wwt_sms.Client(KEY, base_url=BASE_URL, http_client=http) as client:
        for _ in range(3 if "statuses" in side else 20):
            SIDES[side](http, client)
        for _ in range(calls):
            SIDES[side](http, client)


def _instructions(side: str, calls: int) -> int:
    command = [sys.executable, __file__, "--side", side, "--number", str(calls)]
    with tempfile.TemporaryDirectory() as scratch:
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out", *command],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no total:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def instructions(number: int) -> None:
    """Per side: (a run with `number` calls - a run with none) / `number`."""
    print("\n== instructions per call (callgrind) ==")
    per_call: dict[str, float] = {}
    for side in SIDES:
        calls = max(number // 50, 2) if "statuses" in side else number
        per_call[side] = (_instructions(side, calls) - _instructions(side, 0)) / calls
        print(f"{side:18s} {per_call[side] / 1e3:10.1f} k instructions a call ({calls} calls)")
    print(f"ratio sdk get / raw get:              {per_call['sdk get'] / per_call['raw get']:.3f}")
    ratio = per_call["sdk get_statuses"] / per_call["raw statuses"]
    print(f"ratio sdk get_statuses / raw batched: {ratio:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["memory", "loopback", "drift", "statuses"])
    parser.add_argument("--rounds", type=int, default=40, help="rounds per side")
    parser.add_argument("--number", type=int, default=250, help="calls per round")
    parser.add_argument("--instructions", action="store_true", help="count them (callgrind)")
    parser.add_argument("--side", choices=SIDES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        run_side(args.side, args.number)
        return
    if args.instructions:
        instructions(args.number)
        return
    if args.only in (None, "memory"):
        bench_memory(args.rounds, args.number)
    if args.only in (None, "statuses"):
        bench_statuses(max(args.rounds // 2, 5), max(args.number // 50, 2))
    if args.only in (None, "loopback"):
        bench_loopback(max(args.rounds // 4, 5), max(args.number // 2, 50))
    if args.only in (None, "drift"):
        bench_drift(max(args.rounds // 2, 5), args.number)


if __name__ == "__main__":
    main()
