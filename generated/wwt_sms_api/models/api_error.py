from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiError")


@_attrs_define
class ApiError:
    """The API's error envelope: a non-zero `error` code (see `ErrorCode`; unknown codes can
    appear), the vendor's description of it, and sometimes `data` with more context.

        Attributes:
            error (int | str): A non-zero error code from the `ErrorCode` table, sent as a JSON number or as a string
                of digits. Codes not in the table can appear and are errors too.
            error_description (str | Unset): The vendor's text for the code.
            data (Any | Unset): Extra context some errors carry (any JSON value); absent from most.
    """

    error: int | str
    error_description: str | Unset = UNSET
    data: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str
        error = self.error

        error_description = self.error_description

        data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if error_description is not UNSET:
            field_dict["errorDescription"] = error_description
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> int | str:
            return cast(int | str, data)

        error = _parse_error(d.pop("error"))

        error_description = d.pop("errorDescription", UNSET)

        data = d.pop("data", UNSET)

        api_error = cls(
            error=error,
            error_description=error_description,
            data=data,
        )

        api_error.additional_properties = d
        return api_error

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
