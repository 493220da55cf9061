"""Bodies derived from the spec: any value a schema of `openapi.yaml` accepts. Whatever the spec
allows, the SDK must parse."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from tests import spec
from tests.strategies.wire import json_values


def self_contained(node: Any) -> Any:
    """The schema with every `#/components/schemas/...` reference replaced by its target."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = spec.deref(node)
            rest = {k: v for k, v in node.items() if k not in ("$ref", "description")}
            return self_contained({**target, **rest})
        return {k: self_contained(v) for k, v in node.items() if not k.startswith("x-")}
    if isinstance(node, list):
        return [self_contained(item) for item in node]
    return node


@functools.cache
def spec_schema(name: str) -> dict[str, Any]:
    """`components.schemas[name]`, self-contained (references inlined, extensions dropped).

    A 200 body schema (`Sms`, `Task`: `error` required, the other fields required by an
    `if`/`then` when `error` is 0) comes as the success it describes; its error form is
    `ApiError`'s."""
    inlined: dict[str, Any] = _success(self_contained(spec.load()["components"]["schemas"][name]))
    return inlined


def _success(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with `if`/`then` as the bodies that meet its `if`: the `if`'s properties and the
    `then`'s required fields merged into it."""
    if "if" not in schema:
        return schema
    base = {k: v for k, v in schema.items() if k not in ("if", "then", "else")}
    required = list(base.get("required", []))
    required += [name for name in schema["then"]["required"] if name not in required]
    properties = {**base["properties"], **schema["if"]["properties"]}
    return {**base, "properties": properties, "required": required}


def spec_bodies(name: str) -> st.SearchStrategy[Any]:
    """Any value that `components.schemas[name]` accepts, extra properties included."""
    return from_schema(spec_schema(name))


_DATETIME_PATTERN = spec.load()["components"]["schemas"]["WireDateTime"]["pattern"]


def wire_datetimes() -> st.SearchStrategy[str]:
    """Real calendar datetimes in every form WireDateTime allows (vendor, ISO, offsets)."""
    offsets = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timedelta(minutes=minutes))

    def render(moment: datetime, form: str, offset: timedelta, fraction: bool) -> str:
        moment = moment if fraction else moment.replace(microsecond=0)
        if form == "vendor":
            return moment.isoformat(sep=" ")
        if form == "zulu":
            return moment.isoformat() + "Z"
        return moment.replace(tzinfo=timezone(offset)).isoformat()

    return st.builds(
        render,
        st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 31)),
        st.sampled_from(["vendor", "zulu", "offset"]),
        offsets,
        st.booleans(),
    )


def from_schema(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """Values a JSON Schema accepts, for the keywords openapi.yaml uses.

    hypothesis-jsonschema would do this, but its releases lag behind hypothesis's internals;
    the spec uses a small subset of JSON Schema, covered here and checked by a test.
    """
    if "oneOf" in schema:
        return st.one_of([from_schema(branch) for branch in schema["oneOf"]])
    if "type" not in schema:  # any JSON value (ApiError's `data`)
        return json_values()
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if len(types) > 1:
        return st.one_of([from_schema({**schema, "type": t}) for t in types])
    kind = types[0]
    if kind == "null":
        return st.none()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        return st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    if kind == "string":
        if schema.get("pattern") == _DATETIME_PATTERN:
            return wire_datetimes()
        if "pattern" in schema:
            # fullmatch: JSON Schema patterns are ECMA-262, where `$` allows no trailing newline.
            return st.from_regex(schema["pattern"], fullmatch=True)
        return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength"))
    if kind == "array":
        return st.lists(from_schema(schema["items"]), max_size=3)
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        more = schema.get("additionalProperties")
        extra = st.dictionaries(
            st.text(max_size=10).filter(lambda key: key not in properties),
            from_schema(more)
            if isinstance(more, dict)
            else st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            max_size=3,
        )
        return st.fixed_dictionaries(
            {key: from_schema(properties[key]) for key in sorted(required)},
            optional={key: from_schema(v) for key, v in properties.items() if key not in required},
        ).flatmap(lambda body: extra.map(lambda more: {**more, **body}))
    raise ValueError(f"openapi.yaml uses a schema keyword from_schema cannot generate: {schema}")
