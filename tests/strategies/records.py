"""Records and their wire styles: one logical record rendered as the canonical wire form (JSON
numbers, ISO 8601) or as the real API's quirks (numbers as strings, vendor datetimes); both
renderings of one record must give equal models. And the error bodies, in either style."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from hypothesis import strategies as st

from tests import spec
from tests.strategies.paths import JS_SAFE_MAX, valid_ids, valid_references

WireStyle = Literal["canonical", "vendor"]
WIRE_STYLES: tuple[WireStyle, ...] = ("canonical", "vendor")

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
