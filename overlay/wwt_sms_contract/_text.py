"""What a finding may show of a body: decoded within bounds, secrets redacted, then cut."""

from __future__ import annotations

import json
from typing import Any, Final

__all__ = ["MAX_NESTING", "BodyError", "decode_body", "nested_deeper_than", "redact", "shorten"]

# Arrays and objects within one another: the contract's bodies go three deep. Deeper is no body
# the contract describes, and validating it would recurse once per level.
MAX_NESTING: Final = 64
REDACTED: Final = "[redacted]"
_CONTAINERS: Final = (dict, list)


class BodyError(ValueError):
    """A body that is no JSON the contract can describe (its message says why)."""


def decode_body(body: bytes | str) -> Any:
    """The JSON value of `body`: no NaN or Infinity, at most `MAX_NESTING` deep."""
    try:
        value = json.loads(body, parse_constant=_not_json)
    except RecursionError:
        raise BodyError(
            f"not JSON the contract describes: nested over {MAX_NESTING} deep"
        ) from None
    except ValueError as exc:  # also a body that is not UTF-8
        raise BodyError(f"not JSON: {exc}") from None
    if nested_deeper_than(value, MAX_NESTING):
        raise BodyError(f"not JSON the contract describes: nested over {MAX_NESTING} deep")
    return value


def _not_json(name: str) -> Any:
    # Python's json reads NaN and Infinity; JSON has no such numbers.
    raise ValueError(f"{name} is not a JSON number")


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects in `value` go more than `limit` levels deep (no recursion)."""
    if not isinstance(value, _CONTAINERS):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if level > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, level + 1) for c in children if isinstance(c, _CONTAINERS))
    return False


def redact(text: str, *secrets: str | None) -> str:
    """`text` with each secret blanked, as written raw, in JSON and in a Python repr."""
    for secret in secrets:
        if not secret:
            continue  # an empty secret would match everywhere
        forms = {secret, json.dumps(secret)[1:-1], repr(secret)[1:-1]}
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, REDACTED)
    return text


def shorten(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with an ellipsis. Redact before, never after."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
