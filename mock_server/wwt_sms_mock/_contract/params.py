"""Path parameter checks: a parameter's schema turned into a fast check of its text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from .spec import INVALID

__all__ = ["compile_param_check"]


def _ecma_anchor(pattern: str) -> str:
    # JSON Schema patterns are ECMA-262: "$" does not match before a trailing newline as
    # Python's does, so "abc\n" must not pass "^[a-z]+$".
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


_INT_TEXT: Final = re.compile(r"-?[0-9]{1,4000}")  # int() refuses more than 4300 digits
_SIMPLE_KEYS: Final = frozenset(
    {"type", "format", "minimum", "maximum", "pattern", "minLength", "maxLength"}
    | {"description", "example", "examples", "title"}
)


def compile_param_check(schema: Mapping[str, Any]) -> Callable[[str], object]:
    """Turn a path parameter schema into a fast text check (jsonschema as a fallback)."""
    kind = schema.get("type")
    simple = set(schema) <= _SIMPLE_KEYS
    if kind == "integer" and simple:
        low, high = schema.get("minimum"), schema.get("maximum")

        def check_int(text: str) -> object:
            if _INT_TEXT.fullmatch(text) is None:
                return INVALID
            value = int(text)
            if (low is not None and value < low) or (high is not None and value > high):
                return INVALID
            return value

        return check_int
    if kind == "string" and simple:
        pattern = re.compile(_ecma_anchor(schema["pattern"])) if "pattern" in schema else None
        shortest, longest = schema.get("minLength", 0), schema.get("maxLength")

        def check_str(text: str) -> object:
            if len(text) < shortest or (longest is not None and len(text) > longest):
                return INVALID
            if pattern is not None and pattern.search(text) is None:
                return INVALID
            return text

        return check_str
    import jsonschema  # only a schema beyond the simple ones needs it

    validator = jsonschema.Draft202012Validator(dict(schema))

    def check_any(text: str) -> object:
        value: object = text
        if kind in ("integer", "number") and _INT_TEXT.fullmatch(text):
            value = int(text)
        return value if validator.is_valid(value) else INVALID

    return check_any
