from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SmsStatusRecord")


@_attrs_define
class SmsStatusRecord:
    """One message in a mass-status answer: the single lookup's facts without `time_in`, the
    reference named `external_id`. The vendor's model sends `id` and `msisdn` as strings
    and `price` as a number; both forms are accepted. Unknown extra fields may appear and
    are ignored.

        Attributes:
            id (int | str): A positive 64-bit identifier, sent as a JSON number or as a string of digits. Values
                above 2^53 − 1 are always sent as strings (see "Identifiers above 2^53 − 1").
            msisdn (int | str): A phone number in international form without `+`, as a JSON number or a string of 1 to 20
                digits.
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
            external_id (None | str | Unset): The sender's reference (external ID), or `null` (or absent) when the message
                was
                sent without one. Any string is accepted, as for `Sms.reference`.
            time_sent (None | str | Unset): When the message was (or is scheduled to be) sent; `null` before that is known.
            time_dr (None | str | Unset): When the delivery report arrived; `null` until it does.
    """

    id: int | str
    msisdn: int | str
    status: str
    price: float | str
    currency: str
    external_id: None | str | Unset = UNSET
    time_sent: None | str | Unset = UNSET
    time_dr: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: int | str
        id = self.id

        msisdn: int | str
        msisdn = self.msisdn

        status = self.status

        price: float | str
        price = self.price

        currency = self.currency

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

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
                "status": status,
                "price": price,
                "currency": currency,
            }
        )
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
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

        status = d.pop("status")

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))

        currency = d.pop("currency")

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

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

        sms_status_record = cls(
            id=id,
            msisdn=msisdn,
            status=status,
            price=price,
            currency=currency,
            external_id=external_id,
            time_sent=time_sent,
            time_dr=time_dr,
        )

        sms_status_record.additional_properties = d
        return sms_status_record

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
