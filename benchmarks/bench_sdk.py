"""`client.sms.get` against raw httpx per call, in memory and over loopback; on_contract_drift.

    .venv/bin/python benchmarks/bench_sdk.py [--only memory|loopback|drift] [--rounds R]
        [--number N]

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

The machine is shared and noisy, so each side runs many short rounds, interleaved (raw, sdk,
raw, sdk, ...), and the figures are the fastest round of each side (the least disturbed) and the
median of the per-round ratios (each pair of adjacent rounds saw about the same machine).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
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


def _handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["memory", "loopback", "drift"])
    parser.add_argument("--rounds", type=int, default=40, help="rounds per side")
    parser.add_argument("--number", type=int, default=250, help="calls per round")
    args = parser.parse_args()
    if args.only in (None, "memory"):
        bench_memory(args.rounds, args.number)
    if args.only in (None, "loopback"):
        bench_loopback(max(args.rounds // 4, 5), max(args.number // 2, 50))
    if args.only in (None, "drift"):
        bench_drift(max(args.rounds // 2, 5), args.number)


if __name__ == "__main__":
    main()
