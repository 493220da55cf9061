"""Peak memory of the `wwt-sms` command as the number of IDs grows.

    .venv/bin/python benchmarks/bench_cli_memory.py [--counts 1000 10000 100000]
        [--per-id-counts 1000 10000 30000] [--http-per-id-counts 1000 10000]
        [--checkout DIR] [--python PYTHON]

Each measurement is a fresh process: `wwt-sms ... sms get-many [--batch] FILE`, its output to a
file (the rows are counted: one per ID line), its peak RSS read from the kernel when it ends
(`os.wait4`'s `ru_maxrss`). The IDs mix the mock's demo messages, unknown IDs (a failed row
each) and a line that is not an ID now and then, in a file written once per count.

Runs: the embedded mock (`--mock`) with `--batch` (CSV at every count; JSON lines and the table
at the largest) and one request per ID (32 threads; slower, hence its own smaller counts); then
the same against the HTTP mock in its own process (`wwt-sms-mock serve`), where the command's
process holds only the SDK. Baselines, measured in the same run: a process that only imports
`wwt_sms`, and each series' own figure at its smallest count. Flat means the growth from the
smallest to the largest count stays a small part of the start.

`--checkout DIR` runs the command from another tree (`DIR/overlay`, `DIR/generated` first on
`PYTHONPATH`; the mock stays the installed one), e.g. an export of an older commit:
`git archive COMMIT overlay generated | tar -x -C /tmp/before`.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from _mock_server import KEY, mock_server

KNOWN = (211, 212, 213, 301, 302, 9007199254740993)  # demo messages of the mock
UNKNOWN_FROM = 10_000_000  # far from the demo records: "not found" rows
RUN_CLI = "import sys; from wwt_sms._cli import main; sys.exit(main())"


@dataclass(frozen=True)
class Measure:
    peak_kib: int
    seconds: float
    lines_out: int
    code: int


def write_ids(directory: Path, count: int) -> Path:
    """`count` lines: three known IDs in four, an unknown one otherwise, and "abc" every
    1,000th line."""
    path = directory / f"ids-{count}.txt"
    with open(path, "w", encoding="utf-8") as file:
        for index in range(count):
            if index % 1000 == 999:
                file.write("abc\n")
            elif index % 4 == 3:
                file.write(f"{UNKNOWN_FROM + index}\n")
            else:
                file.write(f"{KNOWN[index % len(KNOWN)]}\n")
    return path


def measure(python: str, env: dict[str, str], argv: Sequence[str], out_dir: Path) -> Measure:
    """Run one process to its end; its peak RSS, wall time, lines written, exit code."""
    out_path, err_path = out_dir / "out.txt", out_dir / "err.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen([python, *argv], stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    with open(out_path, "rb") as file:
        lines = sum(1 for _ in file)
    return Measure(usage.ru_maxrss, seconds, lines, process.returncode)  # KiB on Linux


def child_env(checkout: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WWT_")}
    if checkout is not None:
        paths = [str(checkout / "overlay"), str(checkout / "generated")]
        env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")]).rstrip(":")
    return env


def header_lines(fmt: str) -> int:
    return 0 if fmt == "json" else 1


def run_series(
    name: str,
    counts: Sequence[int],
    cli: Sequence[str],
    fmt: str,
    files: dict[int, Path],
    context: tuple[str, dict[str, str], Path, float],
) -> None:
    """One row per count: peak RSS, against the series' smallest count and the import-only
    process; the rows written are checked (one per line of the file)."""
    python, env, out_dir, import_mib = context
    first_mib = None
    for count in counts:
        argv = ["-c", RUN_CLI, *cli, "--format", fmt, str(files[count])]
        result = measure(python, env, argv, out_dir)
        mib = result.peak_kib / 1024
        first_mib = first_mib or mib
        rows_ok = result.lines_out == count + header_lines(fmt) and result.code in (0, 1)
        print(
            f"{name:<34} {count:>8,} {mib:>9.1f} {mib / first_mib:>9.3f}x {mib / import_mib:>8.2f}x"
            f" {mib - first_mib:>+8.1f} {result.seconds:>7.1f}s"
            f"  {'rows ok' if rows_ok else f'ROWS {result.lines_out}, exit {result.code}'}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--per-id-counts", type=int, nargs="+", default=[1_000, 10_000, 30_000])
    parser.add_argument("--http-per-id-counts", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--checkout", type=Path, help="run the command from this tree")
    parser.add_argument("--python", default=sys.executable)
    options = parser.parse_args()
    env = child_env(options.checkout)
    print(f"{platform.python_implementation()} {platform.python_version()}, nproc {os.cpu_count()}"
          f", code from {options.checkout or 'the installed package'}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-cli-memory-") as tmp:
        out_dir = Path(tmp)
        every = {*options.counts, *options.per_id_counts, *options.http_per_id_counts}
        files = {count: write_ids(out_dir, count) for count in sorted(every)}
        imported = measure(options.python, env, ["-c", "import wwt_sms"], out_dir)
        import_mib = imported.peak_kib / 1024
        print(f"baseline: a process that only imports wwt_sms: {import_mib:.1f} MiB peak RSS\n")
        print(f"{'series':<34} {'ids':>8} {'peak MiB':>9} {'/smallest':>10} {'/import':>9}"
              f" {'+MiB':>8} {'wall':>8}")  # fmt: skip
        context = (options.python, env, out_dir, import_mib)
        largest = [max(options.counts)]
        batch, per_id = ["sms", "get-many", "--batch"], ["sms", "get-many"]
        mocked = ["--mock"]
        run_series("--mock --batch csv", options.counts, [*mocked, *batch], "csv", files, context)
        run_series("--mock --batch json", largest, [*mocked, *batch], "json", files, context)
        run_series("--mock --batch table", largest, [*mocked, *batch], "table", files, context)
        run_series("--mock per-id csv (32 threads)", options.per_id_counts, [*mocked, *per_id],
                   "csv", files, context)  # fmt: skip
        with mock_server() as (url, _):
            http = ["--base-url", url, "--api-key", KEY]
            run_series("HTTP mock --batch csv", options.counts, [*http, *batch], "csv", files,
                       context)  # fmt: skip
            run_series("HTTP mock per-id csv (32 threads)", options.http_per_id_counts,
                       [*http, *per_id], "csv", files, context)  # fmt: skip
    print("\n/smallest: peak RSS over the same series' at its smallest count (flat: ~1.0x);")
    print("/import: over the import-only process; +MiB: growth over the smallest count.")


if __name__ == "__main__":
    main()
