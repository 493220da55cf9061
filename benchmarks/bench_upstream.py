"""The proxy's upstream clients alone: CPU time per request against a canned loopback server.

    .venv/bin/python benchmarks/bench_upstream.py                # about 30 seconds
    .venv/bin/python benchmarks/bench_upstream.py --requests 5000 --rounds 3

Each client in `_proxy/upstream.py` (aiohttp, the proxy's, and httpx) sends GET /rest/sms/211
over kept-alive loopback connections to a server (in a subprocess) that answers every request
with the same bytes, one request at a time and 16 at once. Printed: microseconds of the client
process's CPU time per request, and the ratio of each client to aiohttp, round by round. No
HTTP server of the proxy's is involved: this is what the client itself costs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time

from wwt_sms_mock._proxy.upstream import CLIENTS, UpstreamLimits, open_upstream

_SERVER = r"""
import asyncio, sys
BODY = b'{"error":0,"id":211,"status":"delivered","price":0.23,"currency":"EUR"}'
REPLY = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (
    len(BODY), BODY)
class Canned(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer = transport, b""
    def data_received(self, data):
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            _, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            self.transport.write(REPLY)
async def main():
    server = await asyncio.get_running_loop().create_server(Canned, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.sleep(600)
asyncio.run(main())
"""
HEADERS = [(b"x-api-key", b"test_bench"), (b"accept", b"*/*")]


async def _cpu_per_request(origin: str, client: str, requests: int, concurrency: int) -> float:
    upstream = open_upstream(origin, UpstreamLimits(), client)
    try:
        for _ in range(50):  # warm-up: connections, caches
            await upstream.send("GET", b"/rest/sms/211", HEADERS, b"")

        async def worker(count: int) -> None:
            for _ in range(count):
                await upstream.send("GET", b"/rest/sms/211", HEADERS, b"")

        start = time.process_time()
        await asyncio.gather(*(worker(requests // concurrency) for _ in range(concurrency)))
        return (time.process_time() - start) / requests * 1e6
    finally:
        await upstream.close()


async def _run(origin: str, requests: int, rounds: int) -> None:
    for concurrency in (1, 16):
        costs: dict[str, list[float]] = {client: [] for client in CLIENTS}
        for _ in range(rounds):
            for client in CLIENTS:
                cost = await _cpu_per_request(origin, client, requests, concurrency)
                costs[client].append(cost)
        for client, values in costs.items():
            ratios = [v / a for v, a in zip(values, costs["aiohttp"], strict=True)]
            print(
                f"{concurrency:>2} at once  {client:8} {statistics.median(values):7.0f} µs CPU a "
                f"request  ({client}/aiohttp {statistics.median(ratios):.2f}x, "
                f"[{min(ratios):.2f}..{max(ratios):.2f}])"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="per client and round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-c", _SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        asyncio.run(_run(f"http://127.0.0.1:{port}", args.requests, args.rounds))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
