"""A bare ASGI app answering every request with the mock's bytes for `GET /rest/sms/211`, for
`bench_mock.py --only ceiling`: the floor an ASGI app has under the same server.

    python benchmarks/bare_asgi.py                   # uvicorn, configured as `wwt-sms-mock serve`
    python benchmarks/bare_asgi.py --app mock        # the mock's own app, the same way
    python benchmarks/bare_asgi.py --server granian  # either app under granian (if installed)

Each prints "ready: http://127.0.0.1:PORT/rest" and serves until stopped. No checks, no bounds
of its own: not for use, only to show what the server costs by itself.
"""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

from wwt_sms_mock import MockApp, MockCore

KEY = [(b"x-api-key", b"test_benchmark")]


def bare_app() -> Any:
    reply = MockCore().handle("GET", "/rest/sms/211", KEY)
    start = {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
    body = {"type": "http.response.body", "body": reply.body}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await send(start)
            await send(body)

    return app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=["bare", "mock"], default="bare")
    parser.add_argument("--server", choices=["uvicorn", "granian"], default="uvicorn")
    args = parser.parse_args()
    app = bare_app() if args.app == "bare" else MockApp(MockCore())
    if args.server == "uvicorn":
        from wwt_sms_mock._faces.server import run_foreground

        def ready(url: str) -> None:
            print(f"ready: {url}/rest", flush=True)

        run_foreground(app, ready, host="127.0.0.1", port=0)
        return
    import asyncio

    from granian.constants import HTTPModes, Interfaces  # type: ignore[import-not-found]
    from granian.server.embed import Server  # type: ignore[import-not-found]

    port = _free_port()
    server = Server(
        app,
        address="127.0.0.1",
        port=port,
        interface=Interfaces.ASGI,
        http=HTTPModes.http1,
        websockets=False,
        log_enabled=False,
    )
    print(f"ready: http://127.0.0.1:{port}/rest", flush=True)
    asyncio.run(server.serve())


if __name__ == "__main__":
    sys.exit(main())
