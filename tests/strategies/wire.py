"""Any JSON value, and bodies as bytes on the wire: written exactly (decimals included) or
corrupted (truncated, garbled, not JSON)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
_FRACTIONS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer())
JSON_OF_TYPE: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "integer": st.integers(),
    "number": _FRACTIONS,
    "string": st.text(max_size=12),
    "array": st.lists(_SCALARS, max_size=3),
    "object": st.dictionaries(st.text(max_size=6), _SCALARS, max_size=3),
}


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value (nested arrays and objects of every scalar type)."""
    return st.recursive(
        _SCALARS | _FRACTIONS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=12,
    )


def dumps(body: Any) -> bytes:
    """JSON bytes with every Decimal written as a JSON number of exactly its digits."""
    text = json.dumps(_mark_decimals(body), separators=(",", ":"))
    return _DECIMAL_MARK.sub(lambda m: m.group(1), text).encode()


# json cannot write a Decimal as a number: mark it as a string, then unquote the mark.
_DECIMAL_MARK = re.compile(r'"\\u0000decimal:(-?[0-9]+(?:\.[0-9]+)?)"')


def _mark_decimals(node: Any) -> Any:
    if isinstance(node, Decimal):
        return f"\u0000decimal:{node:f}"
    if isinstance(node, dict):
        return {k: _mark_decimals(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_mark_decimals(v) for v in node]
    return node


def corrupt(payload: bytes) -> st.SearchStrategy[bytes]:
    """Ways a body goes wrong on the wire: truncated, garbled, not JSON, or empty."""
    return st.one_of(
        st.integers(0, max(len(payload) - 1, 0)).map(lambda n: payload[:n]),
        st.just(payload.replace(b"{", b"[", 1)),
        st.binary(max_size=64).filter(lambda b: not _is_json(b)),
        st.sampled_from([b"", b"null", b"[]", b'"ok"', b"<html>502 Bad Gateway</html>"]),
    )


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True
