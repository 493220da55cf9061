"""Delivery reports per second the mock POSTs to a local receiver, against a bare httpx loop
posting the same bodies to the same receiver.

    .venv/bin/python benchmarks/bench_dlr_delivery.py [--reports N] [--rounds R]

The receiver is a raw ASGI app under uvicorn on 127.0.0.1 that reads each body and answers
204. Mock side: `serve_in_thread` (its delivery queue running), N messages with a callback
URL, one status change each; the clock is timed from `advance` (all N fall due at once)
until the receiver has all N reports: working out what is due, rendering, queueing, the
POSTs and the journal. Baseline: one `httpx.Client` posting the same N bodies in a loop.
Rounds alternate (baseline, mock, baseline, ...); the figures are each side's best round and
the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from typing import Any

import httpx

from wwt_sms_mock import MockCore, serve_in_thread
from wwt_sms_mock._faces.server import run_in_thread

TARGET = 0.5


class CountingReceiver:
    """Reads each POSTed body, answers 204, counts."""

    def __init__(self) -> None:
        self.count = 0
        self.arrived = threading.Condition()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        with self.arrived:
            self.count += 1
            self.arrived.notify_all()

    def wait_for(self, count: int, deadline: float = 120.0) -> None:
        with self.arrived:
            if not self.arrived.wait_for(lambda: self.count >= count, deadline):
                raise SystemExit(f"only {self.count} of {count} reports arrived")


def add_messages(core: MockCore, url: str, reports: int, first_id: int) -> None:
    for offset in range(reports):
        core.add_message(
            id=first_id + offset, status="sent", transitions=[(1, "delivered")], callback_url=url
        )


def report_bodies(url: str, reports: int) -> list[bytes]:
    """The bodies the mock sends for `reports` messages (no queue running: just taken)."""
    core = MockCore(realtime=False, demo=False)
    add_messages(core, url, reports, 1)
    core.advance(2)
    return [due.body for due in core.due_deliveries()]


def mock_round(receiver: CountingReceiver, url: str, reports: int, first_id: int) -> float:
    """Seconds for the mock to deliver `reports` reports."""
    core = MockCore(realtime=False, demo=False)
    with serve_in_thread(core):
        add_messages(core, url, reports, first_id)
        start_count = receiver.count
        started = time.perf_counter()
        core.advance(2)
        receiver.wait_for(start_count + reports)
        elapsed = time.perf_counter() - started
    undelivered = [e for e in core.deliveries if e.outcome != "delivered"]
    if undelivered or len(core.deliveries) != reports:
        raise SystemExit(f"the mock did not deliver every report: {undelivered[:3]}")
    return elapsed


def bare_round(receiver: CountingReceiver, url: str, bodies: list[bytes]) -> float:
    headers = {"content-type": "application/json"}
    with httpx.Client() as client:
        client.post(url, content=bodies[0], headers=headers)  # connect outside the timing
        started = time.perf_counter()
        for body in bodies:
            if client.post(url, content=body, headers=headers).status_code != 204:
                raise SystemExit("the receiver refused a report")
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    receiver = CountingReceiver()
    mock_rates: list[float] = []
    bare_rates: list[float] = []
    with run_in_thread(receiver) as root:
        url = root + "/dlr"
        bodies = report_bodies(url, args.reports)
        mock_round(receiver, url, args.reports, 1)  # warm-up
        for round_number in range(args.rounds):
            bare_rates.append(args.reports / bare_round(receiver, url, bodies))
            first = (round_number + 1) * args.reports + 1
            mock_rates.append(args.reports / mock_round(receiver, url, args.reports, first))
    ratios = [m / b for m, b in zip(mock_rates, bare_rates, strict=True)]
    ratio = statistics.median(ratios)
    print(
        f"{args.reports} reports a round, {args.rounds} rounds, to a uvicorn receiver on loopback"
    )
    print(f"  bare httpx loop:  {max(bare_rates):8.0f} reports/s (best round)")
    print(f"  mock deliveries:  {max(mock_rates):8.0f} reports/s (best round)")
    verdict = "meets" if ratio >= TARGET else "misses"
    print(f"  ratio mock/bare:  {ratio:.2f}x (median of rounds; {verdict} the {TARGET}x target)")
    print(f"  per round:        {', '.join(f'{r:.2f}x' for r in ratios)}")


if __name__ == "__main__":
    main()
