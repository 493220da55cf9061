"""The least a proxy can do, for `bench_proxy.py --floor`: pass each request's bytes to the
upstream on a connection of its own and each answer's bytes back. No ASGI server, no checks,
no bounds, no error handling: not for use, only to show what the hop itself costs here.

    python benchmarks/bare_forwarder.py UPSTREAM_PORT      # prints "ready: http://..." and serves
"""

from __future__ import annotations

import asyncio
import sys

import httptools
import uvloop


class _Upstream(asyncio.Protocol):
    """One connection to the upstream, owned by one client connection."""

    def __init__(self, client: _Client) -> None:
        self.client = client
        self.parser = httptools.HttpResponseParser(self)
        self.chunks: list[bytes] = []
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.parser.feed_data(data)

    def on_message_complete(self) -> None:
        answer, self.chunks = b"".join(self.chunks), []
        if not self.client.transport.is_closing():
            self.client.transport.write(answer)


class _Client(asyncio.Protocol):
    def __init__(self, port: int) -> None:
        self.port = port
        self.parser = httptools.HttpRequestParser(self)
        self.chunks: list[bytes] = []
        self.waiting: list[bytes] = []  # requests that came before the upstream connection
        self.upstream: _Upstream | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.connecting = asyncio.ensure_future(self._connect())

    async def _connect(self) -> None:
        loop = asyncio.get_running_loop()
        _, self.upstream = await loop.create_connection(
            lambda: _Upstream(self), "127.0.0.1", self.port
        )
        for request in self.waiting:
            self._send(request)

    def _send(self, request: bytes) -> None:
        assert self.upstream is not None
        assert self.upstream.transport is not None
        self.upstream.transport.write(request)

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.parser.feed_data(data)

    def on_message_complete(self) -> None:
        request, self.chunks = b"".join(self.chunks), []
        if self.upstream is None:
            self.waiting.append(request)
        else:
            self._send(request)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.upstream is not None and self.upstream.transport is not None:
            self.upstream.transport.close()


async def main(upstream_port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Client(upstream_port), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"ready: http://127.0.0.1:{port}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    uvloop.run(main(int(sys.argv[1])))
