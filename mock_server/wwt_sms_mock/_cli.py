"""`wwt-sms-mock serve`: the contract mock over HTTP."""

from __future__ import annotations

import argparse
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Imported here: `--help` stays instant and needs no optional dependency.
    from ._core import MockCore
    from ._server import serve

    core = MockCore(
        seed=args.seed,
        style="vendor" if args.quirks else "canonical",
        self_check=args.self_check,
        base_path=args.base_path,
        realtime=args.realtime,
    )
    return serve(core, host=args.host, port=args.port)


if __name__ == "__main__":
    raise SystemExit(main())
