"""Mass status: many message IDs looked up in batches, as pure functions (no I/O).

`POST /sms/getStatus` answers at most `STATUS_BATCH_LIMIT` IDs a request and leaves out the IDs
it does not know. The plan for a call with any number of IDs:

1. `unique_ids`: check every ID before it is sent, and ask each one once (`checked_ids` only
   checks, for a stream whose memory must stay flat);
2. `batches`: split them at the limit (`distinct` drops an ID repeated within a batch);
3. for each batch's answer, `assemble` makes the batch's dict, with every asked ID as a key
   (`None` where no record came back);
4. a batch whose request fails raises its error with the batch's IDs on it (`batch_plan`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from ._constants import ID_MAX, ID_MIN, STATUS_BATCH_LIMIT
from ._exceptions import ClientValidationError, WwtError
from ._validate import check_id

if TYPE_CHECKING:
    from ._models import SmsStatusRecord
    from ._retries import Plan

T = TypeVar("T")


def checked_ids(ids: Iterable[object]) -> Iterator[int]:
    """Each ID checked as it is read (`ClientValidationError` naming its position). Lazy: a
    stream of IDs is never held."""
    if isinstance(ids, str | bytes | Mapping) or not isinstance(ids, Iterable):
        raise ClientValidationError(
            f"ids must be an iterable of message IDs (ints), not {type(ids).__name__}"
        )
    for position, value in enumerate(ids):
        yield check_id(value, f"ids[{position}]")


def unique_ids(ids: Iterable[object]) -> Iterator[int]:
    """`checked_ids`, each asked once: a repeated ID is skipped (the IDs seen are kept)."""
    seen: set[int] = set()
    for checked in checked_ids(ids):
        if checked not in seen:
            seen.add(checked)
            yield checked


def distinct_ids(ids: Iterable[object]) -> dict[int, SmsStatusRecord | None]:
    """The IDs of `unique_ids`, in order, as the keys of a dict (each with no record yet, for
    `get_statuses` to fill in). A list, tuple or range of plain ints in bounds (the common
    case) is checked as a whole; anything else, ID by ID."""
    if isinstance(ids, list | tuple | range) and _plain_ids(ids):
        found: dict[int, SmsStatusRecord | None] = dict.fromkeys(ids)
        return found
    return dict.fromkeys(unique_ids(ids))


def _plain_ids(ids: Sequence[Any]) -> bool:
    # `map`, `set`, `min` and `max` loop in C: no Python code runs per ID. (A subclass of int,
    # or a bool, is not `int`: it takes the path that checks and converts each ID.)
    if not ids:
        return True
    return set(map(type, ids)) == {int} and min(ids) >= ID_MIN and max(ids) <= ID_MAX


def batches(
    ids: Iterable[int], size: int = STATUS_BATCH_LIMIT, *, distinct: bool = False
) -> Iterator[tuple[int, ...]]:
    """`ids` in consecutive batches of `size` (the last may be shorter; none is empty). With
    `distinct`, an ID repeated within a batch is kept once (the batch may then be shorter)."""
    if not 1 <= size <= STATUS_BATCH_LIMIT:
        raise ClientValidationError(f"batch size must be 1 to {STATUS_BATCH_LIMIT}: {size!r}")
    iterator = iter(ids)
    while batch := tuple(islice(iterator, size)):
        yield tuple(dict.fromkeys(batch)) if distinct else batch


def one_batch(ids: Iterable[object]) -> tuple[int, ...]:
    """The IDs of a call that must be one request (a raw response): 1 to the limit, once each."""
    batch = tuple(unique_ids(ids))
    if not 1 <= len(batch) <= STATUS_BATCH_LIMIT:
        raise ClientValidationError(
            f"one request asks for 1 to {STATUS_BATCH_LIMIT} distinct message IDs, got "
            f"{len(batch)}: use sms.get_statuses for any number"
        )
    return batch


def assemble(
    batch: Sequence[int], records: Iterable[SmsStatusRecord]
) -> dict[int, SmsStatusRecord | None]:
    """Every ID of `batch` as a key, in the batch's order: its record, or `None` when the API
    sent none. A record for an ID that was not asked is dropped; of two for one ID, the first
    counts."""
    found: dict[int, SmsStatusRecord | None] = dict.fromkeys(batch)
    for record in records:
        if record.id in found and found[record.id] is None:
            found[record.id] = record
    return found


def batch_plan(plan: Plan[T], batch: Sequence[int]) -> Plan[T]:
    """`plan` (one batch's request), with the batch's IDs put on any error it raises
    (`error.batch_ids`): the caller knows which IDs are left unanswered."""
    try:
        return (yield from plan)
    except WwtError as error:
        error.batch_ids = tuple(batch)
        raise
