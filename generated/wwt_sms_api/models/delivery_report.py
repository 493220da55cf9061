from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeliveryReport")


@_attrs_define
class DeliveryReport:
    """The body of a delivery report (the `deliveryReport` webhook): the message's facts as a
    successful status lookup (`Sms`) gives them, when its status changes. `error` is `0`
    (or `"0"`) or absent; a body with any other code is not a delivery report. Unknown
    extra fields may appear and are ignored.

        Attributes:
            id (int | str): A positive 64-bit identifier, sent as a JSON number or as a string of digits. Values
                above 2^53 − 1 are always sent as strings (see "Identifiers above 2^53 − 1").
            msisdn (int | str): A phone number in international form without `+`, as a JSON number or a string of 1 to 20
                digits.
            time_in (str): A date and time, either in the vendor form `YYYY-MM-DD HH:MM:SS` (no zone: the API's
                clock, UTC unless the account says otherwise) or in ISO 8601 with an offset
                (`2017-01-17T09:11:41+00:00`). Fractions of a second may follow the seconds.
            status (str): The delivery status of a message, in lowercase. This is an **open** set: the vendor's
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
            price (float | str): An exact decimal amount, sent as a JSON number (`0.23`) or as a string (`"1.1000000"`).
                Read it as a decimal, never through binary floating point.
            currency (str): The account's currency, an ISO 4217 code such as `EUR`.
            error (int | str | Unset): The error code of a successful body: `0`, as a JSON number or as the string `"0"`.
            error_description (str | Unset): Human-readable text for `error` ("No errors").
            reference (None | str | Unset): The sender's reference (external ID), or `null` (or absent) when the message was
                sent without one. Any string is accepted, as for `Sms.reference`.
            time_sent (None | str | Unset): When the message was (or is scheduled to be) sent; `null` before that is known.
            time_dr (None | str | Unset): When the delivery report arrived at the gateway; `null` until it does.
    """

    id: int | str
    msisdn: int | str
    time_in: str
    status: str
    price: float | str
    currency: str
    error: int | str | Unset = UNSET
    error_description: str | Unset = UNSET
    reference: None | str | Unset = UNSET
    time_sent: None | str | Unset = UNSET
    time_dr: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: int | str
        id = self.id

        msisdn: int | str
        msisdn = self.msisdn

        time_in = self.time_in

        status = self.status

        price: float | str
        price = self.price

        currency = self.currency

        error: int | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        error_description = self.error_description

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "msisdn": msisdn,
                "time_in": time_in,
                "status": status,
                "price": price,
                "currency": currency,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if error_description is not UNSET:
            field_dict["errorDescription"] = error_description
        if reference is not UNSET:
            field_dict["reference"] = reference
        if time_sent is not UNSET:
            field_dict["time_sent"] = time_sent
        if time_dr is not UNSET:
            field_dict["time_dr"] = time_dr

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_id(data: object) -> int | str:
            return cast(int | str, data)

        id = _parse_id(d.pop("id"))

        def _parse_msisdn(data: object) -> int | str:
            return cast(int | str, data)

        msisdn = _parse_msisdn(d.pop("msisdn"))

        time_in = d.pop("time_in")

        status = d.pop("status")

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))

        currency = d.pop("currency")

        def _parse_error(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        error_description = d.pop("errorDescription", UNSET)

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

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

        delivery_report = cls(
            id=id,
            msisdn=msisdn,
            time_in=time_in,
            status=status,
            price=price,
            currency=currency,
            error=error,
            error_description=error_description,
            reference=reference,
            time_sent=time_sent,
            time_dr=time_dr,
        )

        delivery_report.additional_properties = d
        return delivery_report

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
