"""`client.sms.get` against raw httpx, over the same in-memory transport.

    .venv/bin/python benchmarks/bench_sdk.py [--number N] [--repeat R]

Both sides use one `httpx.Client` whose transport (`httpx.MockTransport`) returns a fixed,
realistic body; the raw side is `http.get(url).json()`, the SDK side `client.sms.get(211)`
(validation, request built by the generated code, retry plan, exact decoding, normalisation,
frozen model). Rounds are interleaved and the best round of each is compared, so both see the
same machine state. Target: SDK / raw ≤ 1.15.
"""

from __future__ import annotations

import argparse
import json
import timeit

import httpx

import wwt_sms

BODY = json.dumps(
    {
        "error": 0,
        "errorDescription": "No errors",
        "id": 211,
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
URL = "https://api.wwt.world/rest/sms/211"


def _handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=2000, help="calls per round")
    parser.add_argument("--repeat", type=int, default=7, help="rounds per side")
    args = parser.parse_args()

    http = httpx.Client(transport=httpx.MockTransport(_handler))
    client = wwt_sms.Client("test_bench", http_client=http)
    assert http.get(URL).json()["id"] == client.sms.get(211).id

    def raw() -> object:
        return http.get(URL).json()

    def sdk() -> object:
        return client.sms.get(211)

    raw_rounds: list[float] = []
    sdk_rounds: list[float] = []
    for _ in range(args.repeat):
        raw_rounds.append(timeit.timeit(raw, number=args.number) / args.number)
        sdk_rounds.append(timeit.timeit(sdk, number=args.number) / args.number)
    best_raw, best_sdk = min(raw_rounds), min(sdk_rounds)
    print(f"raw httpx get().json(): {best_raw * 1e6:8.1f} µs/call (best of {args.repeat})")
    print(f"client.sms.get():       {best_sdk * 1e6:8.1f} µs/call (best of {args.repeat})")
    print(f"ratio sdk/raw:          {best_sdk / best_raw:8.3f}  (target ≤ 1.15)")
    client.close()
    http.close()


if __name__ == "__main__":
    main()
