"""`wwt-sms-mock serve`: the contract mock over HTTP."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ._extra import missing_extra
from ._guard import TOKEN_ENV

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
        "/__mock (GET /__mock lists them); one-off choices via a `Prefer` request header. "
        "On a loopback address the controls answer only requests addressed to that host "
        "and not made by a web page on another origin; on any other address they also need "
        "the control token in an X-Mock-Token header.",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only); any other "
        "address puts the controls behind a control token",
    )
    serve.add_argument("--port", type=int, default=4010, help="0 picks a free port")
    serve.add_argument("--seed", type=int, default=0, help="seed for the generated extra records")
    serve.add_argument(
        "--style",
        default="api",
        metavar="STYLE",
        help="wire style: api (default: as the real API answers, e.g. 'not found' with HTTP "
        "200 and the code in the body), canonical (clean JSON types, errors at their HTTP "
        "status), vendor (every number a string, every error in a 200), or flags joined by +",
    )
    serve.add_argument(
        "--quirks", action="store_true", help="the vendor style (same as --style vendor)"
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
        action=argparse.BooleanOptionalAction,
        default=True,
        help="virtual time follows the wall clock, so messages move on by themselves "
        "(default); with --no-realtime it stands still and moves only by "
        "POST /__mock/advance",
    )
    serve.add_argument(
        "--control-token",
        default=os.environ.get(TOKEN_ENV) or None,
        metavar="TOKEN",
        help=f"require TOKEN in the X-Mock-Token header of every control request (default: "
        f"${TOKEN_ENV}; if neither is set, none on loopback, and a fresh token printed on the "
        "ready line on any other address)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        # Imported here: `--help` stays instant and needs no optional dependency.
        from ._core import MockCore
        from ._server import serve
        from ._wire import WireStyle
    except ModuleNotFoundError as exc:
        better = missing_extra(exc)
        if better is None:
            raise
        print(f"wwt-sms-mock: {better}", file=sys.stderr)
        return 1
    try:
        style = WireStyle.parse("vendor" if args.quirks else args.style)
    except ValueError as exc:
        print(f"wwt-sms-mock: {exc}", file=sys.stderr)
        return 2
    core = MockCore(
        seed=args.seed,
        style=style,
        self_check=args.self_check,
        base_path=args.base_path,
        realtime=args.realtime,
    )
    return serve(core, host=args.host, port=args.port, control_token=args.control_token)
