"""Mock choices read from a request's `Prefer` header (RFC 7240): a one-request rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from .rules import FAULTS, MAX_DELAY, Rule
from .styles import WireStyle

__all__ = ["MAX_PREFER", "PreferReader", "parse_prefer"]

_STATUS: Final = re.compile(r"[1-5][0-9]{2}")
_CODE: Final = re.compile(r"[1-9][0-9]{0,8}")  # the contract's non-zero error codes
_SECONDS: Final = re.compile(r"[0-9]{1,9}")


def _status(value: str) -> object:
    return int(value) if _STATUS.fullmatch(value) else None


def _error(value: str) -> object:
    return int(value) if _CODE.fullmatch(value) else None


def _example(value: str) -> object:
    return value if value and len(value) <= 100 else None


def _fault(value: str) -> object:
    return value if value in FAULTS else None


def _delay(value: str) -> object:
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if 0 <= seconds <= MAX_DELAY else None  # NaN fails both comparisons


def _retry_after(value: str) -> object:
    return value if _SECONDS.fullmatch(value) else None


def _style(value: str) -> object:
    try:
        return WireStyle.parse(value)
    except ValueError:
        return None


# preference name -> (the Rule field it sets, text -> value or None when refused)
_PREFERENCES: Final[dict[str, tuple[str, Callable[[str], object]]]] = {
    "code": ("status", _status),
    "status": ("status", _status),
    "error": ("error", _error),
    "example": ("example", _example),
    "fault": ("fault", _fault),
    "delay": ("delay", _delay),
    "retry-after": ("retry_after", _retry_after),
    "retry_after": ("retry_after", _retry_after),
    "style": ("style", _style),
}


MAX_PREFER: Final = 4096
"""Bytes of `Prefer` read; the rest is ignored (a client cannot make the mock parse or echo
an unbounded header)."""


def parse_prefer(header: bytes) -> tuple[Rule | None, dict[str, str]]:
    """Read mock choices from a `Prefer` header; unknown or bad preferences are ignored
    (RFC 7240), and a later preference for the same thing replaces an earlier one.

    Returns the rule, and for each Rule field it sets the `name=value` that set it (for
    `Preference-Applied`, which names only what was used).

    code=404 (alias status=), error=20, example=vendor, fault=reset|drop|truncate|malformed,
    delay=0.5, retry-after=3, style=vendor|canonical|flags.
    """
    rule = Rule()
    offered: dict[str, str] = {}
    for token in re.split(r"[,;]", header[:MAX_PREFER].decode("latin-1")):
        name, sep, raw = token.partition("=")
        name = name.strip().lower()
        known = _PREFERENCES.get(name) if sep else None
        if known is None:
            continue
        value = raw.strip().strip('"')
        field_name, parse = known
        parsed = parse(value)
        if parsed is None:
            continue
        setattr(rule, field_name, parsed)
        offered.pop(field_name, None)  # re-inserted last: the echo keeps the header's order
        offered[field_name] = f"{name}={value}"
    if not offered:
        return None, {}
    return rule, offered


class PreferReader:
    """`parse_prefer` with a small cache: clients repeat the same few headers."""

    def __init__(self, size: int = 1024, longest: int = 512) -> None:
        self._cache: dict[bytes, tuple[Rule | None, dict[str, str]]] = {}
        self._size = size
        self._longest = longest

    def read(self, header: bytes) -> tuple[Rule | None, dict[str, str]]:
        found = self._cache.get(header)
        if found is None:
            found = parse_prefer(header)
            if len(self._cache) < self._size and len(header) < self._longest:
                self._cache[header] = found
        return found
