"""`wwt-sms sms get-many --batch`: the IDs looked up through the mass-status call, up to 100 a
request; each batch's rows are written as soon as its answer arrives, the progress bar moving
per ID.

A line that is not an ID is a failed row, not an abort; so is an ID the answer leaves out
(`SmsNotFoundError`, code 20), and every ID of a batch whose request failed after the client's
retries (with that batch's error): the other batches go on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._batches import batches
from ._exceptions import ClientValidationError, SmsNotFoundError, WwtError
from ._validate import check_id

if TYPE_CHECKING:
    from ._cli_output import Progress, Rows
    from ._client import Client
    from ._models import SmsStatusRecord


def rows_in_batches(client: Client, lines: list[str], rows: Rows, progress: Progress) -> int:
    """A row for every line, a batch at a time; returns how many rows are failures."""
    failed = 0
    ids: dict[int, None] = {}  # each ID once, in the order first read
    for line in lines:
        try:
            ids[check_id(int(line), "id")] = None
        except ValueError:  # not a number, or out of bounds (ClientValidationError)
            _row(rows, progress, line, None, ClientValidationError(f"not an ID: {line!r}"))
            failed += 1
    for batch in batches(ids):
        try:
            found = client.sms.get_statuses(batch)
        except WwtError as error:
            for id in batch:
                _row(rows, progress, id, None, error)
            failed += len(batch)
            continue
        for id, record in found.items():
            _row(rows, progress, id, record, None if record is not None else _not_found(id))
            failed += record is None
    return failed


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
