"""JSON read strictly, for files the mock loads: what `json.loads` lets pass silently is refused.

Refused, each with a `ValueError` that says why: bytes that are not UTF-8 JSON, `NaN` and
`Infinity` (not JSON numbers), a key repeated in one object (the last one would win
unseen), and nesting deeper than `max_depth` (checked without recursion, so a hostile file
costs neither a `RecursionError` nor the stack). Numbers with a fraction become exact
`Decimal`s.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

__all__ = ["strict_json"]


class _Refused(ValueError):
    """Valid JSON syntax this reader refuses all the same."""


def strict_json(data: bytes, *, max_depth: int) -> Any:
    try:
        text = data.decode("utf-8")  # json.loads would also guess UTF-16 and UTF-32
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 JSON: {exc}") from None
    try:
        value = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_no_constant,
            object_pairs_hook=_unique_keys,
        )
    except _Refused:
        raise
    except RecursionError:
        raise ValueError(f"nested more than {max_depth} deep") from None
    except ValueError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if _depth(value) > max_depth:
        raise ValueError(f"nested more than {max_depth} deep")
    return value


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        keys = [key for key, _ in pairs]
        repeated = next(key for key in keys if keys.count(key) > 1)
        raise _Refused(f"the key {repeated!r} appears more than once in one object")
    return value


def _depth(value: Any) -> int:
    """How deeply `value` nests: 0 for a scalar, 1 for a flat object or array."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in item)
    return deepest
