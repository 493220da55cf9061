"""Strict conversions for values that reach the mock from outside (control requests, records).

Each takes a JSON-ish value (a number, or its text) and returns it typed and bounded, or
raises ValueError with a message naming the field. Nothing here lets NaN, infinities,
huge exponents, booleans posing as numbers or header-breaking characters through.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Final

__all__ = [
    "MAX_SECONDS",
    "amount",
    "flag",
    "header_text",
    "seconds",
    "text",
    "whole",
]

MAX_SECONDS: Final = 3.0 * 10**10
"""Virtual times stay within about 950 years of the mock's start, so every datetime the mock
renders exists and has a four-digit year."""

_WHOLE: Final = re.compile(r"-?[0-9]{1,20}")
_NUMBER: Final = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?")
_HEADER_SAFE: Final = re.compile(r"[\x20-\x7e]*")  # visible ASCII and spaces: no CR, LF, NUL
_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"0", "false", "no", "off"})


def whole(value: Any, name: str, *, low: int, high: int) -> int:
    """An integer in [low, high], given as a JSON integer or its decimal digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise ValueError(f"{name} must be a whole number, got {_shown(value)}")
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {number}")
    return number


def seconds(
    value: Any, name: str, *, low: float = -MAX_SECONDS, high: float = MAX_SECONDS
) -> float:
    """A finite number of seconds in [low, high], given as a JSON number or its text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value) if abs(value) <= 10**20 else math.inf
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        raise ValueError(f"{name} must be a number of seconds, got {_shown(value)}")
    if not low <= number <= high:  # NaN fails both comparisons
        raise ValueError(
            f"{name} must be between {low:g} and {high:g} seconds, got {_shown(value)}"
        )
    return number


def amount(value: Any, name: str) -> Decimal:
    """A non-negative decimal amount with at most 20 digits either side of the point."""
    text_form = ""
    if isinstance(value, float) and math.isfinite(value):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if value.is_finite() and abs(value.adjusted()) <= 20:
            text_form = format(value, "f")
    elif isinstance(value, int) and not isinstance(value, bool):
        text_form = str(value) if abs(value) < 10**20 else ""
    elif isinstance(value, str):
        text_form = value.strip() if len(value) <= 64 else ""
    if not _NUMBER.fullmatch(text_form):
        raise ValueError(
            f"{name} must be a decimal amount such as 0.23 (digits, one optional point), "
            f"got {_shown(value)}"
        )
    try:
        number = Decimal(text_form)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise ValueError(f"{name} is not a decimal amount: {_shown(value)}") from exc
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {text_form}")
    return number


def text(value: Any, name: str, *, longest: int, shortest: int = 0) -> str:
    """A string of `shortest` to `longest` characters."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {_shown(value)}")
    if not shortest <= len(value) <= longest:
        raise ValueError(f"{name} must be {shortest} to {longest} characters long")
    return value


def header_text(value: Any, name: str, *, longest: int = 100) -> str:
    """Text that can stand as an HTTP header value: visible ASCII and spaces only."""
    checked = text(str(value) if isinstance(value, int) else value, name, longest=longest)
    if not _HEADER_SAFE.fullmatch(checked):
        raise ValueError(f"{name} must be visible ASCII (no CR, LF or control characters)")
    return checked


def flag(value: Any, name: str) -> bool:
    """true/false, 1/0, yes/no, on/off (JSON booleans too)."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, (str, int)) else None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, got {_shown(value)}")


def _shown(value: Any) -> str:
    """A short, safe rendering of a refused value for an error message."""
    if isinstance(value, int) and abs(value) > 10**30:
        return "a number of more than 30 digits"
    shown = repr(value) if isinstance(value, (str, int, float, bool)) else type(value).__name__
    return shown if len(shown) <= 60 else shown[:57] + "..."
