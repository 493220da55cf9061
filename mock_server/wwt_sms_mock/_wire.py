"""How values go on the wire: canonical JSON, or the real API's quirks."""

from __future__ import annotations

import json
import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from ._spec import JS_SAFE_MAX
from ._store import as_datetime

__all__ = ["CANONICAL", "VENDOR", "WireStyle", "dumps", "render"]


@dataclass(frozen=True, slots=True)
class WireStyle:
    """Which of the real API's quirks to show. All off: canonical JSON."""

    numbers_as_strings: bool = False  # "211", "0.2300000", "0"
    vendor_datetimes: bool = False  # "2017-01-17 09:11:41" instead of ISO 8601 with offset
    errors_in_200: bool = False  # API errors answered with HTTP 200 and the code as a string

    @classmethod
    def parse(cls, value: WireStyle | str) -> WireStyle:
        """`canonical`, `vendor` (alias `quirks`: all on), or flags joined by `+`/`,`."""
        if isinstance(value, WireStyle):
            return value
        text = value.strip().lower()
        if text in _NAMED:
            return _NAMED[text]
        flags = {f.strip() for f in text.replace("+", ",").split(",") if f.strip()}
        unknown = flags - set(_FLAG_ALIASES)
        if unknown:
            raise ValueError(
                f"unknown wire style {value!r}: use canonical, vendor, or flags "
                f"{sorted(_FLAG_ALIASES)}"
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
        }


CANONICAL: Final = WireStyle()
VENDOR: Final = WireStyle(True, True, True)
_NAMED: Final = {"canonical": CANONICAL, "vendor": VENDOR, "quirks": VENDOR}
_FLAG_ALIASES: Final = {
    "numbers_as_strings": "numbers_as_strings",
    "strings": "numbers_as_strings",
    "vendor_datetimes": "vendor_datetimes",
    "datetimes": "vendor_datetimes",
    "errors_in_200": "errors_in_200",
    "errors": "errors_in_200",
}


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


def _integer(value: int | str, style: WireStyle) -> int | str:
    if style.numbers_as_strings:
        return str(value)
    if isinstance(value, str):
        # Digit strings with a leading zero are identifiers that a number would change.
        if value.startswith("0") and len(value) > 1:
            return value
        value = int(value)
    return value if value <= JS_SAFE_MAX else str(value)


def _decimal(value: Decimal, style: WireStyle) -> float | str:
    if style.numbers_as_strings:
        return format(value, "f")
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
    kinds: Mapping[str, str], view: Mapping[str, Any], style: WireStyle, description: str
) -> dict[str, Any]:
    """A resource body in the schema's property order, each value in the style's form.

    `kinds` comes from the spec (`Spec.property_kinds`): it says which properties are ids,
    integers, decimals, datetimes or the error envelope.
    """
    out: dict[str, Any] = {}
    for name, kind in kinds.items():
        if kind == "envelope":
            out[name] = "0" if style.numbers_as_strings else 0
            continue
        if name not in view:
            if name == "errorDescription":
                out[name] = description
            continue
        value = view[name]
        if value is None:
            out[name] = None
        elif kind in ("id", "int"):
            out[name] = _integer(value, style)
        elif kind == "decimal":
            out[name] = _decimal(value, style)
        elif kind == "datetime":
            out[name] = _datetime(value, style)
        else:
            out[name] = value
    return out


def error_body(code: int, description: str, style: WireStyle, *, in_200: bool) -> dict[str, Any]:
    # The real API's error-in-200 bodies carry the code as a string (the spec's examples).
    as_string = style.numbers_as_strings or in_200
    return {"error": str(code) if as_string else code, "errorDescription": description}
