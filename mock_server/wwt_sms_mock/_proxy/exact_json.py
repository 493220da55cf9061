"""JSON read and written without changing a number: what a recording keeps of the upstream.

`json` reads every number with a fraction or an exponent as a binary float, so
`0.1234567890123456789` would come back as `0.12345678901234568` and `1e400` as `Infinity`.
Here such numbers are read as `Decimal` and written back with exactly their digits.
"""

from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal
from typing import Any, Final

__all__ = ["exact_json_dumps", "exact_json_loads"]

# A Decimal is written as a marked string, then unquoted: the mark starts with NUL (escaped by
# json as `\u0000`) and a per-process token, so no string in a body can be taken for it.
_TOKEN: Final = secrets.token_hex(8)
_NUMBER: Final = re.compile(rf'"\\u0000{_TOKEN}:(-?[0-9]+(?:\.[0-9]+)?(?:E[+-]?[0-9]+)?)"')


def exact_json_loads(data: bytes) -> Any:
    return json.loads(data, parse_float=Decimal, parse_constant=_refuse_constant)


def exact_json_dumps(value: Any) -> str:
    """Indented, ASCII-only JSON (a lone surrogate is escaped, never an encoding error), each
    Decimal written as exactly its digits."""
    text = json.dumps(_marked(value), ensure_ascii=True, indent=2, allow_nan=False)
    return _NUMBER.sub(r"\1", text) + "\n"


def _marked(value: Any) -> Any:
    pending: list[Any] = [value]
    while pending:  # in place and without recursion: bodies come from outside
        item = pending.pop()
        pairs = (
            item.items()
            if isinstance(item, dict)
            else enumerate(item)
            if isinstance(item, list)
            else ()
        )
        for key, child in list(pairs):
            if isinstance(child, Decimal):
                item[key] = f"\x00{_TOKEN}:{_text(child)}"
            elif isinstance(child, (dict, list)):
                pending.append(child)
    if isinstance(value, Decimal):
        return f"\x00{_TOKEN}:{_text(value)}"
    return value


def _text(number: Decimal) -> str:
    if not number.is_finite():
        raise ValueError(f"{number} is not a JSON number")
    return str(number).replace("e", "E")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")
