"""Start-up of the CLI against its embedded mock, against `import httpx`, in fresh processes.

    .venv/bin/python benchmarks/bench_start.py [--runs N] [--other-tree DIR]

Each command runs in a new process, many times, interleaved; medians of the whole process's
wall time are compared with `python -c "import httpx"` in the same interpreter. The mock's
compiled spec is cached (see `wwt_sms_mock/_contract/cache.py`): "cold" runs with the cache
turned off, which is what every start cost before the cache. `--other-tree DIR` also runs
the CLI from another checkout (`git worktree add DIR main`), with its own code on PYTHONPATH.
Target: warm `wwt-sms --mock sms get 211` <= 2.5x `import httpx`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = "from wwt_sms._cli import main; main()"
COMMAND = ["--mock", "sms", "get", "211"]


def measure(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--other-tree", help="also the CLI from this checkout")
    args = parser.parse_args()
    python = sys.executable
    cache = tempfile.mkdtemp(prefix="wwt-sms-bench-start-")
    base = dict(os.environ)
    base.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as in an installed package
    warm = {**base, "WWT_SMS_MOCK_CACHE_DIR": cache}
    cold = {**base, "WWT_SMS_MOCK_CACHE_DIR": ""}
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([python, "-c", "pass"], warm),
        "import httpx": ([python, "-c", "import httpx"], warm),
        "wwt-sms --mock sms get 211 (warm cache)": ([python, "-c", CLI, *COMMAND], warm),
        "wwt-sms --mock sms get 211 (no cache)": ([python, "-c", CLI, *COMMAND], cold),
    }
    if args.other_tree:
        tree = Path(args.other_tree)
        paths = os.pathsep.join([str(tree / "mock_server"), str(tree / "overlay")])
        cases["the same, other tree"] = (
            [python, "-c", CLI, *COMMAND],
            {**warm, "PYTHONPATH": paths},
        )
    for argv, env in cases.values():  # warm the bytecode and spec caches
        measure(argv, env)
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, (argv, env) in cases.items():
            samples[name].append(measure(argv, env))
    median = {name: statistics.median(values) for name, values in samples.items()}
    httpx = median["import httpx"]
    print(f"interpreter: {python}  ({args.runs} runs each, medians of the whole process)")
    for name in cases:
        print(f"{name:42s} {median[name] * 1000:7.1f} ms  {median[name] / httpx:5.2f}x httpx")
    print("target: wwt-sms --mock sms get 211 (warm cache) <= 2.5x import httpx")


if __name__ == "__main__":
    main()
