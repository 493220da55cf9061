"""The mass-status operation (`POST /sms/getStatus`): its body read, its answer's items built.

Plain values in and out. The limits come from the spec's request schema (`IdsRule`); a body
the schema refuses raises `BadBody` with a message for the error's description.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from .store import Message

__all__ = ["BODY_LIMIT", "BadBody", "IdsRule", "read_ids", "record_view", "unique"]

# The largest body read (the spec's 413 response: "larger than the API reads (64 KiB)"); a
# full batch of 100 twenty-digit IDs is about 2 KiB.
BODY_LIMIT: Final = 64 * 1024
_SHAPE: Final = 'the body must be a JSON object {"ids": [...]}'


class BadBody(ValueError):
    """A request body the operation refuses; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class IdsRule:
    """What `ids` may hold: how many, and each one's bounds."""

    min_items: int
    max_items: int
    minimum: int
    maximum: int

    @classmethod
    def from_schema(cls, schema: Mapping[str, Any]) -> IdsRule:
        """From the request body's schema (`{"ids": {"type": "array", ...}}`)."""
        ids = schema["properties"]["ids"]
        return cls(
            min_items=int(ids.get("minItems", 0)),
            max_items=int(ids["maxItems"]),
            minimum=int(ids["items"]["minimum"]),
            maximum=int(ids["items"]["maximum"]),
        )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _integer(value: object) -> int | None:
    """A JSON integer (JSON Schema counts `5.0` as one); `None` for anything else."""
    if type(value) is int:
        return value
    if (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.adjusted() < 20
        and value == value.to_integral_value()
    ):
        return int(value)
    return None


def _shown(value: object) -> str:
    """The value as JSON text (a number with a fraction as its digits), shortened."""
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def read_ids(body: bytes, rule: IdsRule) -> list[int]:
    """The IDs of a request body, in order (repeats kept); `BadBody` says what is wrong."""
    try:
        data = json.loads(body, parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested too deep
        raise BadBody(_SHAPE) from None
    if not isinstance(data, dict) or not isinstance(data.get("ids"), list):
        raise BadBody(_SHAPE)
    if len(data) > 1:
        extra = sorted(set(data) - {"ids"})[0]
        raise BadBody(f"{_SHAPE} and nothing else, got a field {_shown(extra)}")
    values: list[object] = data["ids"]
    if not rule.min_items <= len(values) <= rule.max_items:
        raise BadBody(
            f"ids must hold {rule.min_items} to {rule.max_items} message IDs, got {len(values)}"
        )
    ids: list[int] = []
    for position, value in enumerate(values):
        number = _integer(value)
        if number is None or not rule.minimum <= number <= rule.maximum:
            raise BadBody(
                f"ids[{position}] must be an integer from {rule.minimum} to {rule.maximum}, "
                f"got {_shown(value)}"
            )
        ids.append(number)
    return ids


def unique(ids: Iterable[int]) -> list[int]:
    """Each ID once, in the order first asked (an ID asked twice is answered once)."""
    return list(dict.fromkeys(ids))


def record_view(message: Message, now: float) -> dict[str, Any]:
    """A message as a mass-status item at `now`: `external_id` for the reference, no `time_in`
    (times as virtual seconds or None, for `render`)."""
    view = message.view(now)
    view["external_id"] = view.pop("reference")
    del view["time_in"]
    return view
