"""`wwt-sms sms get-many --batch`: the IDs looked up through the mass-status call, up to 100 a
request; one row per line read, in the order read (a repeated ID gets a row each time), each
batch's rows written as soon as its answer arrives, the progress bar moving per row.

The lines are read a chunk at a time: a chunk ends at `STATUS_BATCH_LIMIT` distinct IDs or
`MAX_CHUNK_LINES` lines, so memory stays flat however long the input is.

A line that is not an ID is a failed row, not an abort; so is an ID the answer leaves out
(`SmsNotFoundError`, code 20), and every ID of a batch whose request failed after the client's
retries (with that batch's error): the other batches go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final

from ._constants import STATUS_BATCH_LIMIT
from ._exceptions import ClientValidationError, SmsNotFoundError, WwtError
from ._validate import check_id

if TYPE_CHECKING:
    from ._cli_output import Progress, Rows
    from ._client import Client
    from ._models import SmsStatusRecord

MAX_CHUNK_LINES: Final = 1000
"""Lines held at once: a chunk of input that repeats a few IDs many times still ends here."""

_Line = tuple[str, int | None]  # the line as read, and its ID (None: not an ID)


def rows_in_batches(client: Client, lines: Iterable[str], rows: Rows, progress: Progress) -> int:
    """A row for every line, a batch at a time; returns how many rows are failures."""
    failed = 0
    for chunk in _chunks(lines):
        asked = list(dict.fromkeys(id for _, id in chunk if id is not None))
        found: dict[int, SmsStatusRecord | None] = {}
        error: WwtError | None = None
        if asked:
            try:
                found = client.sms.get_statuses(asked)
            except WwtError as exc:
                error = exc
        for line, id in chunk:
            if id is None:
                _row(rows, progress, line, None, ClientValidationError(f"not an ID: {line!r}"))
                failed += 1
                continue
            record = found.get(id)
            problem = error or (None if record is not None else _not_found(id))
            _row(rows, progress, id, record, problem)
            failed += problem is not None
    return failed


def _chunks(lines: Iterable[str]) -> Iterator[list[_Line]]:
    chunk: list[_Line] = []
    distinct: set[int] = set()
    for line in lines:
        id = _id_of(line)
        if id is not None and id not in distinct and len(distinct) == STATUS_BATCH_LIMIT:
            yield chunk
            chunk, distinct = [], set()
        chunk.append((line, id))
        if id is not None:
            distinct.add(id)
        if len(chunk) == MAX_CHUNK_LINES:
            yield chunk
            chunk, distinct = [], set()
    if chunk:
        yield chunk


def _id_of(line: str) -> int | None:
    try:
        return check_id(int(line), "id")
    except ValueError:  # not a number, or out of bounds (ClientValidationError)
        return None


def _row(
    rows: Rows,
    progress: Progress,
    id: int | str,
    record: SmsStatusRecord | None,
    error: WwtError | None,
) -> None:
    progress.wipe()
    rows.row(id, record, error)
    progress.step()


def _not_found(id: int) -> SmsNotFoundError:
    """The row error for an ID that the mass-status answer left out."""
    return SmsNotFoundError(
        f"SMS {id} not found (not in the mass-status answer)", code=20, http_status=200
    )
