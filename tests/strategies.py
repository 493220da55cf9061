"""Hypothesis strategies for the WWT SMS contract, all in one place.

Three families:

* **Spec-derived** (`spec_bodies`, `from_schema`): any JSON value the spec's schema accepts,
  generated from `openapi.yaml` itself. Whatever the spec allows, the SDK must parse.
* **Records and wire styles** (`sms_records`, `render_sms`, ...): one logical record rendered
  as the canonical wire form (JSON numbers, ISO 8601) or as the real API's quirks (numbers as
  strings, vendor datetimes). Both renderings of one record must give equal models.
* **Off the spec** (`shape_breaking_bodies`, `off_spec_bodies`, `corrupt`): bodies the spec
  refuses, from "a required field is missing" to bytes that are not JSON at all. The SDK must
  answer each with one of its own errors, never anything else.

Identifiers and references come from the path parameters' own schemas (`path_values` and
`path_segments` pick the right ones for any operation); `mock_preferences` builds the `Prefer`
headers the contract mock understands, from the statuses, codes and examples the spec documents.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

from hypothesis import strategies as st

from tests import spec

WireStyle = Literal["canonical", "vendor"]
WIRE_STYLES: tuple[WireStyle, ...] = ("canonical", "vendor")
JS_SAFE_MAX = 2**53 - 1


# --- path parameters -------------------------------------------------------------------------


def _path_schema(operation_id: str) -> Mapping[str, Any]:
    schema: Mapping[str, Any] = spec.operation(operation_id).path_parameter["schema"]
    return schema


def _id_bounds(operation_id: str) -> tuple[int, int]:
    schema = _path_schema(operation_id)
    return schema["minimum"], schema["maximum"]


def valid_ids(operation_id: str = "getSmsById") -> st.SearchStrategy[int]:
    """Message or task IDs the spec accepts, biased towards the edges (1, 2^53, 2^63 - 1)."""
    low, high = _id_bounds(operation_id)
    return st.one_of(
        st.integers(low, high),
        st.sampled_from([low, JS_SAFE_MAX, JS_SAFE_MAX + 1, JS_SAFE_MAX + 2, high]),
    )


def invalid_ids(operation_id: str = "getSmsById") -> st.SearchStrategy[Any]:
    """Values a client might pass as an ID that the spec refuses: out of range, or not an int."""
    low, high = _id_bounds(operation_id)
    return st.one_of(
        st.integers(max_value=low - 1),
        st.integers(min_value=high + 1),
        st.booleans(),
        st.floats(allow_nan=True),
        st.text(max_size=12),
        st.none(),
    )


def invalid_id_segments(operation_id: str = "getSmsById") -> st.SearchStrategy[str]:
    """Path segments in an ID's place that the spec refuses (as sent over the wire)."""
    low, high = _id_bounds(operation_id)
    return st.one_of(
        st.integers(max_value=low - 1).map(str),
        st.integers(min_value=high + 1).map(str),
        st.from_regex(r"\A[A-Za-z][A-Za-z0-9._~-]{0,20}\Z"),
        st.sampled_from(["1.5", "1e3", "+1", "0x1F", "%20", "\uff11\uff12"]),
    )


def valid_references() -> st.SearchStrategy[str]:
    """References (external IDs) the spec accepts."""
    return st.from_regex(_path_schema("getSmsByReference")["pattern"], fullmatch=True)


# The references the vendor's own examples look messages up by.
VENDOR_REFERENCES = ("ext_id_16", "ext_id_19", "unique_ref_123")


def sdk_references() -> st.SearchStrategy[str]:
    """References the SDK sends: the vendor's, and any 1 to 50 printable ASCII characters that
    keep the path one segment (no space, no `/ ? # %`, not a dot segment)."""
    safe = st.from_regex(r"\A[A-Za-z0-9_.~:@!$&'()*+,;=\-]{1,50}\Z").filter(
        lambda text: text not in (".", "..")
    )
    return st.sampled_from(VENDOR_REFERENCES) | valid_references() | safe


def unsafe_references() -> st.SearchStrategy[str]:
    """Strings the SDK refuses to send as a reference: empty, longer than 50 characters, a dot
    segment, or holding what could not stay in one path segment."""
    word = st.from_regex(r"\A[A-Za-z0-9_]{0,20}\Z")
    marks = st.sampled_from([*"/?#% \t\n\r\x00\x1f\x7f", "é", "\u2028", "\uff11"])
    holding = st.tuples(word, marks, word).map("".join)
    too_long = st.from_regex(r"\A[A-Za-z0-9_]{51,80}\Z")
    return st.sampled_from(["", ".", ".."]) | too_long | holding


def invalid_references() -> st.SearchStrategy[str]:
    """Strings the spec refuses as a reference: too long, or with other characters."""
    pattern = re.compile(_path_schema("getSmsByReference")["pattern"])
    too_long = st.from_regex(r"\A[A-Za-z0-9]{33,64}\Z")
    odd = st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s)
    return st.one_of(too_long, odd).filter(lambda s: not pattern.fullmatch(s))


# --- spec-derived bodies ---------------------------------------------------------------------


def _inline(node: Any) -> Any:
    """The schema with every `#/components/schemas/...` reference replaced by its target."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = spec.deref(node)
            rest = {k: v for k, v in node.items() if k not in ("$ref", "description")}
            return _inline({**target, **rest})
        return {k: _inline(v) for k, v in node.items() if not k.startswith("x-")}
    if isinstance(node, list):
        return [_inline(item) for item in node]
    return node


@functools.cache
def spec_schema(name: str) -> dict[str, Any]:
    """`components.schemas[name]`, self-contained (references inlined, extensions dropped).

    A 200 body schema (`Sms`, `Task`: `error` required, the other fields required by an
    `if`/`then` when `error` is 0) comes as the success it describes; its error form is
    `ApiError`'s."""
    inlined: dict[str, Any] = _success(_inline(spec.load()["components"]["schemas"][name]))
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
    raise ValueError(f"openapi.yaml uses a schema keyword strategies.py cannot generate: {schema}")


# --- records and their two wire styles -------------------------------------------------------

_times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda t: t.replace(microsecond=0)
)
_prices = st.decimals(min_value=0, max_value=Decimal("9999.9999999"), places=7)
_counters = st.integers(min_value=0, max_value=10**9)
_currencies = st.sampled_from(["EUR", "USD", "UAH", "GBP"])


def known_statuses() -> st.SearchStrategy[str]:
    return st.sampled_from([entry["value"] for entry in spec.known_statuses()])


def unknown_statuses() -> st.SearchStrategy[str]:
    known = {entry["value"] for entry in spec.known_statuses()}
    return st.from_regex(r"\A[a-z_]{1,20}\Z").filter(lambda s: s not in known)


def long_prices() -> st.SearchStrategy[Decimal]:
    """Exact amounts with more significant digits than a binary float keeps (up to 20 places,
    up to 10^12): `0.12345678901234567890` must stay exactly that through every wire style."""
    return st.integers(0, 20).flatmap(
        lambda places: st.decimals(min_value=0, max_value=Decimal(10**12), places=places)
    )


@st.composite
def sms_records(
    draw: st.DrawFn, prices: st.SearchStrategy[Decimal] | None = None
) -> dict[str, Any]:
    """One message as plain values: naive UTC datetimes, exact prices (from `prices`, default
    up to 7 places like the vendor's), digits as strings."""
    time_in = draw(_times)
    time_sent = draw(st.none() | st.just(time_in + timedelta(seconds=draw(st.integers(0, 600)))))
    time_dr = None
    if time_sent is not None:
        time_dr = draw(st.none() | st.just(time_sent + timedelta(seconds=draw(_counters) % 86400)))
    return {
        "id": draw(valid_ids("getSmsById")),
        # Leading zeros are part of an identifier: no wire style may drop them.
        "msisdn": draw(st.from_regex(r"\A0{0,2}[1-9][0-9]{6,14}\Z")),
        "reference": draw(st.none() | valid_references()),
        "time_in": time_in,
        "time_sent": time_sent,
        "time_dr": time_dr,
        "status": draw(known_statuses() | unknown_statuses()),
        "price": draw(prices if prices is not None else _prices),
        "currency": draw(_currencies),
    }


@st.composite
def task_records(draw: st.DrawFn) -> dict[str, Any]:
    """One campaign as plain values: exact total price, every counter an int."""
    counters = ("sent", "queued", "accepted", "enroute", "delivered", "expired")
    record: dict[str, Any] = {name: draw(_counters) for name in counters}
    record.update(
        undeliverable=draw(_counters),
        unknown=draw(_counters),
        originator=draw(st.text(min_size=1, max_size=11)),
        body=draw(st.text(max_size=200)),
        validity=draw(st.integers(min_value=0, max_value=720)),
        totalprice=draw(_prices),
        currency=draw(_currencies),
    )
    record["total"] = sum(record[name] for name in (*counters, "undeliverable", "unknown"))
    return record


def _render_id(value: int, style: WireStyle) -> int | str:
    # The spec's rule for JS consumers: an id above 2^53 - 1 always travels as a string.
    return value if style == "canonical" and value <= JS_SAFE_MAX else str(value)


def _render_time(value: datetime | None, style: WireStyle) -> str | None:
    if value is None:
        return None
    if style == "vendor":
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.replace(tzinfo=UTC).isoformat()


def render_sms(record: Mapping[str, Any], style: WireStyle) -> dict[str, Any]:
    """The message as the wire carries it in one style (prices stay Decimal: see `dumps`)."""
    vendor = style == "vendor"
    return {
        "error": "0" if vendor else 0,
        "errorDescription": "No errors",
        "id": _render_id(record["id"], style),
        "msisdn": record["msisdn"]
        if vendor or record["msisdn"][0] == "0"
        else int(record["msisdn"]),
        "reference": record["reference"],
        "time_in": _render_time(record["time_in"], style),
        "time_sent": _render_time(record["time_sent"], style),
        "time_dr": _render_time(record["time_dr"], style),
        "status": record["status"],
        "price": f"{record['price']:f}" if vendor else record["price"],
        "currency": record["currency"],
    }


def render_task(record: Mapping[str, Any], style: WireStyle) -> dict[str, Any]:
    """The campaign as the wire carries it in one style."""
    vendor = style == "vendor"
    body: dict[str, Any] = {"error": "0" if vendor else 0}
    for name, value in record.items():
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            body[name] = (
                f"{value:f}"
                if vendor and isinstance(value, Decimal)
                else (str(value) if vendor else value)
            )
        else:
            body[name] = value
    return body


def sms_bodies(style: WireStyle) -> st.SearchStrategy[dict[str, Any]]:
    return sms_records().map(lambda record: render_sms(record, style))


def task_bodies(style: WireStyle) -> st.SearchStrategy[dict[str, Any]]:
    return task_records().map(lambda record: render_task(record, style))


# --- errors ----------------------------------------------------------------------------------


def known_error_codes() -> st.SearchStrategy[spec.ErrorCodeEntry]:
    return st.sampled_from([entry for entry in spec.error_codes() if entry.code != 0])


def api_error_bodies(style: WireStyle = "canonical") -> st.SearchStrategy[dict[str, Any]]:
    """`{error, errorDescription}` with known and unknown non-zero codes."""
    codes = st.one_of(
        known_error_codes().map(lambda entry: entry.code), st.integers(1, 999_999_999)
    )
    return st.builds(
        lambda code, text: {"error": str(code) if style == "vendor" else code,
                            "errorDescription": text},
        codes,
        st.text(max_size=60),
    )  # fmt: skip


def gateway_error_bodies(status: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda text: {"code": status, "message": text}, st.text(max_size=60))


# --- bytes on the wire -----------------------------------------------------------------------


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


# --- path parameters, per operation ------------------------------------------------------------


def _is_id(operation_id: str) -> bool:
    return bool(_path_schema(operation_id)["type"] == "integer")


def path_values(operation_id: str) -> st.SearchStrategy[Any]:
    """Values the spec accepts for the operation's path parameter, as an SDK caller passes them
    (an int for message and task ids, a str for references)."""
    return valid_ids(operation_id) if _is_id(operation_id) else valid_references()


def invalid_path_values(operation_id: str) -> st.SearchStrategy[Any]:
    """Values an SDK caller might pass that the spec refuses and the SDK does not send, wrong
    Python types included."""
    if _is_id(operation_id):
        return invalid_ids(operation_id)
    return st.one_of(
        unsafe_references(),
        st.sampled_from(["", "ext19\n", "ext/19", "ext 19", "ext19 "]),
        st.integers(),
        st.none(),
        st.binary(max_size=8),
    )


def path_segments(operation_id: str, *, valid: bool) -> st.SearchStrategy[str]:
    """The path parameter as sent on the wire (percent-encoded), valid or not for the spec."""
    if _is_id(operation_id):
        return valid_ids(operation_id).map(str) if valid else invalid_id_segments(operation_id)
    if valid:
        return valid_references()
    return invalid_references().map(lambda text: quote(text, safe=""))


# --- bodies off the spec -----------------------------------------------------------------------

_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
_FRACTIONS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer())
_JSON_OF_TYPE: dict[str, st.SearchStrategy[Any]] = {
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


def _json_types(schema: Mapping[str, Any]) -> set[str]:
    """The JSON types a schema (as `spec_schema` gives it) lets through."""
    if "oneOf" in schema:
        return set().union(*(_json_types(branch) for branch in schema["oneOf"]))
    if "type" not in schema:
        return set(_JSON_OF_TYPE) | {"integer"}
    declared = schema["type"]
    types = set(declared if isinstance(declared, list) else [declared])
    return types | {"integer"} if "number" in types else types


def wrong_type_values(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """JSON values of a type the schema does not allow at all (e.g. an array for an id)."""
    allowed = _json_types(schema)
    return st.one_of([strategy for kind, strategy in _JSON_OF_TYPE.items() if kind not in allowed])


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
        typed = {f for f, sub in properties.items() if set(_JSON_OF_TYPE) - _json_types(sub)}
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


# --- the contract mock's Prefer header ---------------------------------------------------------

# The mock's names for wire styles: all quirks, none, or single quirks (see wwt_sms_mock.WireStyle).
MOCK_STYLES = ("canonical", "vendor", "strings", "datetimes", "errors", "strings+datetimes")


def mock_preferences(operation_id: str) -> st.SearchStrategy[str]:
    """`Prefer` header values the contract mock acts on, built from what the spec documents for
    the operation: a documented status, an error code (known or not), a named example, a wire
    style, a Retry-After."""
    operation = spec.operation(operation_id)
    examples = sorted({name for s in operation.statuses() for name in operation.examples(s)})
    directive = st.one_of(
        st.sampled_from(operation.statuses()).map(lambda status: f"code={status}"),
        st.one_of(known_error_codes().map(lambda e: e.code), st.integers(1, 999_999_999)).map(
            lambda code: f"error={code}"
        ),
        st.sampled_from(examples).map(lambda name: f"example={name}"),
        st.sampled_from(MOCK_STYLES).map(lambda style: f"style={style}"),
        st.integers(0, 3600).map(lambda seconds: f"retry-after={seconds}"),
    )
    return st.lists(directive, min_size=1, max_size=3).map(", ".join)
