"""Bodies off the spec, from "a required field is missing" to "a pattern is broken": the SDK
must answer each with one of its own errors, never anything else."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from tests import spec
from tests.strategies.schemas import spec_bodies, spec_schema
from tests.strategies.wire import JSON_OF_TYPE, json_values


def _json_types(schema: Mapping[str, Any]) -> set[str]:
    """The JSON types a schema (as `spec_schema` gives it) lets through."""
    if "oneOf" in schema:
        return set().union(*(_json_types(branch) for branch in schema["oneOf"]))
    if "type" not in schema:
        return set(JSON_OF_TYPE) | {"integer"}
    declared = schema["type"]
    types = set(declared if isinstance(declared, list) else [declared])
    return types | {"integer"} if "number" in types else types


def wrong_type_values(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """JSON values of a type the schema does not allow at all (e.g. an array for an id)."""
    allowed = _json_types(schema)
    return st.one_of([strategy for kind, strategy in JSON_OF_TYPE.items() if kind not in allowed])


@functools.cache
def _validator(name: str) -> Any:
    return spec.schema_validator(name)


@st.composite
def shape_breaking_bodies(draw: st.DrawFn, name: str, ignore: tuple[str, ...] = ()) -> Any:
    """`components.schemas[name]` bodies broken in their shape, which no reader can repair: a
    required field missing, a field of a JSON type its schema does not allow, or a body that
    is not a JSON object at all. Every one is invalid for the spec. Fields in `ignore` (ones a
    reader may skip, such as `errorDescription` on success) are never the broken one."""
    schema = spec_schema(name)
    properties: Mapping[str, Any] = schema["properties"]
    body = dict(draw(spec_bodies(name)))
    how = draw(st.sampled_from(["drop", "retype", "not an object"]))
    if how == "drop":
        del body[draw(st.sampled_from(sorted(set(schema["required"]) - set(ignore))))]
    elif how == "retype":
        typed = {f for f, sub in properties.items() if set(JSON_OF_TYPE) - _json_types(sub)}
        field = draw(st.sampled_from(sorted(typed - set(ignore))))
        body[field] = draw(wrong_type_values(properties[field]))
    else:
        return draw(json_values().filter(lambda value: not isinstance(value, dict)))
    return body


def _strings_outside(pattern: str) -> st.SearchStrategy[str]:
    compiled = re.compile(pattern)
    return st.one_of(
        st.text(max_size=24),
        st.sampled_from(["", " 1", "1 ", "1\n", "0x1F", "1e3", "+1", "\u0661\u0662"]),
    ).filter(lambda text: not compiled.fullmatch(text))


def _off_pattern(schema: Mapping[str, Any]) -> st.SearchStrategy[Any] | None:
    """Values of an allowed JSON type that the schema still refuses (pattern, bounds)."""
    branches = schema.get("oneOf", [schema])
    options: list[st.SearchStrategy[Any]] = []
    for branch in branches:
        if branch.get("type") == "string" and "pattern" in branch:
            options.append(_strings_outside(branch["pattern"]))
        if branch.get("type") == "integer" and "minimum" in branch:
            options.append(st.integers(max_value=branch["minimum"] - 1))
        if branch.get("type") == "integer" and "maximum" in branch:
            options.append(st.integers(min_value=branch["maximum"] + 1))
    return st.one_of(options) if options else None


@st.composite
def _off_pattern_bodies(draw: st.DrawFn, name: str) -> dict[str, Any]:
    schema = spec_schema(name)
    breakable = {
        field: strategy
        for field, sub in schema["properties"].items()
        if (strategy := _off_pattern(sub)) is not None
    }
    body = dict(draw(spec_bodies(name)))
    field = draw(st.sampled_from(sorted(breakable)))
    body[field] = draw(breakable[field])
    return body


def off_spec_bodies(name: str) -> st.SearchStrategy[Any]:
    """Any JSON the schema refuses: shape breaks, values of the right type that break a
    pattern or a bound (`"1 "` for an id, `"2017-13-01 00:00:00"`...), arbitrary objects. A
    tolerant reader may read some of them; none is valid for the spec."""
    breakable = any(
        _off_pattern(sub) is not None for sub in spec_schema(name)["properties"].values()
    )
    return st.one_of(
        shape_breaking_bodies(name),
        *([_off_pattern_bodies(name)] if breakable else []),
        st.dictionaries(st.text(max_size=10), json_values(), max_size=6),
    ).filter(lambda body: not _validator(name).is_valid(body))
