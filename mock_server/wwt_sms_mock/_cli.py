"""`wwt-sms-mock serve`: the contract mock over HTTP; `wwt-sms-mock proxy`: the validating
proxy in front of the real API."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

from ._faces.extra import missing_extra, require_extra
from ._faces.guard import TOKEN_ENV, check_token

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
    serve.add_argument(
        "--port",
        type=int,
        default=4010,
        help="port to listen on (default: 4010; 0 picks a free one)",
    )
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
        default=None,
        metavar="TOKEN",
        help=f"require TOKEN in the X-Mock-Token header of every control request (default: "
        f"${TOKEN_ENV}; if neither is set, none on loopback, and a fresh token printed on the "
        "ready line on any other address; an empty token is refused)",
    )
    serve.add_argument(
        "--fixtures",
        metavar="DIR",
        default=None,
        help="load records from fixture files recorded by `proxy --record` (checked at load; "
        "recordings override the demo records with the same ID)",
    )
    serve.add_argument(
        "--skip-invalid",
        action="store_true",
        help="with --fixtures: serve the recordings that fit the contract and name each one "
        "skipped (default: refuse to start if any does not fit)",
    )
    serve.add_argument(
        "--allow-callback-host",
        action="append",
        default=[],
        metavar="HOST",
        help="also send delivery reports to callback URLs on HOST (repeatable; by default "
        "only loopback hosts: a message whose callback_url names another host is refused "
        "with 400)",
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
    proxy.add_argument(
        "--port",
        type=int,
        default=4011,
        help="port to listen on (default: 4011; 0 picks a free one)",
    )
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
    try:
        # Imported here: `--help` stays instant and needs no optional dependency.
        from ._core.core import MockCore
        from ._core.fixtures import FixtureError, FixtureWarning
        from ._core.styles import WireStyle
        from ._faces.server import serve

        require_extra()
    except ModuleNotFoundError as exc:
        better = missing_extra(exc)
        if better is None:
            raise
        print(f"wwt-sms-mock: {better}", file=sys.stderr)
        return 1
    if args.command == "proxy":
        return _proxy(args)
    try:
        token = _control_token(args.control_token)
    except ValueError as exc:
        return _refuse(str(exc))
    try:
        style = WireStyle.parse("vendor" if args.quirks else args.style)
    except ValueError as exc:
        print(f"wwt-sms-mock: {exc}", file=sys.stderr)
        return 2
    if args.skip_invalid and args.fixtures is None:
        return _refuse("--skip-invalid needs --fixtures DIR")
    try:
        with warnings.catch_warnings():  # each skipped file is printed below, once
            warnings.simplefilter("ignore", FixtureWarning)
            core = MockCore(
                seed=args.seed,
                style=style,
                self_check=args.self_check,
                base_path=args.base_path,
                realtime=args.realtime,
                fixtures=args.fixtures,
                skip_invalid=args.skip_invalid,
            )
    except FixtureError as exc:
        return _refuse(str(exc))
    for problem in core.skipped_fixtures:
        print(f"wwt-sms-mock: skipped {problem}", file=sys.stderr)
    return serve(
        core,
        host=args.host,
        port=args.port,
        control_token=token,
        allow_callback_hosts=args.allow_callback_host,
    )


def _control_token(given: str | None) -> str | None:
    """The flag's token, else the environment's; an empty one (from either) is a ValueError."""
    if given is not None:
        return check_token(given, "--control-token")
    return check_token(os.environ.get(TOKEN_ENV), f"${TOKEN_ENV}")


def _refuse(message: str) -> int:
    print(f"wwt-sms-mock: error: {message}", file=sys.stderr)
    return 2


def _proxy(args: argparse.Namespace) -> int:
    from ._proxy.app import ProxyLimits
    from ._proxy.server import build_proxy, serve_proxy

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
