"""Benchmark of the validating proxy, run by hand. Prints figures and ratios from one run.

    .venv/bin/python benchmarks/bench_proxy.py            # about 1 minute
    .venv/bin/python benchmarks/bench_proxy.py --seconds 10

wrk (1 thread; 1, 16 and 64 connections) on GET /rest/sms/211 against:
* the standalone mock directly (`wwt-sms-mock serve`);
* `wwt-sms-mock proxy --report FILE` in front of that mock;
* `prism proxy openapi.yaml <mock>` (Prism 5.16, package-lock.json) in front of the same mock.
Targets: proxy >= 0.5x the direct req/s, p99 added <= 5 ms, proxy >= 3x Prism's req/s. The
latency a proxy adds shows best at 1 connection; with 16 or 64 every server is saturated and
p99 is mostly queueing.

No timed assertions: the numbers depend on the machine; the ratios are the point. On a machine
with 2 cores the mock, the proxy and wrk share them, so the proxy's ratio is a floor.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import tempfile
from pathlib import Path
from typing import Any

from _mock_server import mock_server, wwt_sms_mock
from bench_mock import PRISM, ROOT, SMS_ID, prism_server, wrk

CONNECTIONS = (1, 16, 64)


def proxy_server(upstream: str, report: Path) -> contextlib.AbstractContextManager[tuple[str, int]]:
    """`wwt-sms-mock proxy` in front of `upstream`; yields (base URL with /rest, pid)."""
    return wwt_sms_mock("proxy", "--upstream", upstream, "--report", str(report))


def prism_proxy(upstream: str) -> contextlib.AbstractContextManager[str]:
    """`prism proxy` in front of `upstream`; yields its base URL (Prism drops the spec's base
    path, so requests go to /sms/... and it forwards them under `upstream`)."""
    return prism_server("proxy", str(ROOT / "openapi.yaml"), upstream)


def _row(name: str, connections: int, r: dict[str, Any]) -> str:
    return (
        f"{name:8} {connections:>5} {r['rps']:>10.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
        f"{r['non2xx']:>8} {r['socket_errors']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    args = parser.parse_args()
    if shutil.which("wrk") is None or not PRISM.exists():
        print("wrk or Prism missing: `apt-get install wrk`, `npm ci`")
        return
    cores, python = os.cpu_count(), platform.python_version()
    print(f"machine: {platform.machine()}, {cores} cores (shared), Python {python}")
    print(f"\n== wrk: GET sms/{SMS_ID}, {args.seconds}s per run, 1 wrk thread ==")
    results: dict[tuple[str, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp, mock_server() as (base, _):
        report = Path(tmp) / "report.jsonl"
        for connections in CONNECTIONS:
            path = f"/sms/{SMS_ID}"
            wrk(base + path, connections, 1)  # warm-up
            results["direct", connections] = wrk(base + path, connections, args.seconds)
            with proxy_server(base, report) as (proxied, _):
                wrk(proxied + path, connections, 1)
                results["proxy", connections] = wrk(proxied + path, connections, args.seconds)
            with prism_proxy(base) as prism:
                wrk(prism + path, connections, 1)
                results["prism", connections] = wrk(prism + path, connections, args.seconds)
        violations = report.read_text().count("\n") if report.exists() else 0
    print(f"{'server':8} {'conns':>5} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for (name, connections), r in results.items():
        print(_row(name, connections, r))
    for connections in CONNECTIONS:
        direct, proxy, prism = (results[n, connections] for n in ("direct", "proxy", "prism"))
        print(
            f"c{connections}: proxy/direct req/s = {proxy['rps'] / direct['rps']:.2f}x "
            f"(target >= 0.5x); p99 added {proxy['p99'] - direct['p99']:.2f} ms "
            f"(target <= 5 ms); proxy/prism req/s = {proxy['rps'] / prism['rps']:.2f}x "
            "(target >= 3x)"
        )
    print(f"violations reported by the proxy during the runs: {violations} (expected 0)")


if __name__ == "__main__":
    main()
