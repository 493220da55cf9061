"""`wwt_sms.parse_delivery_report` per call, against `json.loads` of the same body.

    .venv/bin/python benchmarks/bench_dlr.py [--rounds R] [--number N]

Both sides read the same bytes: the vendor's callback example from openapi.yaml (ids and price
as strings, vendor datetimes) and the canonical example (JSON numbers, ISO 8601). The baseline
is `json.loads(body)`, which gives a dict of raw values; the SDK side gives a frozen
`DeliveryReport` with every field checked and normalised (bounds on size and nesting, exact
Decimal price, aware datetimes, the status set).

The machine is shared and noisy, so each side runs many short rounds, interleaved (json, sdk,
json, sdk, ...): the figures are the fastest round of each side and the median of the
per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import wwt_sms

SPEC = Path(__file__).resolve().parent.parent / "openapi.yaml"


def example_bodies() -> dict[str, bytes]:
    webhook = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["webhooks"]["deliveryReport"]
    examples = webhook["post"]["requestBody"]["content"]["application/json"]["examples"]
    return {
        name: json.dumps(examples[name]["value"]).encode()
        for name in ("vendorCallback", "canonical")
    }


def per_call(work: Callable[[], Any], number: int) -> float:
    """Seconds per call over `number` calls."""
    started = time.perf_counter()
    for _ in range(number):
        work()
    return (time.perf_counter() - started) / number


def compare(body: bytes, rounds: int, number: int) -> tuple[float, float, float]:
    """(fastest json.loads round, fastest SDK round, median of the paired ratios), seconds."""

    def baseline() -> Any:
        return json.loads(body)

    def sdk() -> Any:
        return wwt_sms.parse_delivery_report(body)

    assert sdk().id in (211, 3272625618)  # it reads the body, not an error
    baselines, sdks = [], []
    for _ in range(rounds):
        baselines.append(per_call(baseline, number))
        sdks.append(per_call(sdk, number))
    ratios = [s / b for s, b in zip(sdks, baselines, strict=True)]
    return min(baselines), min(sdks), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--number", type=int, default=5000)
    args = parser.parse_args()
    for name, body in example_bodies().items():
        fastest_json, fastest_sdk, median = compare(body, args.rounds, args.number)
        print(
            f"{name:<15} {len(body)} bytes: json.loads {fastest_json * 1e6:.2f} µs, "
            f"parse_delivery_report {fastest_sdk * 1e6:.2f} µs per call; "
            f"SDK / json.loads: fastest rounds {fastest_sdk / fastest_json:.2f}x, "
            f"median of {args.rounds} paired rounds {median:.2f}x"
        )


if __name__ == "__main__":
    main()
