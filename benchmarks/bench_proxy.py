"""Benchmark of the validating proxy, run by hand. Prints figures and ratios from one run.

    .venv/bin/python benchmarks/bench_proxy.py            # about 3 minutes
    .venv/bin/python benchmarks/bench_proxy.py --seconds 10 --rounds 5

wrk (1 thread; 1, 16 and 64 connections) on GET /rest/sms/211 against:
* the standalone mock directly (`wwt-sms-mock serve`);
* `wwt-sms-mock proxy --report FILE` in front of that mock;
* `prism proxy openapi.yaml <mock>` (Prism 5.16, package-lock.json) in front of the same mock.
* with --floor, `bare_forwarder.py` in front of the same mock: bytes passed on, nothing else.
Targets: proxy >= 0.5x the direct req/s, p99 added <= 5 ms, proxy >= 3x Prism's req/s. The
latency a proxy adds shows best at 1 connection; with 16 or 64 every server is saturated and
p99 is mostly queueing.

The three run in turn, round after round, and each figure is the median of the rounds (a
ratio: the median of the rounds' ratios, with their range): on a shared machine with 2 cores
one 5-second run swings by half. No timed assertions: the ratios are the point. With 2 cores
the mock, the proxy and wrk share them, so the proxy's ratio is a floor.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _mock_server import launched, mock_server, running
from bench_mock import PRISM, ROOT, SMS_ID, prism_server, wrk

CONNECTIONS = (1, 16, 64)


def proxy_server(upstream: str, report: Path) -> contextlib.AbstractContextManager[tuple[str, int]]:
    """`wwt-sms-mock proxy` in front of `upstream`; yields (base URL with /rest, pid)."""
    return running("proxy", "--upstream", upstream, "--report", str(report))


@contextlib.contextmanager
def bare_forwarder(upstream: str) -> Iterator[str]:
    """`bare_forwarder.py` in front of `upstream` (a base URL); yields the same base URL on
    the forwarder's port."""
    origin, _, base_path = upstream.partition("://")[2].partition("/")
    port = origin.rsplit(":", 1)[1]
    script = Path(__file__).with_name("bare_forwarder.py")
    with launched([sys.executable, str(script), port]) as forwarder:
        yield forwarder.url + "/" + base_path


def prism_proxy(upstream: str) -> contextlib.AbstractContextManager[str]:
    """`prism proxy` in front of `upstream`; yields its base URL (Prism drops the spec's base
    path, so requests go to /sms/... and it forwards them under `upstream`)."""
    return prism_server("proxy", str(ROOT / "openapi.yaml"), upstream)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; NaN where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measured(url: str, connections: int, seconds: int, pids: dict[str, int]) -> dict[str, Any]:
    """One wrk run, with the CPU time each of `pids` spent per request meanwhile."""
    before = {name: _cpu_seconds(pid) for name, pid in pids.items()}
    result = wrk(url, connections, seconds)
    for name, pid in pids.items():
        spent = _cpu_seconds(pid) - before[name]
        result[f"{name}_cpu"] = spent / max(result["requests"], 1) * 1e6
    return result


def _row(name: str, connections: int, runs: list[dict[str, Any]]) -> str:
    keys = ("rps", "p50", "p99", "mock_cpu", "proxy_cpu")
    rps, p50, p99, mock_cpu, proxy_cpu = (statistics.median(r[k] for r in runs) for k in keys)
    proxy_cpu_text = f"{proxy_cpu:.0f}" if name == "proxy" else "-"
    non2xx = sum(r["non2xx"] for r in runs)
    errors = "; ".join(sorted({r["socket_errors"] for r in runs} - {""}))
    return (
        f"{name:8} {connections:>5} {rps:>10.0f} {p50:>8.2f} {p99:>8.2f} {mock_cpu:>9.0f} "
        f"{proxy_cpu_text:>10} {non2xx:>8} {errors}"
    )


def _ratio(top: list[dict[str, Any]], bottom: list[dict[str, Any]], key: str = "rps") -> str:
    ratios = [t[key] / b[key] for t, b in zip(top, bottom, strict=True)]
    low, high = min(ratios), max(ratios)
    return f"{statistics.median(ratios):.2f}x [{low:.2f}..{high:.2f}]"


def _added(proxy: list[dict[str, Any]], direct: list[dict[str, Any]]) -> str:
    added = [p["p99"] - d["p99"] for p, d in zip(proxy, direct, strict=True)]
    return f"{statistics.median(added):.2f} ms [{min(added):.2f}..{max(added):.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each server, in turn")
    parser.add_argument(
        "--floor", action="store_true", help="also a bare forwarder: what the hop alone costs"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None or not PRISM.exists():
        print("wrk or Prism missing: `apt-get install wrk`, `npm ci`")
        return
    cores, python = os.cpu_count(), platform.python_version()
    print(f"machine: {platform.machine()}, {cores} cores (shared), Python {python}")
    print(f"\n== wrk: GET sms/{SMS_ID}, {args.rounds} rounds of {args.seconds}s, 1 wrk thread ==")
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    path = f"/sms/{SMS_ID}"
    with (
        tempfile.TemporaryDirectory() as tmp,
        mock_server() as (base, mock_pid),
        proxy_server(base, Path(tmp) / "report.jsonl") as (proxied, proxy_pid),
        prism_proxy(base) as prism_url,
        bare_forwarder(base) if args.floor else contextlib.nullcontext("") as bare_url,
    ):
        servers = {"direct": base, "proxy": proxied, "prism": prism_url}
        if bare_url:
            servers["bare"] = bare_url
        pids = {"mock": mock_pid, "proxy": proxy_pid}
        for connections in CONNECTIONS:
            for url in servers.values():
                wrk(url + path, connections, 1)  # warm-up: connections, caches
            for _ in range(args.rounds):
                for name, url in servers.items():
                    result = _measured(url + path, connections, args.seconds, pids)
                    runs.setdefault((name, connections), []).append(result)
        report = Path(tmp) / "report.jsonl"
        violations = report.read_text().count("\n") if report.exists() else 0
    print("CPU: microseconds of CPU time (user + system) per request, of the mock and the proxy")
    print(
        f"{'server':8} {'conns':>5} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'mock CPU':>9} "
        f"{'proxy CPU':>10} {'non-2xx':>8}"
    )
    for (name, connections), results in runs.items():
        print(_row(name, connections, results))
    for connections in CONNECTIONS:
        direct, proxy, prism = (runs[n, connections] for n in ("direct", "proxy", "prism"))
        print(
            f"c{connections}: proxy/direct req/s = {_ratio(proxy, direct)} (target >= 0.5x); "
            f"p99 added {_added(proxy, direct)} (target <= 5 ms); "
            f"proxy/prism req/s = {_ratio(proxy, prism)} (target >= 3x)"
        )
        if ("bare", connections) in runs:
            bare = runs["bare", connections]
            print(f"c{connections}: bare forwarder/direct req/s = {_ratio(bare, direct)}")
    print(f"violations reported by the proxy during the runs: {violations} (expected 0)")


if __name__ == "__main__":
    main()
