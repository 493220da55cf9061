"""Mass-status items → `SmsStatusRecord`, with the readers of `_normalise`.

Input: the decoded JSON objects of an answer's `result` (read straight, not through the
generated model: a hundred items an answer; `_response` says why). A missing required field
raises `KeyError`, a wrong one `WireError`; the response layer turns both into
`UnexpectedResponseError`.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from ._constants import ID_MAX, ID_MIN, MAX_DECIMAL_EXPONENT, MAX_SHORT_TEXT
from ._models import SmsStatus, SmsStatusRecord, _JsonReady
from ._normalise import (
    _KNOWN_STATUSES,
    _MAX_DIGITS,
    WireError,
    decimal,
    digits,
    integer,
    moment,
    optional_text,
    status,
    text,
)


def status_record(
    item: object, zone: tzinfo, moments: dict[str, datetime] | None = None
) -> SmsStatusRecord:
    """One decoded item of `result` → `SmsStatusRecord` (as `read_items` reads each)."""
    return read_items([item], zone, moments)[0]


def status_records(body: dict[str, Any], zone: tzinfo) -> list[SmsStatusRecord]:
    """The items of a successful mass-status answer's `result` (a list, required on success)."""
    result = body["result"]
    if not isinstance(result, list):
        raise WireError("result", result, "a list")
    return read_items(result, zone)


def read_items(
    items: list[Any], zone: tzinfo, moments: dict[str, datetime] | None = None
) -> list[SmsStatusRecord]:
    """Decoded items of `result` → `SmsStatusRecord`s. A missing required field raises
    `KeyError`, a wrong one `WireError` (the response layer reports both).

    An answer carries a hundred items, so each field first gets a check of its commonest
    exact form within the bounds the general readers above apply (an id or msisdn as a string
    of digits, a str or None reference, a known status, a Decimal price) and only other forms
    go through those readers, which accept the same values and name what is wrong (for the id,
    the value as it was sent). `moments` remembers the datetimes read so far in one answer:
    the messages of a campaign share their send time, and each distinct text is parsed once.
    The fields are checked in the same order as ever (id, reference, price, currency, msisdn,
    times, status), so an item with several wrong fields names the same one.
    """
    if moments is None:
        moments = {}
    records: list[Any] = []
    for item in items:
        if type(item) is not dict:
            raise WireError("result[]", item, "an object")
        sent_id = item["id"]
        id = sent_id
        if type(id) is str and len(id) <= _MAX_ID_DIGITS and id.isdigit() and id.isascii():
            id = int(id)  # the real API's form of an id: a string of digits
        if type(id) is not int or not ID_MIN <= id <= ID_MAX:
            id = integer(sent_id, "id", minimum=ID_MIN, maximum=ID_MAX)
        reference = item.get("external_id")
        if reference is not None and (type(reference) is not str or len(reference) > _TEXT):
            reference = optional_text(reference, "external_id")
        price = item["price"]
        if type(price) is not Decimal or not (
            price.is_finite() and -_EXPONENT <= price.adjusted() <= _EXPONENT
        ):
            price = decimal(price, "price")
        currency = item["currency"]
        if type(currency) is not str or len(currency) > _TEXT:
            currency = text(currency, "currency")
        msisdn = item["msisdn"]
        if not (
            type(msisdn) is str
            and len(msisdn) <= _MAX_DIGITS
            and msisdn.isdigit()
            and msisdn.isascii()
        ):
            msisdn = digits(msisdn, "msisdn")
        sent, delivered = item.get("time_sent"), item.get("time_dr")
        if sent is not None:
            sent = (type(sent) is str and moments.get(sent)) or _moment(
                sent, "time_sent", zone, moments
            )
        if delivered is not None:
            delivered = (type(delivered) is str and moments.get(delivered)) or _moment(
                delivered, "time_dr", zone, moments
            )
        state = item["status"]
        state = (type(state) is str and _KNOWN_STATUSES.get(state)) or status(state)
        # `SmsStatusRecord(id=id, ...)`, made as an `_UnfrozenRecord` (see below).
        record = _new(_UnfrozenRecord)
        record.id = id
        record.reference = reference
        record.msisdn = msisdn
        record.time_sent = sent
        record.time_dr = delivered
        record.status = state
        record.price = price
        record.currency = currency
        record.__class__ = SmsStatusRecord  # type: ignore[assignment]
        records.append(record)
    return records


_MAX_ID_DIGITS = len(str(ID_MAX))
_TEXT = MAX_SHORT_TEXT  # characters of a reference or currency (`text`)
_EXPONENT = MAX_DECIMAL_EXPONENT  # of a price (`decimal`)


def _moment(value: object, field: str, zone: tzinfo, moments: dict[str, datetime]) -> datetime:
    """`moment`, remembered in `moments` (its text → the datetime) for the rest of the answer."""
    parsed = moment(value, field, zone)
    if type(value) is str:
        moments[value] = parsed
    return parsed


# A frozen dataclass refuses attribute assignment, so its `__init__` sets each field through
# `object.__setattr__`, and even its slots' own setters are C calls with their arguments packed
# in a tuple: together more than a third of the cost of reading an item. `_UnfrozenRecord` has
# the same slots on the same base and no `__setattr__` of its own, so its fields are set by
# plain attribute assignment; assigning `__class__` (which Python allows between classes of the
# same layout) then makes it the `SmsStatusRecord` that `SmsStatusRecord(id=..., ...)` makes.
# Checked here, at import: the fields `read_items` sets are the dataclass's, in order.
_RECORD_FIELDS = ("id", "reference", "msisdn", "time_sent", "time_dr", "status", "price",
                  "currency")  # fmt: skip
if tuple(f.name for f in dataclasses.fields(SmsStatusRecord)) != _RECORD_FIELDS:  # pragma: no cover
    raise RuntimeError("_status_records._RECORD_FIELDS no longer lists SmsStatusRecord's fields")


class _UnfrozenRecord(_JsonReady):
    """`SmsStatusRecord`'s layout, to be filled in and then made one (see above)."""

    __slots__ = SmsStatusRecord.__slots__
    id: int
    reference: str | None
    msisdn: str
    time_sent: datetime | None
    time_dr: datetime | None
    status: SmsStatus
    price: Decimal
    currency: str


_new = object.__new__
