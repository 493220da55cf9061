"""`wwt-sms`: message and campaign status lookups from the command line.

    wwt-sms [--mock] [--api-key KEY] [--base-url URL] [--timeout S] [--json] COMMAND

    sms get ID | sms get --reference REF     one message
    sms wait ID [--timeout S]                poll until the message's status is final
    sms get-many FILE|- [--concurrency N]    many messages, ids one per line, streamed
    sms get-many --batch FILE|-              the same, up to 100 ids a request (mass status)
    task get ID                              one campaign

Global options go before the command. `--mock` answers from the embedded contract mock and
its demo data, in-process (needs `wwt-sms[cli]`). Exit codes: see `ExitCode`.
"""

from __future__ import annotations

import argparse
import enum
import json
import os
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, TextIO

from ._cli_many import Rows, get_many, read_lines, record_of
from ._constants import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL, DEFAULT_CONCURRENCY
from ._exceptions import (
    APIConnectionError,
    APIError,
    ClientValidationError,
    UnexpectedResponseError,
    WaitTimeoutError,
    WwtError,
)

if TYPE_CHECKING:
    from ._client import Client
    from ._models import Sms, Task

MOCK_API_KEY = "test_mockdemo0001"  # what `--mock` sends when no key is given: any test_ key


class ExitCode(enum.IntEnum):
    """What the process's exit status says."""

    OK = 0
    API_ERROR = 1  # the API refused (or, for get-many, at least one id failed)
    USAGE = 2  # bad arguments, ids or references: nothing was sent
    TRANSPORT = 3  # no usable answer: connection failures, timeouts (after retries)
    UNEXPECTED_RESPONSE = 4  # an answer the contract does not describe
    NOT_FINAL = 5  # `sms wait`: the status was not final before the deadline


# --- arguments ---------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wwt-sms",
        description="Look up the status of WWT SMS messages and campaigns.",
        epilog="exit codes: "
        + ", ".join(f"{code.value} {code.name.lower().replace('_', ' ')}" for code in ExitCode),
    )
    parser.add_argument("--mock", action="store_true", help="answer from the embedded mock")
    parser.add_argument("--api-key", help=f"API key (default: ${API_KEY_ENV})")
    parser.add_argument(
        "--base-url", help=f"API base URL (default: ${BASE_URL_ENV}, else {DEFAULT_BASE_URL})"
    )
    parser.add_argument("--timeout", type=_seconds, help="per-request timeout in seconds")
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    commands = parser.add_subparsers(dest="resource", required=True, metavar="COMMAND")

    sms = commands.add_parser("sms", help="messages").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    get = sms.add_parser("get", help="one message, by ID or --reference")
    which = get.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", type=_id, help="WWT message ID")
    which.add_argument("--reference", "-r", help="the message's reference (external ID)")

    wait = sms.add_parser("wait", help="poll until the message's status is final")
    wait.add_argument("id", type=_id, help="WWT message ID")
    wait.add_argument("--timeout", dest="wait_timeout", type=_seconds, default=60.0,
                      help="give up after this many seconds (default 60)")  # fmt: skip
    wait.add_argument("--poll-interval", type=_seconds, default=2.0,
                      help="seconds between polls (default 2)")  # fmt: skip

    many = sms.add_parser("get-many", help="many messages: ids one per line from FILE or -")
    many.add_argument("source", metavar="FILE|-", help="file of ids, or - for standard input")
    many.add_argument("--concurrency", type=_positive_int, default=DEFAULT_CONCURRENCY)
    many.add_argument("--batch", action="store_true",
                      help="up to 100 ids a request through the mass-status call")  # fmt: skip
    many.add_argument("--format", choices=("table", "json", "csv"), default=None,
                      help="output format (default: table, or json with --json)")  # fmt: skip

    task = commands.add_parser("task", help="campaigns").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    task_get = task.add_parser("get", help="one campaign by task ID")
    task_get.add_argument("id", type=_id, help="campaign (task) ID")
    return parser


def _id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ID: {text!r}") from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {text!r}")
    return int(text)


# --- output ------------------------------------------------------------------------------------


def _print_record(model: Sms | Task, as_json: bool, out: TextIO) -> None:
    record = record_of(model)
    if as_json:
        print(json.dumps(record), file=out)
        return
    width = max(map(len, record))
    for name, value in record.items():
        shown = "-" if value is None else value
        if name == "status" and hasattr(model, "status"):
            shown = f"{value} ({'final' if model.status.is_final else 'not final'})"
        print(f"{name:<{width}}  {shown}", file=out)


def _get_many(client: Client, args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    lines = read_lines(args.source, sys.stdin)
    rows = Rows(args.format or ("json" if args.json else "table"), out)
    failed = get_many(
        client, lines, batch=args.batch, concurrency=args.concurrency, rows=rows, err=err
    )
    return ExitCode.API_ERROR if failed else ExitCode.OK


def _run(client: Client, args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    if args.resource == "task":
        _print_record(client.tasks.get(args.id), args.json, out)
    elif args.action == "get-many":
        return _get_many(client, args, out, err)
    elif args.action == "wait":
        sms = client.sms.wait_for_final(
            args.id, timeout=args.wait_timeout, poll_interval=args.poll_interval
        )
        _print_record(sms, args.json, out)
    elif args.reference is not None:
        _print_record(client.sms.get_by_reference(args.reference), args.json, out)
    else:
        _print_record(client.sms.get(args.id), args.json, out)
    return ExitCode.OK


def _exit_code(error: WwtError) -> ExitCode:
    if isinstance(error, ClientValidationError):
        return ExitCode.USAGE
    if isinstance(error, WaitTimeoutError):
        return ExitCode.NOT_FINAL
    if isinstance(error, APIConnectionError):
        return ExitCode.TRANSPORT
    if isinstance(error, UnexpectedResponseError):
        return ExitCode.UNEXPECTED_RESPONSE
    return ExitCode.API_ERROR


def _describe(error: WwtError) -> str:
    if isinstance(error, APIError) and error.code is not None:
        return f"{type(error).__name__} (API code {error.code}): {error.description or error}"
    return f"{type(error).__name__}: {error}"


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has printed its message
        return ExitCode.OK if exit_.code == 0 else ExitCode.USAGE
    from ._client import Client  # lazy: `--help` stays instant

    with ExitStack() as stack:
        client_options: dict[str, Any] = {}
        if args.timeout is not None:
            client_options["timeout"] = args.timeout
        api_key = args.api_key
        if args.mock:
            mock = _start_mock(stack, args.base_url or os.environ.get(BASE_URL_ENV))
            if mock is None:
                print("error: --mock needs the mock: pip install 'wwt-sms[cli]'", file=err)
                return ExitCode.USAGE
            api_key = api_key or MOCK_API_KEY
            # The demo messages move on in the mock's virtual time; `sms wait` waits in it too.
            client_options["clock"] = mock.clock
        try:
            client = stack.enter_context(Client(api_key, base_url=args.base_url, **client_options))
            return _run(client, args, out, err)
        except WwtError as error:
            print(f"error: {_describe(error)}", file=err)
            return _exit_code(error)
        except OSError as error:  # the ids file
            print(f"error: {error}", file=err)
            return ExitCode.USAGE
        except KeyboardInterrupt:
            return 130


def _start_mock(stack: ExitStack, base_url: str | None) -> Any:
    try:
        from wwt_sms_mock import WwtMock
    except ImportError:
        return None
    return stack.enter_context(WwtMock(base_url or DEFAULT_BASE_URL))
