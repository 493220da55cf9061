"""What `wwt-sms` prints: records as a table or JSON, get-many rows, the progress bar, and
errors in the same format as the rest of the output."""

from __future__ import annotations

import csv
import dataclasses
import enum
import json
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TextIO

from ._exceptions import APIConnectionError, APIError, WwtError

if TYPE_CHECKING:
    from ._models import Sms, SmsStatusRecord, Task

ID_FIELDS: Final = frozenset({"id", "task_id"})
LARGEST_EXACT_IN_JAVASCRIPT: Final = 2**53 - 1
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


def json_ids(record: dict[str, Any]) -> dict[str, Any]:
    """`record` with every ID above 2^53 - 1 as a string of digits, as the contract sends
    them: JavaScript readers (`JSON.parse`, jq) would round it as a number."""
    return {
        name: str(value)
        if name in ID_FIELDS and isinstance(value, int) and value > LARGEST_EXACT_IN_JAVASCRIPT
        else value
        for name, value in record.items()
    }


def error_text(error: WwtError) -> str:
    """`str(error)`; for a connection failure or timeout, with the host it could not reach
    (the SDK names the path only; the host is what a user mistypes)."""
    text = str(error)
    if not isinstance(error, APIConnectionError):
        return text
    try:
        url = error.__cause__.request.url  # type: ignore[union-attr]
    except (AttributeError, RuntimeError):  # no cause, or an httpx error without its request
        return text
    return f"{text} (host {url.scheme}://{url.netloc.decode('ascii', 'replace')})"


def error_record(error: WwtError) -> dict[str, Any]:
    return {
        "error_type": type(error).__name__,
        "error_code": error.code if isinstance(error, APIError) else None,
        "error": error_text(error),
    }


def describe(error: WwtError) -> str:
    if isinstance(error, APIError) and error.code is not None:
        return f"{type(error).__name__} (API code {error.code}): {error.description or error}"
    return f"{type(error).__name__}: {error_text(error)}"


def print_error(
    error_type: str, message: str, exit_code: int, as_json: bool, err: TextIO, code: Any = None
) -> None:
    """An error on stderr: `error: ...`, or one JSON object with `--json`."""
    if as_json:
        record = {"error_type": error_type, "error_code": code, "error": message}
        print(json.dumps({**record, "exit_code": exit_code}), file=err)
    else:
        print(f"error: {message}", file=err)


def print_record(model: Sms | Task, as_json: bool, out: TextIO) -> None:
    record = record_of(model)
    if as_json:
        print(json.dumps(json_ids(record)), file=out)
        return
    width = max(map(len, record))
    for name, value in record.items():
        shown = "-" if value is None else value
        if name == "status" and hasattr(model, "status"):
            shown = f"{value} ({'final' if model.status.is_final else 'not final'})"
        print(f"{name:<{width}}  {shown}", file=out)


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

    def row(self, id: int | str, sms: Sms | SmsStatusRecord | None, error: WwtError | None) -> None:
        record: dict[str, Any] = {"id": id}
        if sms is not None:
            record.update(record_of(sms))
        if error is not None:
            record.update(error_record(error))
        if self.fmt == "json":
            record["ok"] = error is None
            print(json.dumps(json_ids(record)), file=self.out)
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
    """`done/total` with a bar on stderr, only when stderr is a terminal (`done` alone when
    the total is not known).

    The bar lives on the terminal's last line: before a row is printed (to stdout, which may be
    the same terminal) it is wiped, and it is drawn again after the row, so the two never mix.
    """

    _WIPE = "\r\x1b[2K"  # back to the start of the line, then erase the line

    def __init__(self, total: int | None, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.enabled = stream.isatty()

    def wipe(self) -> None:
        if self.enabled and self.done:
            self.stream.write(self._WIPE)
            self.stream.flush()

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.total is None:
            self.stream.write(f"{self._WIPE}{self.done} done")
        else:
            filled = min(30 * self.done // max(self.total, 1), 30)
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"{self._WIPE}[{bar}] {self.done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
