"""The contract's regex dialect. JSON Schema patterns are ECMA-262 regular expressions, and
jsonschema runs them with Python's `re.search`, which differs where it matters here: Python's
`$` also matches before a final newline, so `"211\\n"` would pass `^[0-9]+$`, and `\\d` and
`\\w` match any Unicode digit or letter, not only ASCII. `ecma_regex` rewrites a pattern so
Python reads it as ECMA-262 does; `validator_class` is Draft 2020-12 with that `pattern`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

__all__ = ["ecma_regex", "validator_class"]

# Escapes whose ECMA-262 meaning is ASCII-only, outside and inside a character class.
_OUTSIDE: Final = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}
_INSIDE: Final = {"d": "0-9", "w": "A-Za-z0-9_"}


@functools.lru_cache(maxsize=512)
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """`pattern` (ECMA-262, as JSON Schema writes it) compiled to mean the same in Python."""
    return re.compile("".join(_translated(pattern)))


def _translated(pattern: str) -> Iterator[str]:
    in_class = False
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
            yield (_INSIDE if in_class else _OUTSIDE).get(char, "\\" + char)
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
            yield char
        elif char == "[":
            in_class = True
            yield char
        else:
            yield r"\Z" if char == "$" else char
    if escaped:
        yield "\\"  # a trailing lone backslash: let `re` refuse it as it would have


@functools.cache
def validator_class() -> Any:
    """jsonschema's Draft 2020-12 validator with ECMA-262 `pattern`s (imports jsonschema)."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    def pattern(
        validator: Any, regex: str, instance: Any, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        if validator.is_type(instance, "string") and ecma_regex(regex).search(instance) is None:
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    return validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"pattern": pattern}
    )
