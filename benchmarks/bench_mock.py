"""Benchmarks of the contract mock, run by hand. Prints figures and ratios from one run.

    .venv/bin/python benchmarks/bench_mock.py              # everything (about 1 minute)
    .venv/bin/python benchmarks/bench_mock.py --only wrk   # or: inprocess, memory

* wrk: the standalone mock vs Prism 5.16 (`prism mock openapi.yaml -v silent`) on
  GET /rest/sms/{id} (Prism: /sms/{id}, it ignores the server base path), 16 and 64
  connections: req/s, p50, p99. Target: >= 4x Prism's req/s, p99 no worse.
* inprocess: the SDK's `client.sms.get(211)` through WwtMock vs the same call through a bare
  respx route returning the same body, fixed. Target: >= 0.8x.
* memory: resident memory of the HTTP mock after ~1,000 and ~100,000 requests (wrk, 64
  connections), and any errors wrk saw. Target: flat.

No timed assertions: the numbers depend on the machine; the ratios are the point.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from _mock_server import KEY, ROOT, free_port, mock_server, running, stop_group

PRISM = ROOT / "node_modules" / ".bin" / "prism"
SMS_ID = 211


# --- processes ----------------------------------------------------------------------------


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port} after {timeout}s")


@contextmanager
def prism_server(*args: str) -> Iterator[str]:
    """`prism ARGS` (e.g. `mock SPEC`, `proxy SPEC UPSTREAM`) on a free port; yields its URL."""
    port = free_port()
    # Silent (a log line per request would cost Prism time in the runs): no ready line to wait
    # for, so wait for the port; stopped with its whole process group.
    process = subprocess.Popen(
        [str(PRISM), *args, "-p", str(port), "-v", "silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        _wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_group(process)


# --- wrk ----------------------------------------------------------------------------------

_STOP_AFTER = """
local limit = {limit}
local seen = 0
response = function(status, headers, body)
  seen = seen + 1
  if seen >= limit then wrk.thread:stop() end
end
"""


def _unit(value: str) -> float:
    """wrk's latency text (e.g. 812.00us, 1.20ms, 2.1s) in milliseconds."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if found is None:
        return float("nan")  # wrk prints no percentiles when a script stops it early
    number, unit = found.groups()
    return float(number) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]


def wrk(url: str, connections: int, seconds: int = 5, limit: int | None = None) -> dict[str, Any]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-H", f"X-API-KEY: {KEY}"]
    script = None
    if limit is not None:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script.write(_STOP_AFTER.format(limit=limit))
        script.close()
        command += ["-s", script.name]
    try:
        out = subprocess.run(
            [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
        ).stdout
    finally:
        if script is not None:
            os.unlink(script.name)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        # Anchored: "+/- Stdev" columns such as "71.99%" end in the same digits.
        "p50": _unit(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "p99": _unit(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "non2xx": int(m.group(1)) if (m := re.search(r"Non-2xx.*?(\d+)", out)) else 0,
        "socket_errors": (m.group(0) if (m := re.search(r"Socket errors:.*", out)) else ""),
    }


def bench_wrk(seconds: int) -> None:
    if shutil.which("wrk") is None or not PRISM.exists():
        print("wrk or Prism missing: `apt-get install wrk`, `npm ci`")
        return
    print(f"\n== wrk: GET sms/{SMS_ID}, {seconds}s per run, 1 wrk thread ==")
    results: dict[tuple[str, int], dict[str, Any]] = {}
    for connections in (16, 64):
        with mock_server() as (base, _):
            wrk(f"{base}/sms/{SMS_ID}", connections, 1)  # warm-up
            results["mock", connections] = wrk(f"{base}/sms/{SMS_ID}", connections, seconds)
        with prism_server("mock", str(ROOT / "openapi.yaml")) as root:
            wrk(f"{root}/sms/{SMS_ID}", connections, 1)
            results["prism", connections] = wrk(f"{root}/sms/{SMS_ID}", connections, seconds)
    print(f"{'server':8} {'conns':>5} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for (name, connections), r in results.items():
        print(
            f"{name:8} {connections:>5} {r['rps']:>10.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
            f"{r['non2xx']:>8} {r['socket_errors']}"
        )
    for connections in (16, 64):
        mock, prism = results["mock", connections], results["prism", connections]
        print(
            f"c{connections}: mock/prism req/s = {mock['rps'] / prism['rps']:.2f}x "
            f"(target >= 4x); p99 mock {mock['p99']:.2f} ms vs prism {prism['p99']:.2f} ms "
            f"({'no worse' if mock['p99'] <= prism['p99'] else 'WORSE'})"
        )


@contextmanager
def bare_asgi(
    *args: str, python: str = sys.executable, env: dict[str, str] | None = None
) -> Iterator[str]:
    """`benchmarks/bare_asgi.py ARGS` in a subprocess; yields its base URL (with /rest)."""
    process = subprocess.Popen(
        [python, str(ROOT / "benchmarks" / "bare_asgi.py"), *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if "ready:" not in line:
            raise RuntimeError(f"bare_asgi.py {args} did not start: {line!r}")
        base = line.split("ready: ", 1)[1].strip()
        _wait_for_port(int(base.rsplit(":", 1)[1].split("/")[0]))
        yield base
    finally:
        process.terminate()
        process.wait(10)


def _tree_env(tree: str) -> dict[str, str]:
    """The environment that runs the mock from another checkout (`git worktree add DIR REF`)."""
    paths = [str(Path(tree) / "mock_server"), str(Path(tree) / "overlay")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def bench_ceiling(seconds: int, rounds: int, granian: str | None, tree: str | None) -> None:
    """The mock against Prism and against a bare ASGI app sending the mock's bytes under the
    same uvicorn configuration, 16 connections, `rounds` interleaved rounds; medians."""
    if shutil.which("wrk") is None or not PRISM.exists():
        print("wrk or Prism missing: `apt-get install wrk`, `npm ci`")
        return
    print(f"\n== ceiling: GET sms/{SMS_ID}, 16 conns, {rounds} rounds of {seconds}s, medians ==")
    servers: dict[str, Callable[[], Any]] = {
        "mock": lambda: _based(mock_server()),
        "bare": lambda: bare_asgi(),
        "prism": lambda: prism_server("mock", str(ROOT / "openapi.yaml")),
    }
    if tree is not None:
        servers["mock/other tree"] = lambda: _based(running("serve", env=_tree_env(tree)))
    if granian is not None:
        servers["mock/granian"] = lambda: bare_asgi(
            "--app", "mock", "--server", "granian", python=granian
        )
        servers["bare/granian"] = lambda: bare_asgi("--server", "granian", python=granian)
    rates: dict[str, list[float]] = {name: [] for name in servers}
    p99: dict[str, list[float]] = {name: [] for name in servers}
    for _ in range(rounds):
        for name, start in servers.items():
            with start() as base:
                wrk(f"{base}/sms/{SMS_ID}", 16, 1)  # warm-up
                result = wrk(f"{base}/sms/{SMS_ID}", 16, seconds)
            rates[name].append(result["rps"])
            p99[name].append(result["p99"])
            if result["non2xx"] or result["socket_errors"]:
                print(f"  {name}: non-2xx {result['non2xx']} {result['socket_errors']}")
    median = {name: statistics.median(values) for name, values in rates.items()}
    for name in servers:
        shown = ", ".join(f"{r:.0f}" for r in rates[name])
        print(
            f"{name:13} {median[name]:>8.0f} req/s  (rounds: {shown}); "
            f"p99 {statistics.median(p99[name]):.2f} ms"
        )
    mock = median["mock"]
    print(f"mock / prism = {mock / median['prism']:.2f}x (target >= 6x)")
    print(f"mock / bare ASGI app, same uvicorn = {mock / median['bare']:.2f}x (target >= 0.7x)")
    if granian is not None:
        print(
            f"granian / uvicorn: bare {median['bare/granian'] / median['bare']:.2f}x, "
            f"mock {median['mock/granian'] / mock:.2f}x"
        )


@contextmanager
def _based(server: contextlib.AbstractContextManager[tuple[str, int]]) -> Iterator[str]:
    with server as (base, _):
        yield base


# --- in-process ---------------------------------------------------------------------------

BASE_URL = "https://api.wwt.world/rest"


def _rate(run: Callable[[], Any], n: int, rounds: int = 7) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(n):
            run()
        best = min(best, time.perf_counter() - started)
    return n / best


def bench_inprocess(n: int) -> None:
    import respx

    import wwt_sms
    from wwt_sms_mock import WwtMock

    print(f"\n== in-process: the SDK's client.sms.get({SMS_ID}), best of 7 x {n} calls ==")
    with wwt_sms.Client(KEY, base_url=BASE_URL) as client:

        def call() -> Any:
            return client.sms.get(SMS_ID)

        with WwtMock(BASE_URL):
            fixed = client.with_raw_response.sms.get(SMS_ID).content
            expected = call()
            with_mock = _rate(call, n)
        with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
            router.get(f"/sms/{SMS_ID}").respond(
                200, content=fixed, headers={"content-type": "application/json"}
            )
            assert call() == expected
            bare = _rate(call, n)
    print(f"through WwtMock (self-check on): {with_mock:>8.0f} calls/s")
    print(f"through a bare respx route:      {bare:>8.0f} calls/s (the same body, fixed)")
    print(f"ratio WwtMock / bare respx: {with_mock / bare:.2f}x (target >= 0.8x)")


# --- memory -------------------------------------------------------------------------------


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def bench_memory() -> None:
    if shutil.which("wrk") is None:
        print("wrk missing: `apt-get install wrk`")
        return
    print("\n== memory: HTTP mock RSS after a bounded soak (64 connections) ==")
    with mock_server() as (base, pid):
        url = f"{base}/sms/{SMS_ID}"
        first = wrk(url, 64, 30, limit=1_000)
        after_1k = _rss_kib(pid)
        half = wrk(url, 64, 60, limit=49_000)
        after_50k = _rss_kib(pid)
        soak = wrk(url, 64, 60, limit=50_000)
        after_100k = _rss_kib(pid)
        # Mixed traffic too: errors, other records, unknown paths all go through caches.
        for path in ("/sms/999", "/sms/task/77", "/sms/reference/ext19", "/sms/abc"):
            wrk(f"{base}{path}", 16, 10, limit=2_000)
        after_mixed = _rss_kib(pid)
    total = first["requests"] + half["requests"] + soak["requests"]
    print(f"RSS after {first['requests']:>7} requests: {after_1k / 1024:7.1f} MiB")
    print(
        f"RSS after {first['requests'] + half['requests']:>7} requests: "
        f"{after_50k / 1024:7.1f} MiB  (the bounded journal, 10,000 entries, is full by now)"
    )
    print(f"RSS after {total:>7} requests: {after_100k / 1024:7.1f} MiB")
    print(f"RSS after 8,000 more, mixed:     {after_mixed / 1024:7.1f} MiB")
    print(
        f"growth 1k->100k: {(after_100k - after_1k) / 1024:+.1f} MiB, 50k->100k: "
        f"{(after_100k - after_50k) / 1024:+.1f} MiB; "
        f"soak non-2xx {soak['non2xx'] + half['non2xx']}, "
        f"{soak['socket_errors'] or 'no socket errors'}"
        # (no rate: wrk divides by its whole -d duration even when the script stops it early)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["wrk", "inprocess", "memory", "ceiling"])
    parser.add_argument("--rounds", type=int, default=3, help="ceiling: interleaved rounds")
    parser.add_argument(
        "--other-tree", help="ceiling: also the mock from this checkout (before a change)"
    )
    parser.add_argument(
        "--granian-python", help="ceiling: also serve both apps under granian, from this venv"
    )
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--calls", type=int, default=2000, help="per in-process round")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    if args.only in (None, "inprocess"):
        bench_inprocess(args.calls)
    if args.only in (None, "wrk"):
        bench_wrk(args.seconds)
    if args.only in (None, "memory"):
        bench_memory()
    if args.only in (None, "ceiling"):
        bench_ceiling(args.seconds, args.rounds, args.granian_python, args.other_tree)


if __name__ == "__main__":
    main()
