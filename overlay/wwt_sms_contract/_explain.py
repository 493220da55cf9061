"""Where a jsonschema error is, and why, in words a reader of the contract follows.

A `oneOf` over objects (a resource or the error envelope) is explained by the branch the body
resembles most: the one sharing the most property names with it, then the one with the fewest
complaints. A `oneOf` over a value (a number or a digit string) is one finding listing every
branch's complaint. A missing required property is pointed at where it should be.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

__all__ = ["explain", "json_pointer"]


def json_pointer(path: Sequence[object]) -> str:
    """RFC 6901: `["a", 0, "b/c"]` -> `/a/0/b~1c`."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def explain(error: Any, document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(JSON pointer into the body, message) for each fault behind a jsonschema
    `ValidationError`; `document` is the one its `$ref`s point into."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        depth = len(error.absolute_path)
        if any(len(e.absolute_path) > depth for e in error.context):
            for inner in _closest_branch(error, document):
                yield from explain(inner, document)
            return
        reasons = sorted({e.message for e in error.context})
        shown = json.dumps(error.instance, ensure_ascii=False, default=str)
        yield json_pointer(error.absolute_path), f"{shown} fits none of: " + "; ".join(reasons)
        return
    if error.validator == "required":
        missing = _missing(error)
        if missing is not None:
            yield json_pointer([*error.absolute_path, missing]), error.message
            return
    yield json_pointer(error.absolute_path), error.message


def _missing(error: Any) -> str | None:
    required, instance = error.validator_value, error.instance
    if not isinstance(required, list):
        return None
    present = instance if isinstance(instance, dict) else {}
    return next((n for n in required if n not in present and repr(n) in error.message), None)


def _closest_branch(error: Any, document: Mapping[str, Any]) -> list[Any]:
    branches: dict[int, list[Any]] = {}
    for inner in error.context:
        branches.setdefault(int(inner.relative_schema_path[0]), []).append(inner)
    schemas = error.schema[error.validator]
    keys = set(error.instance) if isinstance(error.instance, dict) else set()

    def resemblance(index: int) -> tuple[int, int]:
        properties = _resolve(schemas[index], document).get("properties", {})
        return (len(keys & set(properties)), -len(branches[index]))

    return branches[max(branches, key=resemblance)]


def _resolve(node: Mapping[str, Any], document: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        target: Any = document
        for part in str(node["$ref"]).partition("#")[2].split("/")[1:]:
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node
