"""The values the SDK hands out: frozen, exactly typed, timezone-aware."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, Literal, NoReturn, TypeAlias, TypeVar

from ._constants import JS_SAFE_INTEGER_MAX

if TYPE_CHECKING:
    from ._exceptions import WwtError

T = TypeVar("T")


class SmsStatus(StrEnum):
    """The delivery status of a message: an open set.

    The members are the spec's `SmsStatus.x-known-values` (a test checks they agree, finality
    included). A value the SDK does not know yet is still a `SmsStatus`: `SmsStatus("bounced")`
    gives a pseudo-member that keeps the raw string, is not final and never raises. Compare with
    members (`status is SmsStatus.DELIVERED`) or with strings (`status == "delivered"`).
    """

    NEW = "new"
    WAITING = "waiting"
    SCHEDULED = "scheduled"
    MODERATION = "moderation"
    QUEUED = "queued"
    ACCEPTED = "accepted"
    SENDING = "sending"
    ENROUTE = "enroute"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    EXPIRED = "expired"
    UNDELIVERABLE = "undeliverable"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    REJECTED = "rejected"
    DELETED = "deleted"
    NOT_VIBER_USER = "not_viber_user"
    NOT_SERVICE_USER = "not_service_user"
    UNKNOWN = "unknown"

    @classmethod
    def _missing_(cls, value: object) -> SmsStatus | None:
        if not isinstance(value, str) or not value:
            return None  # Enum raises ValueError; the normaliser reports the wrong shape
        # A pseudo-member, as enum.Flag makes for unnamed values: an instance of the class that
        # keeps the raw string but is not added to the members (so an unbounded stream of new
        # values cannot grow the class).
        pseudo = str.__new__(cls, value)
        pseudo._name_ = value.upper()
        pseudo._value_ = value
        return pseudo

    @property
    def is_known(self) -> bool:
        """Whether this is one of the statuses the SDK knows (a member, not a pseudo-member)."""
        return self._name_ in type(self).__members__

    @property
    def is_final(self) -> bool:
        """Whether the status will not change any more. Unknown statuses are not final."""
        return self in _FINAL

    @property
    def is_delivered(self) -> bool:
        """Whether the message reached the handset."""
        return self is SmsStatus.DELIVERED

    def __repr__(self) -> str:
        marker = "" if self.is_known else " (unknown to this SDK)"
        return f"<SmsStatus.{self._name_}: {self._value_!r}{marker}>"


_FINAL = frozenset(
    {
        SmsStatus.DELIVERED,
        SmsStatus.READ,
        SmsStatus.EXPIRED,
        SmsStatus.UNDELIVERABLE,
        SmsStatus.UNDELIVERED,
        SmsStatus.FAILED,
        SmsStatus.REJECTED,
        SmsStatus.DELETED,
        SmsStatus.NOT_VIBER_USER,
        SmsStatus.NOT_SERVICE_USER,
        SmsStatus.UNKNOWN,
    }
)


def _json_ready(value: object) -> object:
    """One field as JSON carries it without loss: exact decimals and datetimes as text,
    integers beyond what a JavaScript number holds exactly as strings of digits."""
    if isinstance(value, SmsStatus):
        return value.value
    if isinstance(value, Decimal):
        return format(value, "f")  # plain digits: `str` may write an exponent (`1E-7`)
    if isinstance(value, datetime):
        return value.isoformat()
    if type(value) is int and not -JS_SAFE_INTEGER_MAX <= value <= JS_SAFE_INTEGER_MAX:
        return str(value)
    return value


class _JsonReady:
    """`to_dict()` and `to_json()` for the frozen models below (no state of its own)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The fields as JSON-ready values: `Decimal` as its exact text (`"0.2300000"`),
        datetimes in ISO 8601 with their offset, statuses as their raw string, integers above
        2^53 - 1 (IDs) as strings of digits and smaller ones as numbers, `None` kept."""
        return {
            field.name: _json_ready(getattr(self, field.name))
            for field in dataclasses.fields(self)  # type: ignore[arg-type]
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """`to_dict()` as JSON text, e.g. to forward to a queue or a log without losing a digit."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sms(_JsonReady):
    """One message and its delivery status.

    `msisdn` keeps the digits as received; `price` is exact; datetimes are timezone-aware (a
    wire value without a zone is read in the client's `api_timezone`, UTC by default).
    """

    id: int
    msisdn: str
    reference: str | None
    time_in: datetime
    time_sent: datetime | None
    time_dr: datetime | None
    status: SmsStatus
    price: Decimal
    currency: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Task(_JsonReady):
    """A bulk campaign and how many of its messages are in each delivery status.

    Counters the API leaves out are 0; `validity` (hours) is `None` when the API leaves it out.
    """

    originator: str
    body: str
    validity: int | None
    total_price: Decimal
    currency: str
    total: int = 0
    sent: int = 0
    queued: int = 0
    accepted: int = 0
    enroute: int = 0
    delivered: int = 0
    expired: int = 0
    undeliverable: int = 0
    unknown: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SmsStatusRecord(_JsonReady):
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


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryReport(_JsonReady):
    """A delivery report (DLR) the gateway POSTed to a `callback_url`: the same facts as the
    `Sms` a status lookup of the message gives at that moment, read the same way.

    `wwt_sms.parse_delivery_report` makes one from a request body. `msisdn` keeps the digits as
    received; `price` is exact; datetimes are timezone-aware.
    """

    id: int
    msisdn: str
    reference: str | None
    time_in: datetime
    time_sent: datetime | None
    time_dr: datetime | None
    status: SmsStatus
    price: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Ok(Generic[T]):
    """A `get_many` outcome that succeeded: the id asked for and its value."""

    id: int
    value: T

    @property
    def ok(self) -> Literal[True]:
        return True

    @property
    def error(self) -> None:
        return None

    def unwrap(self) -> T:
        return self.value


@dataclass(frozen=True, slots=True)
class Err:
    """A `get_many` outcome that failed: the id asked for and the error it met."""

    id: int
    error: WwtError

    @property
    def ok(self) -> Literal[False]:
        return False

    @property
    def value(self) -> None:
        return None

    def unwrap(self) -> NoReturn:
        raise self.error


Result: TypeAlias = Ok[T] | Err
"""One outcome of `get_many`: `Ok` (with `.value`) or `Err` (with `.error`). Checking `.ok`
(or `isinstance`) tells a type checker which one it is; `unwrap()` returns the value or raises
the error."""
