"""Wire quirks → exact types.

Input: the generated models (`wwt_sms_api.models.Sms` / `Task`), whose fields keep whatever the
wire carried (`int | str` numbers, `Decimal` prices, datetime strings, `UNSET`). Every field but
`error` is optional in them (the spec requires the others only when `error` is 0): the fields a
success needs are required here. Output: the SDK's frozen `Sms` / `Task` (`_status_records`
reads the items of a mass-status answer with the readers here). A value that does not have the
contract's shape, or is missing, raises `WireError` naming the field; the response layer turns
it into `UnexpectedResponseError`.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING

from wwt_sms_api.types import UNSET

from ._constants import (
    DECIMAL_PATTERN,
    ID_MAX,
    ID_MIN,
    MAX_DECIMAL_EXPONENT,
    MAX_LONG_TEXT,
    MAX_NUMBER_CHARS,
    MAX_SHORT_TEXT,
)
from ._models import Sms, SmsStatus, Task

if TYPE_CHECKING:
    from wwt_sms_api.models.sms import Sms as WireSms
    from wwt_sms_api.models.task import Task as WireTask

_KNOWN_STATUSES: dict[object, SmsStatus] = {member.value: member for member in SmsStatus}
_DECIMAL = re.compile(DECIMAL_PATTERN)
_TASK_COUNTERS = (
    "total",
    "sent",
    "queued",
    "accepted",
    "enroute",
    "delivered",
    "expired",
    "undeliverable",
    "unknown",
)


class WireError(ValueError):
    """A field whose value the contract does not allow."""

    def __init__(self, field: str, value: object, expected: str):
        if value is UNSET:
            super().__init__(f"field {field!r} is missing")
            return
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        super().__init__(f"field {field!r}: expected {expected}, got {shown}")


# Every integer of the contract fits in 20 digits (int64 ids and counters, 9-digit codes,
# 20-digit msisdns). Checking the size first keeps a hostile `1e2000000` from costing minutes
# in `int()` (or `"9" * 5000` from raising out of it).
_MAX_DIGITS = 20


def _integral(value: Decimal) -> bool:
    """A finite JSON number with no fractional part, of at most `_MAX_DIGITS` digits."""
    return (
        value.is_finite() and value.adjusted() < _MAX_DIGITS and value == value.to_integral_value()
    )


def integer(value: object, field: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A JSON number or a string of ASCII digits → int, within bounds."""
    if type(value) is int:
        number = value
    elif (
        isinstance(value, str) and len(value) <= _MAX_DIGITS and value.isascii() and value.isdigit()
    ):
        number = int(value)
    elif isinstance(value, Decimal) and _integral(value):
        number = int(value)  # `211.0`: an integer written as a JSON number with a fraction
    else:
        raise WireError(field, value, "an integer or a string of digits")
    if number < minimum or (maximum is not None and number > maximum):
        raise WireError(field, value, f"an integer in [{minimum}, {maximum or '∞'}]")
    return number


def optional_integer(value: object, field: str, default: int | None) -> int | None:
    if value is None or value is UNSET:
        return default
    return integer(value, field)


def digits(value: object, field: str) -> str:
    """An identifier made of digits (`msisdn`): a JSON number or a string → the digits as str."""
    if type(value) is int and 0 <= value < 10**_MAX_DIGITS:
        return str(value)
    if isinstance(value, str) and len(value) <= _MAX_DIGITS and value.isascii() and value.isdigit():
        return value
    if isinstance(value, Decimal) and _integral(value) and value >= 0:
        return str(int(value))  # `380972000001.0`: JSON Schema counts it as an integer too
    raise WireError(field, value, "digits (a JSON number or a string)")


def decimal(value: object, field: str) -> Decimal:
    """An exact amount. JSON numbers arrive as Decimal (the body is decoded with
    `parse_float=Decimal`), integers as int, strings as their text: never through float. Its
    size is bounded, so that arithmetic on it cannot overflow or take unbounded time."""
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif type(value) is int or (
        isinstance(value, str) and len(value) <= MAX_NUMBER_CHARS and _DECIMAL.match(value)
    ):
        number = Decimal(value)
    if number is not None and _bounded(number):
        return number
    raise WireError(field, value, "a decimal number (or a string of one) of a sensible size")


def _bounded(number: Decimal) -> bool:
    return number.is_finite() and (
        number.is_zero() or -MAX_DECIMAL_EXPONENT <= number.adjusted() <= MAX_DECIMAL_EXPONENT
    )


def moment(value: object, field: str, zone: tzinfo) -> datetime:
    """`YYYY-MM-DD HH:MM:SS` (the API's clock: `zone`) or ISO 8601 with an offset → aware.

    A cheap shape check (date, `T` or space, time) and `datetime.fromisoformat` do the work of
    the spec's WireDateTime pattern at a fraction of a regex's cost; ISO 8601 forms the pattern
    does not list but `fromisoformat` reads exactly are accepted (tolerant reader).
    """
    if type(value) is not str or len(value) < 19 or value[10] not in " T" or value[4] != "-":
        raise WireError(field, value, "a datetime 'YYYY-MM-DD HH:MM:SS' or ISO 8601")
    text = value
    if zone is UTC and len(value) == 19 and value[13] == ":" and value[16] == ":":
        # Exactly `date time` to the second, so certainly zoneless: reading it with the offset
        # appended gives the same aware datetime (tzinfo is `UTC` itself) as the general path,
        # without the costlier `datetime.replace(tzinfo=...)`.
        text = value + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:  # the right shape but not a date (month 13, 25 o'clock, ...)
        raise WireError(field, value, "a real calendar datetime") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def optional_moment(value: object, field: str, zone: tzinfo) -> datetime | None:
    if value is None or value is UNSET:
        return None
    return moment(value, field, zone)


def text(value: object, field: str, max_chars: int = MAX_SHORT_TEXT) -> str:
    if isinstance(value, str) and len(value) <= max_chars:
        return value
    raise WireError(field, value, f"a string of at most {max_chars} characters")


def optional_text(value: object, field: str) -> str | None:
    if value is None or value is UNSET:
        return None
    return text(value, field)


def status(value: object) -> SmsStatus:
    known = _KNOWN_STATUSES.get(value) if type(value) is str else None
    if known is not None:
        return known
    if isinstance(value, str) and 0 < len(value) <= MAX_SHORT_TEXT:
        return SmsStatus(value)
    raise WireError("status", value, f"a string of 1 to {MAX_SHORT_TEXT} characters")


def sms(wire: WireSms, zone: tzinfo) -> Sms:
    """The generated `Sms` (raw wire values) → the SDK's `Sms`."""
    return _new_sms(
        integer(wire.id, "id", minimum=ID_MIN, maximum=ID_MAX),
        digits(wire.msisdn, "msisdn"),
        optional_text(wire.reference, "reference"),
        moment(wire.time_in, "time_in", zone),
        optional_moment(wire.time_sent, "time_sent", zone),
        optional_moment(wire.time_dr, "time_dr", zone),
        status(wire.status),
        decimal(wire.price, "price"),
        text(wire.currency, "currency"),
    )


# `Sms(...)` goes through the frozen dataclass's `__init__` (nine keywords and an
# `object.__setattr__` per field); its slots' own setters make the same instance for less, as
# attrs builds its frozen classes. The field order is checked here, at import, so a field added
# to `Sms` cannot be silently left unset.
_SMS_FIELDS = (
    "id",
    "msisdn",
    "reference",
    "time_in",
    "time_sent",
    "time_dr",
    "status",
    "price",
    "currency",
)
if tuple(field.name for field in dataclasses.fields(Sms)) != _SMS_FIELDS:  # pragma: no cover
    raise RuntimeError("_normalise._SMS_FIELDS no longer lists Sms's fields in order")
(
    _set_id,
    _set_msisdn,
    _set_reference,
    _set_time_in,
    _set_time_sent,
    _set_time_dr,
    _set_status,
    _set_price,
    _set_currency,
) = (getattr(Sms, name).__set__ for name in _SMS_FIELDS)


def _new_sms(
    id: int,
    msisdn: str,
    reference: str | None,
    time_in: datetime,
    time_sent: datetime | None,
    time_dr: datetime | None,
    status: SmsStatus,
    price: Decimal,
    currency: str,
) -> Sms:
    """`Sms(id=id, ...)`, faster (see above)."""
    new: Sms = object.__new__(Sms)
    _set_id(new, id)
    _set_msisdn(new, msisdn)
    _set_reference(new, reference)
    _set_time_in(new, time_in)
    _set_time_sent(new, time_sent)
    _set_time_dr(new, time_dr)
    _set_status(new, status)
    _set_price(new, price)
    _set_currency(new, currency)
    return new


def task(wire: WireTask) -> Task:
    """The generated `Task` (raw wire values) → the SDK's `Task`; missing counters are 0."""
    counters = {
        name: optional_integer(getattr(wire, name), name, 0) or 0 for name in _TASK_COUNTERS
    }
    return Task(
        originator=text(wire.originator, "originator"),
        body=text(wire.body, "body", MAX_LONG_TEXT),
        validity=optional_integer(wire.validity, "validity", None),
        total_price=decimal(wire.totalprice, "totalprice"),
        currency=text(wire.currency, "currency"),
        **counters,
    )
