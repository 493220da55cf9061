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

from ._constants import ID_MAX, ID_MIN
from ._models import SmsStatusRecord
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
    """One decoded item of `result` → `SmsStatusRecord`. A missing required field raises
    `KeyError`, a wrong one `WireError` (the response layer reports both).

    An answer carries a hundred items, so each field first gets a check of its commonest
    exact form (an id or msisdn as a string of digits, a str or None reference, a known status,
    a Decimal price) and only other forms go through the general readers above, which accept
    the same values and name what is wrong (for the id, the value as it was sent).
    `moments` remembers the datetimes read so far in one answer: the messages of a campaign
    share their send time, and each distinct text is then parsed once.
    The fields are checked in the same order as ever (id, reference, price, currency, msisdn,
    times, status), so an item with several wrong fields names the same one.
    """
    if type(item) is not dict:
        raise WireError("result[]", item, "an object")
    if moments is None:
        moments = {}
    sent_id = item["id"]
    id = sent_id
    if type(id) is str and len(id) <= _MAX_ID_DIGITS and id.isdigit() and id.isascii():
        id = int(id)  # the real API's form of an id: a string of digits
    if type(id) is not int or not ID_MIN <= id <= ID_MAX:
        id = integer(sent_id, "id", minimum=ID_MIN, maximum=ID_MAX)
    reference = item.get("external_id")
    if reference is not None and type(reference) is not str:
        reference = optional_text(reference, "external_id")
    price = item["price"]
    if type(price) is not Decimal or not price.is_finite():
        price = decimal(price, "price")
    currency = item["currency"]
    if type(currency) is not str:
        currency = text(currency, "currency")
    msisdn = item["msisdn"]
    if not (
        type(msisdn) is str and len(msisdn) <= _MAX_DIGITS and msisdn.isdigit() and msisdn.isascii()
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
    # `SmsStatusRecord(id=id, ...)`, through its slots' setters (see below).
    record: SmsStatusRecord = object.__new__(SmsStatusRecord)
    _set_record_id(record, id)
    _set_record_reference(record, reference)
    _set_record_msisdn(record, msisdn)
    _set_record_time_sent(record, sent)
    _set_record_time_dr(record, delivered)
    _set_record_status(record, state)
    _set_record_price(record, price)
    _set_record_currency(record, currency)
    return record


_MAX_ID_DIGITS = len(str(ID_MAX))


def _moment(value: object, field: str, zone: tzinfo, moments: dict[str, datetime]) -> datetime:
    """`moment`, remembered in `moments` (its text → the datetime) for the rest of the answer."""
    parsed = moment(value, field, zone)
    if type(value) is str:
        moments[value] = parsed
    return parsed


# A frozen dataclass's `__init__` sets each field through `object.__setattr__`, more than half
# the cost of reading an item; its slots' own setters make the same instance in a fifth of the
# time. They are taken in field order (checked here, at import).
_RECORD_FIELDS = ("id", "reference", "msisdn", "time_sent", "time_dr", "status", "price",
                  "currency")  # fmt: skip
if tuple(f.name for f in dataclasses.fields(SmsStatusRecord)) != _RECORD_FIELDS:  # pragma: no cover
    raise RuntimeError("_normalise._RECORD_FIELDS no longer lists SmsStatusRecord's fields")
(
    _set_record_id,
    _set_record_reference,
    _set_record_msisdn,
    _set_record_time_sent,
    _set_record_time_dr,
    _set_record_status,
    _set_record_price,
    _set_record_currency,
) = (getattr(SmsStatusRecord, name).__set__ for name in _RECORD_FIELDS)


def status_records(body: dict[str, Any], zone: tzinfo) -> list[SmsStatusRecord]:
    """The items of a successful mass-status answer's `result` (a list, required on success)."""
    result = body["result"]
    if not isinstance(result, list):
        raise WireError("result", result, "a list")
    moments: dict[str, datetime] = {}  # at most two an item, for one answer
    return [status_record(item, zone, moments) for item in result]
