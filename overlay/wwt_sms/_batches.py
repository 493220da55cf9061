"""Mass status: many message IDs looked up in batches, as pure functions (no I/O).

`POST /sms/getStatus` answers at most `STATUS_BATCH_LIMIT` IDs a request and leaves out the IDs
it does not know. The plan for a call with any number of IDs:

1. `unique_ids`: check every ID before anything is sent, and ask each one once;
2. `batches`: split them at the limit;
3. for each batch's answer, `status_record` reads each item and `assemble` makes the batch's
   dict, with every asked ID as a key (`None` where no record came back);
4. a batch whose request fails raises its error with the batch's IDs on it (`batch_plan`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Final, TypeVar

from ._client import check_id
from ._constants import ID_MAX, ID_MIN
from ._exceptions import ClientValidationError, WwtError
from ._normalise import (
    WireError,
    decimal,
    digits,
    integer,
    optional_moment,
    optional_text,
    status,
    text,
)

if TYPE_CHECKING:
    from datetime import datetime, tzinfo
    from decimal import Decimal

    from ._models import SmsStatus
    from ._transport import Plan

T = TypeVar("T")

STATUS_BATCH_LIMIT: Final = 100  # components.schemas.SmsStatusesRequest: ids.maxItems


@dataclass(frozen=True, slots=True, kw_only=True)
class SmsStatusRecord:
    """One message as the mass-status call reports it: `Sms` without `time_in`.

    `reference` is the wire's `external_id`; `msisdn` keeps the digits as received; `price` is
    exact; datetimes are timezone-aware (read in the client's `api_timezone` when the wire
    value has no zone).
    """

    id: int
    reference: str | None
    msisdn: str
    time_sent: datetime | None
    time_dr: datetime | None
    status: SmsStatus
    price: Decimal
    currency: str


# --- before sending --------------------------------------------------------------------------


def unique_ids(ids: Iterable[object]) -> Iterator[int]:
    """Each ID checked as it is read (`ClientValidationError` naming its position), each
    asked once: a repeated ID is skipped. Lazy, so a stream of IDs is never held whole; the
    IDs already seen are (as ints)."""
    if isinstance(ids, str | bytes | Mapping) or not isinstance(ids, Iterable):
        raise ClientValidationError(
            f"ids must be an iterable of message IDs (ints), not {type(ids).__name__}"
        )
    seen: set[int] = set()
    for position, value in enumerate(ids):
        checked = check_id(value, f"ids[{position}]")
        if checked not in seen:
            seen.add(checked)
            yield checked


def batches(ids: Iterable[int], size: int = STATUS_BATCH_LIMIT) -> Iterator[tuple[int, ...]]:
    """`ids` in consecutive batches of `size` (the last may be shorter; none is empty)."""
    if not 1 <= size <= STATUS_BATCH_LIMIT:
        raise ClientValidationError(f"batch size must be 1 to {STATUS_BATCH_LIMIT}: {size!r}")
    iterator = iter(ids)
    while batch := tuple(islice(iterator, size)):
        yield batch


# --- reading an answer -----------------------------------------------------------------------


def status_record(item: object, zone: tzinfo) -> SmsStatusRecord:
    """One decoded item of `result` → `SmsStatusRecord`. A missing required field raises
    `KeyError`, a wrong one `WireError` (the response layer reports both)."""
    if not isinstance(item, dict):
        raise WireError("result[]", item, "an object")
    return _new_record(
        integer(item["id"], "id", minimum=ID_MIN, maximum=ID_MAX),
        optional_text(item.get("external_id"), "external_id"),
        digits(item["msisdn"], "msisdn"),
        optional_moment(item.get("time_sent"), "time_sent", zone),
        optional_moment(item.get("time_dr"), "time_dr", zone),
        status(item["status"]),
        decimal(item["price"], "price"),
        text(item["currency"], "currency"),
    )


# A frozen dataclass's `__init__` sets each field through `object.__setattr__`, more than half
# the cost of reading an item; its slots' own setters make the same instance in a third of the
# time. The setters are taken in field order, so the arguments follow `SmsStatusRecord`'s.
_RECORD_SETTERS = tuple(
    getattr(SmsStatusRecord, field.name).__set__ for field in dataclasses.fields(SmsStatusRecord)
)


def _new_record(*values: object) -> SmsStatusRecord:
    """`SmsStatusRecord(...)` from its field values in order, faster (see above)."""
    new: SmsStatusRecord = object.__new__(SmsStatusRecord)
    for setter, value in zip(_RECORD_SETTERS, values, strict=True):
        setter(new, value)
    return new


def status_records(body: Mapping[str, Any], zone: tzinfo) -> list[SmsStatusRecord]:
    """The items of a successful answer's `result` (a list, required on success)."""
    result = body["result"]
    if not isinstance(result, list):
        raise WireError("result", result, "a list")
    return [status_record(item, zone) for item in result]


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
        setattr(error, "batch_ids", tuple(batch))  # noqa: B010
        raise
