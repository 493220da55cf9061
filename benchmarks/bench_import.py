"""Import cost of wwt_sms against httpx, in fresh interpreters.

    .venv/bin/python benchmarks/bench_import.py [--runs N] [--python PATH]

Each statement runs in a new process (`python -c`), many times, interleaved; medians are
compared after subtracting the cost of starting an empty interpreter. By default the
interpreter is a clean venv holding only the runtime dependencies (httpx, attrs), created once
with `uv` in the temp directory, with `overlay/` and `generated/` on PYTHONPATH: the project's
dev venv also holds click, rich and pygments, which `import httpx` then loads too (its CLI),
making httpx look three times slower and the ratio flattering. Target: ≤ 1.25.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATEMENTS = {
    "empty": "pass",
    "import httpx": "import httpx",
    "import wwt_sms": "import wwt_sms",
    "from wwt_sms import Client": "from wwt_sms import Client",
    "first request (+ generated, attrs)": "import wwt_sms._response",
}


def clean_python() -> str:
    """A venv with only wwt-sms's runtime dependencies, made once (needs `uv`)."""
    venv = Path(tempfile.gettempdir()) / "wwt-sms-bench-import-venv"
    python = venv / "bin" / "python"
    if python.exists():
        return str(python)
    uv = shutil.which("uv") or str(Path(sys.executable).parent / "uv")
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(python), "httpx>=0.27,<0.29", "attrs>=23.1"],
        check=True,
    )
    return str(python)


def measure(python: str, code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([python, "-c", code], check=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--python", help="interpreter to use (default: a clean venv)")
    args = parser.parse_args()
    python = args.python or clean_python()
    env = dict(os.environ)
    if not args.python:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "overlay"), str(ROOT / "generated")])
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for code in STATEMENTS.values():  # warm the bytecode caches
        measure(python, code, env)
    samples: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(args.runs):
        for name, code in STATEMENTS.items():
            samples[name].append(measure(python, code, env))
    median = {name: statistics.median(values) for name, values in samples.items()}
    base = median["empty"]
    httpx_cost = median["import httpx"] - base
    print(f"interpreter: {python}  ({args.runs} runs each, medians)")
    for name in STATEMENTS:
        cost = median[name] - base
        ratio = "" if name == "empty" else f"  {cost / httpx_cost:5.2f}x httpx"
        print(f"{name:38s} {median[name] * 1000:7.1f} ms total, {cost * 1000:7.1f} ms{ratio}")
    print("target: import wwt_sms <= 1.25x import httpx")


if __name__ == "__main__":
    main()
