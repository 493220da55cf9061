"""`wwt-sms sms get-many`: many messages, a row per ID as its answer arrives, either one request
per ID (`client.sms.get_many`) or, with `--batch`, up to 100 IDs a request through the
mass-status call (`client.sms.get_statuses`), a batch's rows as soon as its answer arrives.

A line that is not an ID is a failed row, not an abort; so is an ID the API has no record of,
and every ID of a batch whose request failed (after the client's retries): the rest go on.
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import json
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, TextIO

from ._batches import batches
from ._exceptions import APIError, ClientValidationError, SmsNotFoundError, WwtError
from ._validate import check_id

if TYPE_CHECKING:
    from ._client import Client
    from ._models import Sms, SmsStatusRecord, Task

SMS_COLUMNS = (
    "id", "status", "reference", "msisdn", "time_in", "time_sent", "time_dr", "price", "currency",
)  # fmt: skip
ERROR_COLUMNS = ("error_type", "error_code", "error")


# --- output ------------------------------------------------------------------------------------


def plain(value: object) -> Any:
    """A model's field as JSON-friendly text: exact decimals, ISO datetimes, raw statuses."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def record_of(model: Sms | Task | SmsStatusRecord) -> dict[str, Any]:
    return {field.name: plain(getattr(model, field.name)) for field in dataclasses.fields(model)}


def error_record(error: WwtError) -> dict[str, Any]:
    return {
        "error_type": type(error).__name__,
        "error_code": error.code if isinstance(error, APIError) else None,
        "error": str(error),
    }


class Rows:
    """get-many output, one row per result as it arrives: table, JSON lines or CSV."""

    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self.columns = (*SMS_COLUMNS, *ERROR_COLUMNS)
        self.csv = (
            csv.DictWriter(out, self.columns, extrasaction="ignore") if fmt == "csv" else None
        )
        self.widths = {"id": 20, "status": 14, "reference": 32, "msisdn": 15, "time_in": 25,
                       "time_sent": 25, "time_dr": 25, "price": 10, "currency": 8}  # fmt: skip

    def header(self) -> None:
        if self.csv is not None:
            self.csv.writeheader()
        elif self.fmt == "table":
            print(self._line({c: c for c in self.widths}, "error"), file=self.out)

    def row(
        self, id: int | str, model: Sms | SmsStatusRecord | None, error: WwtError | None
    ) -> None:
        record: dict[str, Any] = {"id": id}
        if model is not None:
            record.update(record_of(model))
        if error is not None:
            record.update(error_record(error))
        if self.fmt == "json":
            record["ok"] = error is None
            print(json.dumps(record), file=self.out)
        elif self.csv is not None:
            self.csv.writerow(record)
        else:
            problem = "" if error is None else f"{record['error_type']}: {record['error']}"
            print(self._line(record, problem), file=self.out)
        self.out.flush()

    def _line(self, record: dict[str, Any], tail: str) -> str:
        cells = [
            f"{'-' if record.get(c) is None else record[c]!s:<{w}}" for c, w in self.widths.items()
        ]
        return " ".join(cells) + (f" {tail}" if tail else "")


class Progress:
    """`done/total` with a bar on stderr, one step per ID, only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.enabled = stream.isatty()

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            filled = 30 * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


# --- the command -------------------------------------------------------------------------------


def read_lines(source: str, stdin: IO[str]) -> list[str]:
    """The non-empty, non-comment lines of FILE or `-` (standard input), stripped."""
    if source == "-":
        lines = stdin.read().splitlines()
    else:
        with open(source, encoding="utf-8") as f:
            lines = f.read().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def line_id(line: str) -> int:
    """A line as a message ID: ASCII digits within the API's bounds."""
    if not (line.isascii() and line.isdigit()):
        raise ClientValidationError(f"not an ID: {line!r}")
    return check_id(int(line), "id")


def get_many(
    client: Client, lines: list[str], *, batch: bool, concurrency: int, rows: Rows, err: TextIO
) -> int:
    """A row for every line; returns how many rows are failures."""
    progress = Progress(len(lines), err)
    rows.header()
    failed = 0
    ids: list[int] = []
    for line in lines:
        try:
            ids.append(line_id(line))
        except ClientValidationError as error:
            rows.row(line, None, error)
            progress.step()
            failed += 1
    if batch:
        failed += _in_batches(client, ids, rows, progress)
    else:
        for result in client.sms.get_many(ids, concurrency=concurrency):
            rows.row(result.id, result.value, result.error)
            progress.step()
            failed += not result.ok
    progress.close()
    return failed


def _in_batches(client: Client, ids: Iterable[int], rows: Rows, progress: Progress) -> int:
    failed = 0
    for batch in batches(dict.fromkeys(ids)):  # each ID once, in the order first read
        try:
            found = client.sms.get_statuses(batch)
        except WwtError as error:
            for id in batch:
                rows.row(id, None, error)
                progress.step()
            failed += len(batch)
            continue
        for id, record in found.items():
            rows.row(id, record, None if record is not None else _not_found(id))
            progress.step()
            failed += record is None
    return failed


def _not_found(id: int) -> SmsNotFoundError:
    """The row error for an ID that the mass-status answer left out."""
    return SmsNotFoundError(f"SMS {id} not found (not in the mass-status answer)", code=20,
                            http_status=200)  # fmt: skip
