from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sms_status_record import SmsStatusRecord


T = TypeVar("T", bound="SmsStatusList")


@_attrs_define
class SmsStatusList:
    """The answer to a mass-status request, or the error the API answered in its place with
    HTTP `200`. Without `error`, or with `error` `0` (or `"0"`), `result` is required (the
    `if`/`then` below): one item per message found, in any order, IDs not on the account
    left out. With any other `error` the body is that error (see `ErrorCode`). `error` is
    optional here, unlike in the single lookups' bodies: the vendor's model of this answer
    has `result` alone. One object, so that every code generator reads both bodies.
    Unknown extra fields may appear and are ignored.

        Attributes:
            error (int | str | Unset): The code of the error envelope, sent as a JSON number or as a string of digits: `0`
                (or `"0"`) for success, otherwise an error code from the `ErrorCode` table. Codes not
                in the table can appear and are errors too.
            error_description (str | Unset): Human-readable text for `error`.
            result (list[SmsStatusRecord] | Unset): The messages found, at most one per ID asked.
    """

    error: int | str | Unset = UNSET
    error_description: str | Unset = UNSET
    result: list[SmsStatusRecord] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        error_description = self.error_description

        result: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.result, Unset):
            result = []
            for result_item_data in self.result:
                result_item = result_item_data.to_dict()
                result.append(result_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error is not UNSET:
            field_dict["error"] = error
        if error_description is not UNSET:
            field_dict["errorDescription"] = error_description
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.sms_status_record import SmsStatusRecord

        d = dict(src_dict)

        def _parse_error(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        error_description = d.pop("errorDescription", UNSET)

        _result = d.pop("result", UNSET)
        result: list[SmsStatusRecord] | Unset = UNSET
        if _result is not UNSET:
            result = []
            for result_item_data in _result:
                result_item = SmsStatusRecord.from_dict(result_item_data)

                result.append(result_item)

        sms_status_list = cls(
            error=error,
            error_description=error_description,
            result=result,
        )

        sms_status_list.additional_properties = d
        return sms_status_list

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
