from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Sms")


@_attrs_define
class Sms:
    """The body of a message lookup: one message and its delivery status, or the error the
    API answered in its place with HTTP `200`. `error` says which. When it is `0` (or
    `"0"`), `id`, `msisdn`, `time_in`, `status`, `price` and `currency` are required (the
    `if`/`then` below); otherwise the body is an error (see `ErrorCode`) and the message
    fields are absent. One object rather than a `oneOf` of a message and an error, so that
    every code generator reads both bodies without dropping a field. Unknown extra fields
    may appear and are ignored.

        Attributes:
            error (int | str): The code of the error envelope, sent as a JSON number or as a string of digits: `0`
                (or `"0"`) for success, otherwise an error code from the `ErrorCode` table. Codes not
                in the table can appear and are errors too.
            error_description (str | Unset): Human-readable text for `error` ("No errors" on success).
            id (int | str | Unset): A positive 64-bit identifier, sent as a JSON number or as a string of digits. Values
                above 2^53 − 1 are always sent as strings (see "Identifiers above 2^53 − 1").
            msisdn (int | str | Unset): The phone number the message was sent to, in international form without `+`,
                as a JSON number or a string of digits. It is an identifier: keep the digits.
                (E.164 numbers have at most 15 digits, exact in a JavaScript number; the bound
                here is generous.)
            reference (None | str | Unset): The sender's reference (external ID), or `null` when the message was sent
                without
                one. Older messages may carry references outside today's rule (1–50 characters,
                see the `reference` parameter), so any string is accepted here.
            time_in (str | Unset): A date and time, either in the vendor form `YYYY-MM-DD HH:MM:SS` (no zone: the API's
                clock, UTC unless the account says otherwise) or in ISO 8601 with an offset
                (`2017-01-17T09:11:41+00:00`). Fractions of a second may follow the seconds.
            time_sent (None | str | Unset): When the message was (or is scheduled to be) sent; `null` before that is known.
            time_dr (None | str | Unset): When the delivery report arrived; `null` until it does.
            status (str | Unset): The delivery status of a message, in lowercase. This is an **open** set: the vendor's
                own lists disagree and new values can appear at any time, so a client must accept any
                string and treat unknown values as not final. Known values (`x-known-values`):

                | status | meaning | final |
                |---|---|---|
                | new | accepted by the API, not yet processed | no |
                | waiting | waiting for its scheduled time or for routing | no |
                | scheduled | scheduled for sending at `time_sent` | no |
                | moderation | held for moderation before sending | no |
                | queued | queued for the operator | no |
                | accepted | accepted by the operator | no |
                | sending | being sent to the operator | no |
                | enroute | on its way to the handset | no |
                | sent | sent to the operator, no delivery report yet | no |
                | delivered | delivered to the handset | yes |
                | read | delivered and read by the recipient | yes |
                | expired | not delivered within its validity | yes |
                | undeliverable | the operator could not deliver it | yes |
                | undelivered | not delivered (the newer API's word for undeliverable) | yes |
                | failed | sending failed | yes |
                | rejected | refused by the operator or the platform | yes |
                | deleted | deleted before sending | yes |
                | not_viber_user | the recipient does not use Viber | yes |
                | not_service_user | the recipient does not use the messaging service | yes |
                | unknown | the operator reported an unknown final state | yes |
            price (float | str | Unset): An exact decimal amount, sent as a JSON number (`0.23`) or as a string
                (`"1.1000000"`).
                Read it as a decimal, never through binary floating point.
            currency (str | Unset): The account's currency, an ISO 4217 code such as `EUR`.
    """

    error: int | str
    error_description: str | Unset = UNSET
    id: int | str | Unset = UNSET
    msisdn: int | str | Unset = UNSET
    reference: None | str | Unset = UNSET
    time_in: str | Unset = UNSET
    time_sent: None | str | Unset = UNSET
    time_dr: None | str | Unset = UNSET
    status: str | Unset = UNSET
    price: float | str | Unset = UNSET
    currency: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str
        error = self.error

        error_description = self.error_description

        id: int | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        msisdn: int | str | Unset
        if isinstance(self.msisdn, Unset):
            msisdn = UNSET
        else:
            msisdn = self.msisdn

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        time_in = self.time_in

        time_sent: None | str | Unset
        if isinstance(self.time_sent, Unset):
            time_sent = UNSET
        else:
            time_sent = self.time_sent

        time_dr: None | str | Unset
        if isinstance(self.time_dr, Unset):
            time_dr = UNSET
        else:
            time_dr = self.time_dr

        status = self.status

        price: float | str | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if error_description is not UNSET:
            field_dict["errorDescription"] = error_description
        if id is not UNSET:
            field_dict["id"] = id
        if msisdn is not UNSET:
            field_dict["msisdn"] = msisdn
        if reference is not UNSET:
            field_dict["reference"] = reference
        if time_in is not UNSET:
            field_dict["time_in"] = time_in
        if time_sent is not UNSET:
            field_dict["time_sent"] = time_sent
        if time_dr is not UNSET:
            field_dict["time_dr"] = time_dr
        if status is not UNSET:
            field_dict["status"] = status
        if price is not UNSET:
            field_dict["price"] = price
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> int | str:
            return cast(int | str, data)

        error = _parse_error(d.pop("error"))

        error_description = d.pop("errorDescription", UNSET)

        def _parse_id(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_msisdn(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        msisdn = _parse_msisdn(d.pop("msisdn", UNSET))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        time_in = d.pop("time_in", UNSET)

        def _parse_time_sent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_sent = _parse_time_sent(d.pop("time_sent", UNSET))

        def _parse_time_dr(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_dr = _parse_time_dr(d.pop("time_dr", UNSET))

        status = d.pop("status", UNSET)

        def _parse_price(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        price = _parse_price(d.pop("price", UNSET))

        currency = d.pop("currency", UNSET)

        sms = cls(
            error=error,
            error_description=error_description,
            id=id,
            msisdn=msisdn,
            reference=reference,
            time_in=time_in,
            time_sent=time_sent,
            time_dr=time_dr,
            status=status,
            price=price,
            currency=currency,
        )

        sms.additional_properties = d
        return sms

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
