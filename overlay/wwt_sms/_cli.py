"""`wwt-sms`: message and campaign status lookups from the command line.

    wwt-sms [--mock] [--api-key KEY] [--base-url URL] [--timeout S] [--json] COMMAND

    sms get ID | sms get --reference REF     one message
    sms wait ID [--timeout S]                poll until the message's status is final
    sms get-many FILE|- [--concurrency N]    many messages, ids one per line, streamed
    sms get-many --batch FILE|-              the same, up to 100 ids a request (mass status)
    task get ID                              one campaign
    listen [--host H] [--port N] [--json]    receive delivery reports and print them

Global options go before the command. `--mock` answers from the embedded contract mock and
its demo data, in-process (needs `wwt-sms[cli]`). Exit codes: see `ExitCode`. With `--json`,
errors are JSON objects on stderr too.
"""

from __future__ import annotations

import argparse
import enum
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from typing import IO, TYPE_CHECKING, Any, NoReturn, TextIO

from ._cli_batch import rows_in_batches
from ._cli_many import id_lines, rows_in_order
from ._cli_mock import demo_mock, demo_mock_http_client
from ._cli_output import Progress, Rows, describe, error_record, print_error, print_record
from ._constants import API_KEY_ENV, BASE_URL_ENV, DEFAULT_CONCURRENCY
from ._exceptions import (
    APIConnectionError,
    APIError,
    ClientValidationError,
    UnexpectedResponseError,
    WaitTimeoutError,
    WwtError,
)
from ._version import __version__

if TYPE_CHECKING:
    from ._client import Client

STDIN_SPOOL = 1 << 20  # bytes of standard input held in memory to count it (disk beyond)
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


class _UsageError(Exception):
    """A command line argparse refused (its message, without the usage lines)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wwt-sms",
        description="Look up the status of WWT SMS messages and campaigns.",
        epilog="exit codes: "
        + ", ".join(f"{code.value} {code.name.lower().replace('_', ' ')}" for code in ExitCode),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--mock", action="store_true", help="answer from the embedded mock and its demo data"
    )
    parser.add_argument("--api-key", metavar="KEY", help=f"API key (default: ${API_KEY_ENV})")
    parser.add_argument(
        "--base-url", metavar="URL", help=f"API base URL (default: ${BASE_URL_ENV}, else the API's)"
    )
    parser.add_argument("--timeout", type=_seconds, metavar="S",
                        help="time limit of each request in seconds (default 30)")  # fmt: skip
    parser.add_argument("--json", action="store_true",
                        help="machine-readable JSON output, errors included")  # fmt: skip
    commands = parser.add_subparsers(dest="resource", required=True, metavar="COMMAND")
    _sms_commands(commands.add_parser("sms", help="messages"))
    task = commands.add_parser("task", help="campaigns").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    task_get = task.add_parser("get", help="one campaign by task ID")
    task_get.add_argument("id", type=_id, help="campaign (task) ID")
    commands.add_parser("listen", help="receive delivery reports and print them (listen --help)")
    return parser


def _sms_commands(sms_parser: argparse.ArgumentParser) -> None:
    sms = sms_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    get = sms.add_parser("get", help="one message, by ID or --reference")
    which = get.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", type=_id, help="WWT message ID")
    which.add_argument("--reference", "-r", metavar="REF",
                       help="the message's reference (external ID)")  # fmt: skip

    wait = sms.add_parser("wait", help="poll until the message's status is final")
    wait.add_argument("id", type=_id, help="WWT message ID")
    wait.add_argument("--timeout", dest="wait_timeout", type=_seconds, default=60.0, metavar="S",
                      help="give up after this many seconds (default 60)")  # fmt: skip
    wait.add_argument("--poll-interval", type=_seconds, default=2.0, metavar="S",
                      help="seconds between polls (default 2)")  # fmt: skip

    many = sms.add_parser("get-many", help="many messages: ids one per line from FILE or -")
    many.add_argument("source", metavar="FILE|-", help="file of ids, or - for standard input")
    many.add_argument("--concurrency", type=_positive_int, default=DEFAULT_CONCURRENCY, metavar="N",
                      help=f"requests in flight (default {DEFAULT_CONCURRENCY})")  # fmt: skip
    many.add_argument("--batch", action="store_true",
                      help="up to 100 ids a request, through the mass-status call")  # fmt: skip
    many.add_argument("--format", choices=("table", "json", "csv"), default=None,
                      help="output format (default: table, or json with --json)")  # fmt: skip


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


# --- commands ----------------------------------------------------------------------------------


def _get_many(client: Client, args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    """One row per ID line, in input order, read and written as a stream."""
    with ExitStack() as stack:
        source, total = _ids_source(args.source, err, stack)
        rows = Rows(args.format or ("json" if args.json else "table"), out)
        progress = Progress(total, err)
        rows.header()
        lines = id_lines(source)
        if args.batch:
            failed = rows_in_batches(client, lines, rows, progress)
        else:
            failed = rows_in_order(client, lines, args.concurrency, rows, progress)
        progress.close()
    return ExitCode.API_ERROR if failed else ExitCode.OK


def _ids_source(path: str, err: TextIO, stack: ExitStack) -> tuple[IO[str], int | None]:
    """The file of IDs, and how many it holds when a progress bar will show it (stderr is a
    terminal). Standard input can be read once only, so for the bar it is first copied to a
    spooled file (memory up to `STDIN_SPOOL` bytes, disk beyond) and counted there."""
    if path == "-" and not err.isatty():
        return sys.stdin, None
    if path == "-":
        spool = tempfile.SpooledTemporaryFile  # the stack closes what it opens
        source: IO[str] = stack.enter_context(spool(STDIN_SPOOL, "w+", encoding="utf-8"))
        shutil.copyfileobj(sys.stdin, source)
        source.seek(0)
    else:
        source = stack.enter_context(open(path, encoding="utf-8"))  # noqa: SIM115
    if not err.isatty():
        return source, None
    total = sum(1 for _ in id_lines(source))
    source.seek(0)
    return source, total


def _run(client: Client, args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    if args.resource == "task":
        print_record(client.tasks.get(args.id), args.json, out)
    elif args.action == "get-many":
        return _get_many(client, args, out, err)
    elif args.action == "wait":
        sms = client.sms.wait_for_final(
            args.id, timeout=args.wait_timeout, poll_interval=args.poll_interval
        )
        print_record(sms, args.json, out)
    elif args.reference is not None:
        print_record(client.sms.get_by_reference(args.reference), args.json, out)
    else:
        print_record(client.sms.get(args.id), args.json, out)
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


# The SDK's argument names, as the options that set them are spelled here.
_OPTION_NAMES = {"base_url": "--base-url", "timeout must": "--timeout must"}


def _in_cli_terms(error: ClientValidationError) -> ClientValidationError:
    text = str(error)
    for sdk_name, option in _OPTION_NAMES.items():
        text = text.replace(sdk_name, option)
    return ClientValidationError(text)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["listen"]:  # a receiver, not a client: none of the global options
        from ._cli_listen import main as listen

        return listen(arguments[1:], out, err)
    as_json = "--json" in arguments
    try:
        args = _parser().parse_args(arguments)
    except _UsageError as error:
        print_error("UsageError", str(error), ExitCode.USAGE, as_json, err)
        return ExitCode.USAGE
    except SystemExit as exit_:  # --help and --version have printed and exit 0
        return ExitCode.OK if exit_.code == 0 else ExitCode.USAGE
    if args.resource == "listen":  # after global options, which the receiver does not take
        message = "listen takes no global options: wwt-sms listen [--host H] [--port N] [--json]"
        print_error("UsageError", message, ExitCode.USAGE, as_json, err)
        return ExitCode.USAGE
    try:
        return _main(args, out, err)
    except BrokenPipeError:
        return _reader_left(out)


def _main(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._client import Client  # lazy: `--help` stays instant

    with ExitStack() as stack:
        options: dict[str, Any] = {} if args.timeout is None else {"timeout": args.timeout}
        api_key = args.api_key
        if args.mock:
            mock = demo_mock(args.base_url or os.environ.get(BASE_URL_ENV))
            if mock is None:
                message = "--mock needs the mock (not installed): pip install 'wwt-sms[cli]'"
                print_error("UsageError", message, ExitCode.USAGE, args.json, err)
                return ExitCode.USAGE
            api_key = api_key or MOCK_API_KEY
            # The demo messages move on in the mock's virtual time; `sms wait` waits in it too.
            options["clock"] = mock.clock
            options["http_client"] = stack.enter_context(demo_mock_http_client(mock))
        elif not api_key and not os.environ.get(API_KEY_ENV):
            message = (
                f"no API key: pass --api-key KEY or set {API_KEY_ENV} "
                "(or try the embedded mock with --mock)"
            )
            print_error("UsageError", message, ExitCode.USAGE, args.json, err)
            return ExitCode.USAGE
        try:
            try:
                client = Client(api_key, base_url=args.base_url, **options)
            except ClientValidationError as error:
                raise _in_cli_terms(error) from None
            stack.enter_context(client)
            return _run(client, args, out, err)
        except WwtError as error:
            code = _exit_code(error)
            if args.json:
                print_error(*_json_fields(error), code, True, err, code=_api_code(error))
            else:
                print(f"error: {describe(error)}", file=err)
            return code
        except OSError as error:  # the ids file (a closed pipe is handled by `main`)
            if isinstance(error, BrokenPipeError):
                raise
            print_error(type(error).__name__, str(error), ExitCode.USAGE, args.json, err)
            return ExitCode.USAGE
        except KeyboardInterrupt:
            return 130


def _json_fields(error: WwtError) -> tuple[str, str]:
    record = error_record(error)
    return record["error_type"], record["error"]


def _api_code(error: WwtError) -> int | None:
    return error.code if isinstance(error, APIError) else None


def _reader_left(out: TextIO) -> ExitCode:
    """The reader of our output went away (`wwt-sms ... | head`): stop quietly. Standard
    output is pointed at /dev/null, so that flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests pass a StringIO)
        pass
    return ExitCode.OK
