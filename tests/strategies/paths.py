"""Path parameters from their own schemas: message and task ids, references, valid or not,
as an SDK caller passes them and as they go on the wire."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from tests import spec

# The largest integer a JavaScript number holds exactly.
JS_SAFE_MAX = 2**53 - 1


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
