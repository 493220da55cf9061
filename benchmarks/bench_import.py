"""Import cost of wwt_sms against httpx, in fresh interpreters.

    .venv/bin/python benchmarks/bench_import.py [--runs N] [--python PATH]
        [--checkout DIR ...] [--instructions]

Each statement runs in a new process (`python -c`), many times, interleaved; medians are
compared after subtracting the cost of starting an empty interpreter, in wall-clock time and in
the CPU time of the process (user + system: steadier than wall-clock on a shared machine).

By default the interpreter is a clean venv holding only the runtime dependencies (httpx,
attrs), created once with `uv` in the temp directory, with `overlay/` and `generated/` on
PYTHONPATH. `--python .venv/bin/python` measures the project's venv with every extra instead:
there `import httpx` also loads click, rich and pygments (httpx's CLI), which makes httpx
slower and the ratio kinder; the CLI's own start-up (`wwt-sms --mock sms get 211`, mock
included) is then measured too.

`--checkout DIR` (repeatable) measures the wwt_sms statements of other checkouts in the same
run, their `overlay/` and `generated/` first on PYTHONPATH (e.g. `git worktree add /tmp/old
<commit>`): before and after, side by side. `--instructions` also counts the instructions of
one run of each statement under `valgrind --tool=callgrind` (deterministic, `PYTHONHASHSEED=0`;
slow: about 30 s a statement).

Target: import wwt_sms <= 1.2x import httpx.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = {"empty": "pass", "import httpx": "import httpx"}
SDK = {
    "import wwt_sms": "import wwt_sms",
    "from wwt_sms import Client": "from wwt_sms import Client",
    "first request (+ generated, attrs)": "import wwt_sms._response",
}
CLI = {
    "import wwt_sms._cli": "import wwt_sms._cli",
    "wwt-sms --mock sms get 211": (
        "import sys; from wwt_sms._cli import main; sys.exit(main(['--mock', 'sms', 'get', '211']))"
    ),
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


def _environment(checkout: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(checkout / "overlay"), str(checkout / "generated")])
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the caches must be warm, as after an install
    return env


def measure(python: str, code: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `python -c code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([python, "-c", code], check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def instructions(python: str, code: str, env: dict[str, str]) -> int:
    """Instructions of one `python -c code` under callgrind."""
    with tempfile.TemporaryDirectory() as scratch:
        out = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={scratch}/out",
                python,
                "-c",
                code,
            ],
            env={**env, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no total:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def _cases(checkouts: list[Path], with_cli: bool) -> dict[str, tuple[str, dict[str, str]]]:
    """Every statement to time: name -> (code, environment)."""
    statements = {**SDK, **(CLI if with_cli else {})}
    cases = {name: (code, _environment(checkouts[0])) for name, code in BASE.items()}
    for checkout in checkouts:
        label = "" if len(checkouts) == 1 else f"[{checkout}] "
        env = _environment(checkout)
        cases.update({label + name: (code, env) for name, code in statements.items()})
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--python", help="interpreter to use (default: a clean venv)")
    parser.add_argument("--checkout", type=Path, action="append", help="default: this one")
    parser.add_argument("--instructions", action="store_true", help="count them (callgrind)")
    args = parser.parse_args()
    python = args.python or clean_python()
    checkouts = [path.resolve() for path in args.checkout or [ROOT]]
    cases = _cases(checkouts, with_cli=args.python is not None)
    for code, env in cases.values():  # warm the bytecode caches
        measure(python, code, env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, (code, env) in cases.items():
            samples[name].append(measure(python, code, env))
    wall = {name: statistics.median(s[0] for s in values) for name, values in samples.items()}
    cpu = {name: statistics.median(s[1] for s in values) for name, values in samples.items()}
    print(f"interpreter: {python}  ({args.runs} runs each, medians; cost = minus 'empty')")
    print(
        f"{'':46s} {'wall':>8s} {'cost':>8s} {'ratio':>7s} {'cpu':>8s} {'cost':>8s} {'ratio':>7s}"
    )
    for name in cases:
        row = f"{name:46s}"
        for median in (wall, cpu):
            cost = median[name] - median["empty"]
            base = median["import httpx"] - median["empty"]
            ratio = "" if name == "empty" else f"{cost / base:6.2f}x"
            row += f" {median[name] * 1000:6.1f}ms {cost * 1000:6.1f}ms {ratio:>7s}"
        print(row)
    if args.instructions:
        counts = {name: instructions(python, code, env) for name, (code, env) in cases.items()}
        base = counts["import httpx"] - counts["empty"]
        print("instructions (callgrind, one run each; cost = minus 'empty'):")
        for name, count in counts.items():
            cost = count - counts["empty"]
            ratio = "" if name == "empty" else f"{cost / base:6.2f}x"
            print(f"{name:46s} {count / 1e6:8.1f} M {cost / 1e6:8.1f} M {ratio:>7s}")
    print("target: import wwt_sms <= 1.2x import httpx")


if __name__ == "__main__":
    main()
