"""Clients other teams generate from openapi.yaml, each made to read what the API really sends.

Every target of `targets.py` builds a client from the spec into a temporary folder; a small
consumer program per client (beside this file) calls every operation through that client
and prints, per call, the HTTP status and the body *as the client's typed model gave it back*.
This driver compares those reports with the bodies the servers sent (`servers.py`):

* the contract mock, in every wire style it offers (read from its `/__mock/style` control at
  run time), with the records of `mock_cases.py` put in place;
* a loopback server sending the vendor's published example bodies (`vendor_bodies.json`).

A report that differs from the body (a field dropped, a number changed, a crash) fails the run.
`nox -s consumers` runs it (as `python -m tests.consumers.run`, from the root); `--spec PATH`
generates the clients from another spec, to see how an older or a proposed contract fares
against the same servers. Needs Java (openapi-generator),
the Node tools of package-lock.json (`npm ci`) and the generators' Python packages.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.consumers.meaning import Case, compare
from tests.consumers.mock_cases import MOCK_CASES, mock_styles, prepare_mock
from tests.consumers.servers import http, mock_server, request_for, vendor_server
from tests.consumers.steps import HERE, NODE_BIN, ROOT, Failed, Target
from tests.consumers.targets import TARGETS
from tests.keys import KEY

CONSUMER_SECONDS = 60


def run_consumer(command: list[str], base_url: str, cases: list[Case]) -> dict[str, Any]:
    """Run one consumer over the cases; its reports by case name (or a failure for each)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump([case.as_json() for case in cases], file)
    try:
        done = subprocess.run(
            [*command, base_url, file.name, KEY],
            cwd=ROOT, capture_output=True, text=True, timeout=CONSUMER_SECONDS, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {case.name: {"failure": f"no answer in {CONSUMER_SECONDS} s"} for case in cases}
    finally:
        os.unlink(file.name)
    reports: dict[str, Any] = {}
    for line in done.stdout.splitlines():
        with contextlib.suppress(ValueError):
            report = json.loads(line)
            if isinstance(report, dict) and "case" in report:
                reports[report["case"]] = report
    if done.returncode != 0 or len(reports) < len(cases):
        lines = done.stderr.strip().splitlines()
        tail = " | ".join([line for line in lines if "Error" in line][:2] or lines[-3:])
        for case in cases:
            reports.setdefault(case.name, {"failure": f"exit {done.returncode}: {tail}"})
    return reports


@dataclass
class Outcome:
    client: str
    target: str  # "mock <style>" or "vendor examples"
    problems: dict[str, list[str]]  # case name -> problems (empty: read right)


Ready = list[tuple[Target, list[str]]]  # the clients built, each with its consumer's command


def check(client: Target, command: list[str], target: str, base_url: str,
          cases: list[Case], sent: Mapping[str, tuple[int, Any]]) -> Outcome:  # fmt: skip
    reports = run_consumer(command, base_url, cases)
    problems = {case.name: compare(case, sent[case.name], reports.get(case.name)) for case in cases}
    return Outcome(client.name, target, problems)


def check_all(ready: Ready, target: str, base_url: str,
              cases: list[Case], sent: Mapping[str, tuple[int, Any]]) -> list[Outcome]:  # fmt: skip
    """Every consumer against one server, two at a time (they only read it)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [
            pool.submit(check, g, command, target, base_url, cases, sent) for g, command in ready
        ]
        return [run.result() for run in runs]


def against_mock(ready: Ready) -> list[Outcome]:
    outcomes = []
    cases = list(MOCK_CASES)
    with mock_server() as root:
        control = f"{root}/__mock"
        base_path = http("GET", f"{control}/state")[1]["base_path"]
        for style_name, style in mock_styles(control):
            prepare_mock(control, style)
            # What the mock sends for each case in this style (its clock stands still).
            sent = {c.name: _send(root + base_path, c) for c in cases}
            outcomes += check_all(ready, f"mock {style_name}", root + base_path, cases, sent)
    return outcomes


def _send(base_url: str, case: Case) -> tuple[int, Any]:
    method, path, payload = request_for(case.operation, case.argument)
    return http(method, base_url + path.removeprefix("/rest"), payload)


def against_vendor(ready: Ready) -> list[Outcome]:
    data = json.loads((HERE / "vendor_bodies.json").read_text())["cases"]
    cases = [Case(c["name"], c["operation"], c["argument"], c["expect"]) for c in data]
    sent = {c["name"]: (c["status"], c["body"]) for c in data}
    with vendor_server(data) as base_url:
        return check_all(ready, "vendor examples", base_url, cases, sent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml")
    parser.add_argument("--only", action="append", help="run only clients whose name has this")
    args = parser.parse_args(argv)
    started = time.monotonic()
    targets = [t for t in TARGETS if not args.only or any(o in t.name for o in args.only)]
    os.environ["PATH"] = f"{NODE_BIN}{os.pathsep}{os.environ['PATH']}"
    os.environ["NODE_PATH"] = str(ROOT / "node_modules")
    with tempfile.TemporaryDirectory(prefix="wwt-consumers-") as tmp:
        work = Path(tmp)
        ready, broken = prepare_clients(targets, args.spec.resolve(), work)
        outcomes = against_mock(ready) + against_vendor(ready) if ready else []
    failed = show(outcomes, broken)
    print(f"consumers: {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


def prepare_clients(targets: list[Target], spec: Path, work: Path) -> tuple[Ready, dict[str, str]]:
    """Build every client (generated, and compiled where its language needs it), two at a time;
    the clients that could not be made come back with the reason."""

    def prepare(target: Target) -> str | None:
        began = time.monotonic()
        try:
            target.build(spec, work)
        except Failed as failure:
            return str(failure)
        print(f"ready: {target.name} ({time.monotonic() - began:.1f} s)", flush=True)
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = dict(zip(targets, pool.map(prepare, targets), strict=True))
    broken = {t.name: why for t, why in failures.items() if why is not None}
    ready = [(t, t.command(work)) for t, why in failures.items() if why is None]
    return ready, broken


def show(outcomes: list[Outcome], broken: Mapping[str, str]) -> bool:
    """Print one line per client and target (and every problem); True when anything failed."""
    for name, why in broken.items():
        print(f"FAIL {name}: {why}")
    for outcome in outcomes:
        bad = {case: problems for case, problems in outcome.problems.items() if problems}
        good = len(outcome.problems) - len(bad)
        verdict = "ok  " if not bad else "FAIL"
        print(f"{verdict} {outcome.client} vs {outcome.target}: {good}/{len(outcome.problems)}")
        for case, problems in bad.items():
            for problem in problems[:4]:
                print(f"       {case}: {' / '.join(problem.split(chr(10)))[:300]}")
    return bool(broken) or any(any(o.problems.values()) for o in outcomes)


if __name__ == "__main__":
    sys.exit(main())
