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
from ._models import SmsStatus, SmsStatusRecord
from ._normalise import (
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
    exact form (an int id, a str or None reference, a Decimal price) and only other forms go
    through the general readers above, which accept the same values and name what is wrong.
    `moments` remembers the datetimes read so far in one answer: the messages of a campaign
    share their send time, and each distinct text is then parsed once.
    """
    if type(item) is not dict:
        raise WireError("result[]", item, "an object")
    id = item["id"]
    if type(id) is not int or not ID_MIN <= id <= ID_MAX:
        id = integer(id, "id", minimum=ID_MIN, maximum=ID_MAX)
    reference = item.get("external_id")
    if reference is not None and type(reference) is not str:
        reference = optional_text(reference, "external_id")
    sent, delivered = item.get("time_sent"), item.get("time_dr")
    price = item["price"]
    if type(price) is not Decimal or not price.is_finite():
        price = decimal(price, "price")
    currency = item["currency"]
    if type(currency) is not str:
        currency = text(currency, "currency")
    return _new_record(
        id,
        reference,
        digits(item["msisdn"], "msisdn"),
        None if sent is None else _moment_once(sent, "time_sent", zone, moments),
        None if delivered is None else _moment_once(delivered, "time_dr", zone, moments),
        status(item["status"]),
        price,
        currency,
    )


def _moment_once(
    value: object, field: str, zone: tzinfo, moments: dict[str, datetime] | None
) -> datetime:
    if moments is None or type(value) is not str:
        return moment(value, field, zone)
    parsed = moments.get(value)
    if parsed is None:
        parsed = moments[value] = moment(value, field, zone)
    return parsed


# A frozen dataclass's `__init__` sets each field through `object.__setattr__`, more than half
# the cost of reading an item; its slots' own setters make the same instance in a fifth of the
# time. They are taken in field order (checked here, at import), as `_new_record`'s arguments.
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


def _new_record(
    id: int,
    reference: str | None,
    msisdn: str,
    time_sent: datetime | None,
    time_dr: datetime | None,
    status: SmsStatus,
    price: Decimal,
    currency: str,
) -> SmsStatusRecord:
    """`SmsStatusRecord(id=id, ...)`, faster (see above)."""
    new: SmsStatusRecord = object.__new__(SmsStatusRecord)
    _set_record_id(new, id)
    _set_record_reference(new, reference)
    _set_record_msisdn(new, msisdn)
    _set_record_time_sent(new, time_sent)
    _set_record_time_dr(new, time_dr)
    _set_record_status(new, status)
    _set_record_price(new, price)
    _set_record_currency(new, currency)
    return new


def status_records(body: dict[str, Any], zone: tzinfo) -> list[SmsStatusRecord]:
    """The items of a successful mass-status answer's `result` (a list, required on success)."""
    result = body["result"]
    if not isinstance(result, list):
        raise WireError("result", result, "a list")
    moments: dict[str, datetime] = {}  # at most two an item, for one answer
    return [status_record(item, zone, moments) for item in result]
