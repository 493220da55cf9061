"""The mock's own work per request, without a server: its ASGI app called in a loop against a
bare ASGI app sending the same bytes, `GET /rest/sms/211`, in one process.

    .venv/bin/python benchmarks/bench_mock_app.py [--calls N] [--profile]

`send` stands in for uvicorn's (a method of an object with a `flow`, as uvicorn's is), so the
app takes the path it takes under `wwt-sms-mock serve`. Run it with `PYTHONPATH=<checkout>/
mock_server:<checkout>/overlay` to measure another checkout. `--profile` prints cProfile's
top functions for the mock.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from typing import Any

from wwt_sms_mock import MockApp, MockCore

SCOPE = {
    "type": "http",
    "method": "GET",
    "path": "/rest/sms/211",
    "raw_path": b"/rest/sms/211",
    "query_string": b"",
    "headers": [(b"host", b"127.0.0.1:4010"), (b"x-api-key", b"test_benchmark")],
}


async def receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


class _Flow:
    write_paused = False


class _Cycle:
    """What uvicorn's `send` is bound to: a write flow that is never paused here."""

    flow = _Flow()

    async def send(self, message: Any) -> None:
        return None


def bare_app() -> Any:
    reply = MockCore().handle("GET", "/rest/sms/211", [(b"x-api-key", b"test_benchmark")])
    start = {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
    body = {"type": "http.response.body", "body": reply.body}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start)
        await send(body)

    return app


async def _loop(app: Any, calls: int) -> None:
    send = _Cycle().send
    for _ in range(calls):
        await app(SCOPE, receive, send)


def per_call(app: Any, calls: int, rounds: int = 5) -> float:
    """Microseconds a call, best of `rounds`."""
    asyncio.run(_loop(app, calls // 10))  # warm-up
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        asyncio.run(_loop(app, calls))
        best = min(best, time.perf_counter() - started)
    return best / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    mock = MockApp(MockCore(realtime=True))
    bare, own = per_call(bare_app(), args.calls), per_call(mock, args.calls)
    print(f"bare ASGI app {bare:6.1f} us a call; mock {own:6.1f} us; own work {own - bare:.1f} us")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(asyncio.run, _loop(mock, args.calls))
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
