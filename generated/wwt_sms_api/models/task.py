from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Task")


@_attrs_define
class Task:
    """The body of a campaign lookup: a bulk campaign and how many of its messages are in each
    delivery status, or the error the API answered in its place with HTTP `200`. `error`
    says which. When it is `0` (or `"0"`), `originator`, `body`, `totalprice` and
    `currency` are required (the `if`/`then` below); otherwise the body is an error (see
    `ErrorCode`) and the campaign fields are absent. Counters the API leaves out are zero.
    One object rather than a `oneOf`, so that every code generator reads both bodies
    without dropping a field. Unknown extra fields may appear and are ignored.

        Attributes:
            error (int | str): The code of the error envelope, sent as a JSON number or as a string of digits: `0`
                (or `"0"`) for success, otherwise an error code from the `ErrorCode` table. Codes not
                in the table can appear and are errors too.
            error_description (str | Unset): Human-readable text for `error` ("No errors" on success).
            originator (str | Unset): The sender name or number the campaign was sent from.
            body (str | Unset): The text of the campaign's messages.
            validity (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
            totalprice (float | str | Unset): An exact decimal amount, sent as a JSON number (`0.23`) or as a string
                (`"1.1000000"`).
                Read it as a decimal, never through binary floating point.
            currency (str | Unset): The account's currency, an ISO 4217 code such as `EUR`.
            total (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
            sent (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
            queued (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
            accepted (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
            enroute (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
            delivered (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
            expired (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
            undeliverable (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of
                digits.
            unknown (int | str | Unset): A non-negative 64-bit integer, sent as a JSON number or as a string of digits.
    """

    error: int | str
    error_description: str | Unset = UNSET
    originator: str | Unset = UNSET
    body: str | Unset = UNSET
    validity: int | str | Unset = UNSET
    totalprice: float | str | Unset = UNSET
    currency: str | Unset = UNSET
    total: int | str | Unset = UNSET
    sent: int | str | Unset = UNSET
    queued: int | str | Unset = UNSET
    accepted: int | str | Unset = UNSET
    enroute: int | str | Unset = UNSET
    delivered: int | str | Unset = UNSET
    expired: int | str | Unset = UNSET
    undeliverable: int | str | Unset = UNSET
    unknown: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str
        error = self.error

        error_description = self.error_description

        originator = self.originator

        body = self.body

        validity: int | str | Unset
        if isinstance(self.validity, Unset):
            validity = UNSET
        else:
            validity = self.validity

        totalprice: float | str | Unset
        if isinstance(self.totalprice, Unset):
            totalprice = UNSET
        else:
            totalprice = self.totalprice

        currency = self.currency

        total: int | str | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        sent: int | str | Unset
        if isinstance(self.sent, Unset):
            sent = UNSET
        else:
            sent = self.sent

        queued: int | str | Unset
        if isinstance(self.queued, Unset):
            queued = UNSET
        else:
            queued = self.queued

        accepted: int | str | Unset
        if isinstance(self.accepted, Unset):
            accepted = UNSET
        else:
            accepted = self.accepted

        enroute: int | str | Unset
        if isinstance(self.enroute, Unset):
            enroute = UNSET
        else:
            enroute = self.enroute

        delivered: int | str | Unset
        if isinstance(self.delivered, Unset):
            delivered = UNSET
        else:
            delivered = self.delivered

        expired: int | str | Unset
        if isinstance(self.expired, Unset):
            expired = UNSET
        else:
            expired = self.expired

        undeliverable: int | str | Unset
        if isinstance(self.undeliverable, Unset):
            undeliverable = UNSET
        else:
            undeliverable = self.undeliverable

        unknown: int | str | Unset
        if isinstance(self.unknown, Unset):
            unknown = UNSET
        else:
            unknown = self.unknown

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if error_description is not UNSET:
            field_dict["errorDescription"] = error_description
        if originator is not UNSET:
            field_dict["originator"] = originator
        if body is not UNSET:
            field_dict["body"] = body
        if validity is not UNSET:
            field_dict["validity"] = validity
        if totalprice is not UNSET:
            field_dict["totalprice"] = totalprice
        if currency is not UNSET:
            field_dict["currency"] = currency
        if total is not UNSET:
            field_dict["total"] = total
        if sent is not UNSET:
            field_dict["sent"] = sent
        if queued is not UNSET:
            field_dict["queued"] = queued
        if accepted is not UNSET:
            field_dict["accepted"] = accepted
        if enroute is not UNSET:
            field_dict["enroute"] = enroute
        if delivered is not UNSET:
            field_dict["delivered"] = delivered
        if expired is not UNSET:
            field_dict["expired"] = expired
        if undeliverable is not UNSET:
            field_dict["undeliverable"] = undeliverable
        if unknown is not UNSET:
            field_dict["unknown"] = unknown

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> int | str:
            return cast(int | str, data)

        error = _parse_error(d.pop("error"))

        error_description = d.pop("errorDescription", UNSET)

        originator = d.pop("originator", UNSET)

        body = d.pop("body", UNSET)

        def _parse_validity(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        validity = _parse_validity(d.pop("validity", UNSET))

        def _parse_totalprice(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        totalprice = _parse_totalprice(d.pop("totalprice", UNSET))

        currency = d.pop("currency", UNSET)

        def _parse_total(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        total = _parse_total(d.pop("total", UNSET))

        def _parse_sent(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        sent = _parse_sent(d.pop("sent", UNSET))

        def _parse_queued(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        queued = _parse_queued(d.pop("queued", UNSET))

        def _parse_accepted(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        accepted = _parse_accepted(d.pop("accepted", UNSET))

        def _parse_enroute(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        enroute = _parse_enroute(d.pop("enroute", UNSET))

        def _parse_delivered(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        delivered = _parse_delivered(d.pop("delivered", UNSET))

        def _parse_expired(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        expired = _parse_expired(d.pop("expired", UNSET))

        def _parse_undeliverable(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        undeliverable = _parse_undeliverable(d.pop("undeliverable", UNSET))

        def _parse_unknown(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        unknown = _parse_unknown(d.pop("unknown", UNSET))

        task = cls(
            error=error,
            error_description=error_description,
            originator=originator,
            body=body,
            validity=validity,
            totalprice=totalprice,
            currency=currency,
            total=total,
            sent=sent,
            queued=queued,
            accepted=accepted,
            enroute=enroute,
            delivered=delivered,
            expired=expired,
            undeliverable=undeliverable,
            unknown=unknown,
        )

        task.additional_properties = d
        return task

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
