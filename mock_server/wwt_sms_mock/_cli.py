"""`wwt-sms-mock serve`: the contract mock over HTTP; `wwt-sms-mock proxy`: the validating
proxy in front of the real API."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wwt-sms-mock",
        description="Contract mock of the WWT SMS status API, driven by its openapi.yaml.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve the mock over HTTP",
        description="Serve the mock over HTTP until SIGINT or SIGTERM. Controls live under "
        "/__mock (GET /__mock lists them); one-off choices via a `Prefer` request header.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="default: loopback only")
    serve.add_argument("--port", type=int, default=4010, help="0 picks a free port")
    serve.add_argument("--seed", type=int, default=0, help="seed for the generated extra records")
    serve.add_argument(
        "--quirks",
        action="store_true",
        help="the real API's wire quirks: numbers as strings, vendor datetimes, errors in 200",
    )
    serve.add_argument(
        "--base-path", default=None, help="path prefix of the API (default: the spec's, /rest)"
    )
    serve.add_argument(
        "--self-check",
        action="store_true",
        help="validate every response against the spec (a breach answers 500 and is logged)",
    )
    serve.add_argument(
        "--realtime",
        action="store_true",
        help="virtual time also follows the wall clock (default: only POST /__mock/advance)",
    )
    serve.add_argument(
        "--fixtures",
        metavar="DIR",
        default=None,
        help="load records from fixture files recorded by `proxy --record` (checked at load)",
    )
    _add_proxy(commands)
    return parser


def _add_proxy(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    proxy = commands.add_parser(
        "proxy",
        help="forward to the real API and check its traffic against the contract",
        description="Forward every request to UPSTREAM and return its answer unchanged, byte "
        "for byte; check each request and response against the spec (operation, parameters, "
        "status, content type, body schema). Runs until SIGINT or SIGTERM, then prints "
        "requests and violations per operation. The API key goes to UPSTREAM only and is "
        "never written anywhere; redirects are handed back, never followed.",
    )
    proxy.add_argument(
        "--upstream", required=True, help="the API's base URL, e.g. https://api.wwt.world/rest"
    )
    proxy.add_argument("--host", default="127.0.0.1", help="default: loopback only")
    proxy.add_argument("--port", type=int, default=4011, help="0 picks a free port")
    proxy.add_argument(
        "--report",
        metavar="PATH",
        help="append each violation to PATH as one JSON object per line (time, operation, "
        "method, path, status, side, location, pointer, message)",
    )
    proxy.add_argument(
        "--record",
        metavar="DIR",
        help="write each distinct response as DIR/<operationId>/<id or reference>.<status>."
        "<digest>.json; `serve --fixtures DIR` replays them",
    )
    proxy.add_argument(
        "--style-check",
        action="store_true",
        help="tally the wire form of every loosely typed field (numbers or digit strings, "
        "vendor or ISO datetimes, errors in 200 or at their status) and, on exit, which of "
        "the mock's wire styles sends the same forms",
    )
    proxy.add_argument(
        "--timeout", type=float, default=30.0, help="seconds for a whole upstream exchange"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Imported here: `--help` stays instant and needs no optional dependency.
    if args.command == "proxy":
        return _proxy(args)
    from ._core import MockCore
    from ._fixtures import FixtureError
    from ._server import serve

    try:
        core = MockCore(
            seed=args.seed,
            style="vendor" if args.quirks else "canonical",
            self_check=args.self_check,
            base_path=args.base_path,
            realtime=args.realtime,
            fixtures=args.fixtures,
        )
    except FixtureError as exc:
        return _refuse(str(exc))
    return serve(core, host=args.host, port=args.port)


def _refuse(message: str) -> int:
    print(f"wwt-sms-mock: error: {message}", file=sys.stderr)
    return 2


def _proxy(args: argparse.Namespace) -> int:
    from ._proxy import ProxyLimits
    from ._proxy_server import build_proxy, serve_proxy

    if not 0 < args.timeout <= 600:
        return _refuse("--timeout must be more than 0 and at most 600 seconds")
    try:
        app = build_proxy(
            args.upstream,
            report=args.report,
            record=args.record,
            style_check=args.style_check,
            limits=ProxyLimits(timeout=args.timeout),
        )
    except (ValueError, OSError) as exc:  # a bad upstream URL, a report that cannot open
        return _refuse(str(exc))
    return serve_proxy(app, host=args.host, port=args.port)


if __name__ == "__main__":
    raise SystemExit(main())
