"""Hypothesis strategies for delivery reports (the spec's `deliveryReport` webhook).

A report carries the facts of the status answer of the same message, so its bodies are made
from the same records (`tests.strategies.sms_records`) in the same wire styles, with what a
report may do besides: leave `error` out, carry `error` as a string or fields the contract does
not name, arrive as bytes, text or an object a web framework already decoded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from tests.strategies import WIRE_STYLES, WireStyle, dumps, render_sms, sms_records, spec_bodies

_REPORT_FIELDS = frozenset(
    ["error", "errorDescription", "id", "msisdn", "reference", "time_in", "time_sent", "time_dr",
     "status", "price", "currency"]
)  # fmt: skip
_EXTRA_FIELDS = st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda name: name not in _REPORT_FIELDS),
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    max_size=3,
)


def render_delivery_report(
    record: Mapping[str, Any], style: WireStyle, *, with_error: bool = True
) -> dict[str, Any]:
    """The report of a message as the gateway sends it in one wire style: the status answer's
    fields, `error` and `errorDescription` left out when `with_error` is false."""
    body = render_sms(record, style)
    if not with_error:
        del body["error"], body["errorDescription"]
    return body


@st.composite
def delivery_report_cases(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A report body in any wire style (maybe without `error`, maybe with extra fields) and the
    status answer body of the same message at the same moment."""
    record = draw(sms_records())
    style = draw(st.sampled_from(WIRE_STYLES))
    report = render_delivery_report(record, style, with_error=draw(st.booleans()))
    report.update(draw(_EXTRA_FIELDS))
    return report, render_sms(record, draw(st.sampled_from(WIRE_STYLES)))


def spec_delivery_reports() -> st.SearchStrategy[dict[str, Any]]:
    """Any body the webhook's schema (`DeliveryReport`) accepts, extra properties included."""
    return spec_bodies("DeliveryReport")


def as_status_answer(report: Mapping[str, Any]) -> dict[str, Any]:
    """The status answer with the same facts as a report body (`error` is required there)."""
    return {**report, "error": report.get("error", 0)}


def encodings(body: Mapping[str, Any]) -> st.SearchStrategy[bytes | str | dict[str, Any]]:
    """One body as a receiver may hold it: raw bytes (UTF-8, -16 or -32), text, or the object
    a framework decoded (numbers with a fraction as Decimal, as `json.loads(...,
    parse_float=Decimal)` gives them)."""
    raw = dumps(body)
    text = raw.decode()
    decoded: dict[str, Any] = json.loads(raw, parse_float=Decimal)
    return st.sampled_from(
        [raw, text, decoded, text.encode("utf-16"), text.encode("utf-32-le"), b"\xef\xbb\xbf" + raw]
    )
