from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SmsStatusesRequest")


@_attrs_define
class SmsStatusesRequest:
    """The message IDs to look up: 1 to 100 (the vendor's limit), each a JSON integer. Ask
    each ID once; a repeated ID is answered once.

        Attributes:
            ids (list[int]): WWT message IDs.
    """

    ids: list[int]

    def to_dict(self) -> dict[str, Any]:
        ids = self.ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ids": ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        ids = cast(list[int], d.pop("ids"))

        sms_statuses_request = cls(
            ids=ids,
        )

        return sms_statuses_request
