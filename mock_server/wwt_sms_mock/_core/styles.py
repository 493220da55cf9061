"""How values go on the wire: as the real API sends them, canonical JSON, or every quirk."""

from __future__ import annotations

import json
import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from wwt_sms_mock._contract.spec import JS_SAFE_MAX

from .store import as_datetime

__all__ = ["API", "API_STRING_KINDS", "CANONICAL", "VENDOR", "WireStyle", "dumps", "render"]


@dataclass(frozen=True, slots=True)
class WireStyle:
    """Which of the real API's habits to show. All off: canonical JSON and HTTP statuses.

    The named styles: `api` (the default: what the real API is known to send), `canonical`
    (clean JSON types, ISO 8601, errors at their HTTP status) and `vendor` (every quirk the
    vendor's materials show anywhere: every number a string, every API error in a 200).
    """

    numbers_as_strings: bool = False  # "211", "0.2300000", "0"
    vendor_datetimes: bool = False  # "2017-01-17 09:11:41" instead of ISO 8601 with offset
    errors_in_200: bool = False  # every API error answered with HTTP 200, the code a string
    vendor_types: bool = False  # each field's JSON type as the real API sends it (API_STRING_KINDS)
    not_found_in_200: bool = False  # "not found" (codes 20, 30) with HTTP 200, code in the body

    @classmethod
    def parse(cls, value: WireStyle | str) -> WireStyle:
        """`api` (alias `real`), `canonical`, `vendor` (alias `quirks`), or flags joined by
        `+` or `,`."""
        if isinstance(value, WireStyle):
            return value
        text = value.strip().lower()
        if text in _NAMED:
            return _NAMED[text]
        flags = {f.strip() for f in text.replace("+", ",").split(",") if f.strip()}
        unknown = flags - set(_FLAG_ALIASES)
        if unknown:
            raise ValueError(
                f"unknown wire style {value!r}: use {', '.join(STYLE_NAMES)}, or flags "
                f"joined by + from {sorted(_FLAG_ALIASES)}"
            )
        chosen = {_FLAG_ALIASES[f] for f in flags}
        return cls(**dict.fromkeys(chosen, True))

    @property
    def name(self) -> str:
        for name, style in _NAMED.items():
            if style == self:
                return name
        return "+".join(k for k, v in self.as_dict().items() if v)

    def as_dict(self) -> dict[str, bool]:
        return {
            "numbers_as_strings": self.numbers_as_strings,
            "vendor_datetimes": self.vendor_datetimes,
            "errors_in_200": self.errors_in_200,
            "vendor_types": self.vendor_types,
            "not_found_in_200": self.not_found_in_200,
        }

    def as_string(self, resource: str, kind: str) -> bool:
        """Whether a number of this kind, in this resource, goes out as a JSON string."""
        if self.numbers_as_strings:
            return True
        return self.vendor_types and kind in API_STRING_KINDS.get(resource, ())


CANONICAL: Final = WireStyle()
VENDOR: Final = WireStyle(numbers_as_strings=True, vendor_datetimes=True, errors_in_200=True)
API: Final = WireStyle(vendor_datetimes=True, vendor_types=True, not_found_in_200=True)
_NAMED: Final = {
    "api": API,
    "real": API,
    "canonical": CANONICAL,
    "vendor": VENDOR,
    "quirks": VENDOR,
}
# The named styles without their aliases: what `GET /__mock/style` offers.
STYLE_NAMES: Final = ("api", "canonical", "vendor")
_FLAG_ALIASES: Final = {
    "numbers_as_strings": "numbers_as_strings",
    "strings": "numbers_as_strings",
    "vendor_datetimes": "vendor_datetimes",
    "datetimes": "vendor_datetimes",
    "errors_in_200": "errors_in_200",
    "errors": "errors_in_200",
    "vendor_types": "vendor_types",
    "types": "vendor_types",
    "not_found_in_200": "not_found_in_200",
    "not_found": "not_found_in_200",
}

API_STRING_KINDS: Final[dict[str, frozenset[str]]] = {
    # Messages: `id` and `msisdn` are strings, `error` and `price` numbers (the vendor's
    # page example and its SDK models).
    "Sms": frozenset({"id", "int"}),
    # Mass-status items: `id` and `msisdn` strings, `price` a number (the vendor's SDK model).
    "SmsStatusRecord": frozenset({"id", "int"}),
    # Campaigns: every number a string (the vendor's published task example).
    "Task": frozenset({"id", "int", "decimal", "envelope"}),
}
"""For `vendor_types`: per resource (the spec's schema title), which kinds of number
(`Spec.property_kinds`) the real API sends as JSON strings; the others go as numbers."""


def dumps(value: Any) -> bytes:
    """Compact JSON; a decimal `_decimal` could not send as a float is written as a JSON
    number of exactly its digits."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    if _EXACT_MARK in text:
        text = _EXACT.sub(r"\1", text)
    return text.encode()


# json writes a float with the shortest digits that read back the same, but cannot write a
# Decimal as a number: a decimal a float would round goes out as a marked string, unquoted
# here. The mark starts with NUL (escaped by json as `\u0000`) and a per-process token, so
# no string a record carries can be taken for it.
_EXACT_TOKEN: Final = secrets.token_hex(8)
_EXACT_PREFIX: Final = f"\x00{_EXACT_TOKEN}:"
_EXACT_MARK: Final = f"\\u0000{_EXACT_TOKEN}:"
_EXACT: Final = re.compile(rf'"\\u0000{_EXACT_TOKEN}:(-?[0-9]+(?:\.[0-9]+)?)"')


def _integer(value: int | str, as_string: bool) -> int | str:
    if as_string:
        return str(value)
    if isinstance(value, str):
        # Digit strings with a leading zero are identifiers that a number would change.
        if value.startswith("0") and len(value) > 1:
            return value
        value = int(value)
    return value if value <= JS_SAFE_MAX else str(value)


def _decimal(value: Decimal, as_string: bool, trimmed: bool) -> float | str:
    if as_string:
        # The vendor's task example trims an amount ("0.4"); its other bodies pad ("1.1000000").
        return format(value.normalize() if trimmed else value, "f")
    number = float(value)  # repr(float) is the shortest text that reads back the same...
    if math.isfinite(number) and Decimal(repr(number)) == value:
        return number
    return _EXACT_PREFIX + format(value, "f")  # ...unless a float cannot hold the amount


def _datetime(value: float | None, style: WireStyle) -> str | None:
    if value is None:
        return None
    moment = as_datetime(value)
    if style.vendor_datetimes:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.isoformat()


def render(
    resource: str,
    kinds: Mapping[str, str],
    view: Mapping[str, Any],
    style: WireStyle,
    description: str,
) -> dict[str, Any]:
    """A resource body in the schema's property order, each value in the style's form.

    `kinds` comes from the spec (`Spec.property_kinds`): it says which properties are ids,
    integers, decimals, datetimes or the error envelope.
    """
    out: dict[str, Any] = {}
    for name, kind in kinds.items():
        if kind == "envelope":
            out[name] = "0" if style.as_string(resource, kind) else 0
        elif name not in view:
            if name == "errorDescription":
                out[name] = description
        else:
            out[name] = _value(view[name], kind, style.as_string(resource, kind), style)
    return out


def _value(value: Any, kind: str, as_string: bool, style: WireStyle) -> Any:
    if value is None:
        return None
    if kind in ("id", "int"):
        return _integer(value, as_string)
    if kind == "decimal":
        return _decimal(value, as_string, trimmed=style.vendor_types)
    if kind == "datetime":
        return _datetime(value, style)
    return value


def error_body(code: int, description: str, style: WireStyle, *, in_200: bool) -> dict[str, Any]:
    """The API's error envelope. In a 200 the code goes as a string (the spec's examples),
    unless the style types fields as the real API does (its error examples: a number)."""
    as_string = style.numbers_as_strings or (in_200 and not style.vendor_types)
    return {"error": str(code) if as_string else code, "errorDescription": description}
