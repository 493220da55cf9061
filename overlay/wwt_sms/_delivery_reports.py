"""`parse_delivery_report`: the body of a delivery report (DLR) → `DeliveryReport`.

The gateway POSTs a report to a message's `callback_url` when its status changes; the body has
the fields of a successful status lookup (the spec's `deliveryReport` webhook). It is read with
the readers of `_normalise`, so a report and the status answer of the same message give the
same values: exact prices, IDs above 2^53 exact, vendor datetimes, an open status set.

Whatever a body holds, the outcome is a `DeliveryReport` or a `DeliveryReportError` naming what
is wrong: the body's size and nesting are bounded before it is decoded, and every field is
checked before it is used.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Mapping
from datetime import UTC, tzinfo
from decimal import Decimal
from typing import Any, Protocol

from ._constants import (
    DELIVERY_REPORT_MEDIA_TYPES,
    ID_MAX,
    ID_MIN,
    MAX_DELIVERY_REPORT_BYTES,
    MAX_DELIVERY_REPORT_DEPTH,
    MAX_NUMBER_CHARS,
)
from ._contract_drift import ContractDriftWarning, DriftMode, drift_check
from ._exceptions import DeliveryReportError
from ._models import DeliveryReport
from ._normalise import (
    WireError,
    decimal,
    digits,
    integer,
    moment,
    optional_moment,
    optional_text,
    status,
    text,
)

__all__ = ["parse_delivery_report"]


class Headers(Protocol):
    """Request headers as any framework holds them (a dict, Starlette's, Werkzeug's, aiohttp's):
    something with `items()`."""

    def items(self) -> Iterable[tuple[str, str]]: ...


# The webhook's body schema in openapi.yaml, for `on_contract_drift`.
_SCHEMA_POINTER = "/webhooks/deliveryReport/post/requestBody/content/application~1json/schema"
_OPERATION = "deliveryReport"


def parse_delivery_report(
    body: bytes | bytearray | memoryview | str | Mapping[str, Any],
    *,
    headers: Headers | Mapping[str, str] | None = None,
    api_timezone: tzinfo = UTC,
    on_contract_drift: DriftMode = "ignore",
) -> DeliveryReport:
    """Read the body of a delivery report the gateway POSTed to your `callback_url`.

    `body` is the raw request body (bytes or str, JSON in UTF-8, -16 or -32) or the object a
    framework already decoded from it (its floats are read through their shortest repr: the
    JSON text's digits whenever a float holds them; the raw body keeps any number of digits).

    `headers`, when given, are the request's headers: a `Content-Type` among them must be JSON
    (`application/json`, `text/json` or any `application/...+json`, parameters such as
    `charset` allowed); a request without one is read anyway, since the vendor documents none.
    Datetimes without a zone are read in `api_timezone`, as the client's option of that name
    does.

    `on_contract_drift`: `"warn"` emits a `ContractDriftWarning` when the body breaks the
    webhook's schema in `openapi.yaml` (the report is still read, tolerantly), `"raise"`
    raises `DeliveryReportError` instead; both need the `contract` extra.

    Raises `DeliveryReportError` (a `ValueError`) for a body that is not a delivery report: over
    `MAX_DELIVERY_REPORT_BYTES` or nested deeper than `MAX_DELIVERY_REPORT_DEPTH`, not JSON,
    not an object, an error answer (a non-zero `error`), or a field missing or of the wrong
    type. The message names what is wrong; answer such a request with `400`.
    """
    check = drift_check(on_contract_drift)  # refuses an unknown mode before reading anything
    if headers is not None:
        _check_content_type(headers)
    data = _exact(body) if isinstance(body, Mapping) else _decoded(body)
    if not isinstance(data, Mapping):
        raise DeliveryReportError(f"not a delivery report: a JSON {_kind(data)}, not an object")
    if check is not None:
        _check_contract(data, on_contract_drift)
    try:
        return _report(data, api_timezone)
    except KeyError as exc:
        raise DeliveryReportError(
            f"not a delivery report: field {exc.args[0]!r} is missing"
        ) from None
    except WireError as exc:
        raise DeliveryReportError(f"not a delivery report: {exc}") from None


def _exact(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """An object a framework decoded: its floats (`json.loads` makes them of JSON numbers with
    a fraction) as the Decimal of their shortest repr, which is the JSON text's own digits
    whenever they fit a float (pass the raw body to keep more)."""
    if not any(type(value) is float for value in data.values()):
        return data
    return {key: _float_as_decimal(value) for key, value in data.items()}


def _float_as_decimal(value: object) -> object:
    if type(value) is float and value == value and abs(value) != float("inf"):
        return Decimal(repr(value))
    return value


def _report(data: Mapping[str, Any], zone: tzinfo) -> DeliveryReport:
    """The fields of a decoded report; a missing one raises `KeyError`, a wrong one `WireError`."""
    _check_no_error(data.get("error", 0), data.get("errorDescription"))
    id = data["id"]
    if type(id) is not int or not ID_MIN <= id <= ID_MAX:  # the common form first, as below
        id = integer(id, "id", minimum=ID_MIN, maximum=ID_MAX)
    return DeliveryReport(
        id=id,
        msisdn=digits(data["msisdn"], "msisdn"),
        reference=optional_text(data.get("reference"), "reference"),
        time_in=moment(data["time_in"], "time_in", zone),
        time_sent=optional_moment(data.get("time_sent"), "time_sent", zone),
        time_dr=optional_moment(data.get("time_dr"), "time_dr", zone),
        status=status(data["status"]),
        price=decimal(data["price"], "price"),  # bounded in size, as for a status answer
        currency=text(data["currency"], "currency"),
    )


def _check_no_error(code: object, description: object) -> None:
    """A report has `error` 0 (or "0", or none); any other code makes the body an error answer."""
    if code == 0 and type(code) is not bool:  # 0, or 0.0 (a Decimal)
        return
    if isinstance(code, str) and code.isascii() and code.isdigit() and len(code) <= 20:
        if int(code) == 0:  # "0", or "00": the status answers read it as 0 too
            return
    elif not isinstance(code, int | Decimal) or type(code) is bool:
        raise WireError("error", code, '0 (or "0")')
    said = f": {description[:100]}" if isinstance(description, str) and description else ""
    raise DeliveryReportError(
        f"not a delivery report: an error answer (error {str(code)[:20]!r}{said})"
    )


# --- the raw body ----------------------------------------------------------------------------


def _check_content_type(headers: Headers | Mapping[str, str]) -> None:
    found = [value for name, value in headers.items() if name.lower() == "content-type"]
    if not found:
        return
    media = found[0].split(";", 1)[0].strip().lower()
    if media in DELIVERY_REPORT_MEDIA_TYPES or (
        media.startswith("application/") and media.endswith("+json")
    ):
        return
    raise DeliveryReportError(
        f"not a delivery report: content type {found[0][:100]!r} is not JSON "
        "(application/json, text/json or application/...+json)"
    )


def _decoded(body: bytes | bytearray | memoryview | str) -> object:
    size, unit = (len(body), "characters") if isinstance(body, str) else (len(body), "bytes")
    if isinstance(body, memoryview):
        size = body.nbytes
    if size > MAX_DELIVERY_REPORT_BYTES:
        raise DeliveryReportError(
            f"not a delivery report: {size} {unit}, more than {MAX_DELIVERY_REPORT_BYTES}"
        )
    try:
        if not isinstance(body, str):
            raw = bytes(body)
            body = raw.decode(json.detect_encoding(raw))
        _check_depth(body)
        return _DECODER.decode(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise DeliveryReportError(f"not a delivery report: the body is not JSON ({exc})") from None


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)  # a JSON string: its brackets nest nothing
_BRACKET = re.compile(r"[\[\]{}]")


def _check_depth(text: str) -> None:
    """Refuse a body nested deeper than `MAX_DELIVERY_REPORT_DEPTH` before decoding it. A body
    with no more opening brackets than that (every real report) cannot be, and is not scanned."""
    if text.count("{") + text.count("[") <= MAX_DELIVERY_REPORT_DEPTH:
        return
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DELIVERY_REPORT_DEPTH:
            raise DeliveryReportError(
                "not a delivery report: nested deeper than "
                f"{MAX_DELIVERY_REPORT_DEPTH} arrays and objects"
            )


class _OversizedNumber:
    """Stands for a JSON number too long to be a value of the contract: the field it lands in
    is refused by name, without the cost of reading it."""

    def __repr__(self) -> str:
        return "<a number of more than MAX_NUMBER_CHARS characters>"


def _number(literal: str) -> Decimal | _OversizedNumber:
    return Decimal(literal) if len(literal) <= MAX_NUMBER_CHARS else _OversizedNumber()


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# Made once: `json.loads(..., parse_float=...)` builds a new decoder on every call.
_DECODER = json.JSONDecoder(parse_float=_number, parse_constant=_no_constant)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number"


# --- on_contract_drift -----------------------------------------------------------------------


def _check_contract(data: Mapping[str, Any], mode: DriftMode) -> None:
    """Hold the decoded body against the webhook's schema, with the machinery (and the
    compiled contract) the clients' `on_contract_drift` uses."""
    from ._contract_drift import _contract

    found = _contract().value_violation(_SCHEMA_POINTER, dict(data))
    if found is None:
        return
    pointer, message = found
    if mode == "raise":
        raise DeliveryReportError(
            f"{_OPERATION} breaks the contract at {pointer or '/'}: {message}"
        )
    warnings.warn(ContractDriftWarning(_OPERATION, pointer, message), stacklevel=3)
