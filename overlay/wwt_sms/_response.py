"""HTTP response → the SDK's model, or the typed error it stands for.

The body is decoded here, once, with `parse_float=Decimal` (prices never pass through a binary
float), rather than by the generated `_parse_response`, which uses `response.json()`. The decoded
object goes to the generated `from_dict` of the model the answer calls for: `Sms` / `Task` for a
200 without an error code, `ApiError` for any body with a non-zero `error` (whatever the HTTP
status: the real API answers errors with 200 too), `GatewayError` for the gateway's
`{code, message}`. `_requests` loads this module on the first request.

Mass-status answers are the exception: their items are read straight from the decoded objects
(`_status_records.py`), not through the generated `SmsStatusRecord.from_dict`, which would
cost more per item than reading it (a hundred items an answer; benchmarks/README.md). A test
holds the two readings equal on the spec's examples.
"""

from __future__ import annotations

import json
import time
from datetime import tzinfo
from decimal import Decimal
from http import HTTPStatus
from typing import Any

import httpx

from wwt_sms_api.models.api_error import ApiError as WireApiError
from wwt_sms_api.models.error_code import ErrorCode
from wwt_sms_api.models.gateway_error import GatewayError as WireGatewayError
from wwt_sms_api.models.sms import Sms as WireSms
from wwt_sms_api.models.task import Task as WireTask

from . import _normalise
from ._batches import assemble
from ._constants import MAX_NUMBER_CHARS
from ._exceptions import (
    APIError,
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PaymentRequiredError,
    RateLimitError,
    ServerError,
    SmsNotFoundError,
    ValidationError,
    code_classes,
)
from ._models import Sms, SmsStatusRecord, Task
from ._retries import parse_retry_after
from ._status_records import status_records
from ._transport import redact, unexpected

# What reading a decoded body can raise: a missing field, a wrong type or value, and what a
# hostile body can provoke beyond those (deep nesting, decimal signals, memory).
_READ_ERRORS = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    MemoryError,
)


def parse_sms(
    response: httpx.Response, zone: tzinfo, *, id: int | None = None, reference: str | None = None
) -> Sms:
    """The `Sms` in `response`. With `id` or `reference`, it must be the message asked for (a
    body without a reference is not taken for another message's)."""
    data = _checked_body(response)
    try:
        sms = _normalise.sms(WireSms.from_dict(data), zone)
    except _READ_ERRORS as exc:
        raise unexpected(response, f"not an Sms: {_why(exc)}") from None
    if id is not None and sms.id != id:
        raise unexpected(response, f"the answer is for SMS {sms.id}, not SMS {id}")
    if reference is not None and sms.reference is not None and sms.reference != reference:
        raise unexpected(
            response, f"the answer is for reference {sms.reference!r}, not {reference!r}"
        )
    return sms


def parse_task(response: httpx.Response, zone: tzinfo) -> Task:
    """The `Task` in `response` (its body names no task ID, so it cannot be matched)."""
    data = _checked_body(response)
    try:
        return _normalise.task(WireTask.from_dict(data))
    except _READ_ERRORS as exc:
        raise unexpected(response, f"not a Task: {_why(exc)}") from None


def parse_statuses(
    batch: tuple[int, ...], response: httpx.Response, zone: tzinfo
) -> dict[int, SmsStatusRecord | None]:
    """One batch's answer: every ID of `batch` a key, `None` where the API sent no record. An
    answer of "SMS not found" (code 20) for the whole batch means it knows none of them."""
    try:
        data = _checked_body(response)
    except SmsNotFoundError:
        return dict.fromkeys(batch)
    try:
        records = status_records(data, zone)
    except _READ_ERRORS as exc:
        raise unexpected(response, f"not a list of statuses: {_why(exc)}") from None
    return assemble(batch, records)


def _checked_body(response: httpx.Response) -> dict[str, Any]:
    """The decoded body of a successful response; any error it stands for is raised."""
    status = response.status_code
    if 300 <= status < 400:
        raise _redirect(response)
    try:
        data = _decode(response.content)
    except (ValueError, RecursionError, MemoryError):  # JSONDecodeError is a ValueError
        if status >= 400:
            raise _refusal(response, code=None, description=None) from None
        raise unexpected(response, "the body is not JSON") from None
    if not isinstance(data, dict):
        if status >= 400:
            raise _refusal(response, code=None, description=None)
        raise unexpected(response, "the body is not a JSON object")
    _raise_api_error(response, data)
    if status != 200:
        raise _status_error(response, data)
    # A success may leave `error` out (read as 0); the generated models require the field.
    data.setdefault("error", 0)
    return data


def _raise_api_error(response: httpx.Response, data: dict[str, Any]) -> None:
    """Raise the error a body's non-zero `error` code stands for (whatever the HTTP status)."""
    error = data.get("error", 0)
    if error is False or error is True:  # `False == 0` in Python, but a boolean is no code
        raise unexpected(response, "field 'error': a boolean where a code belongs")
    if error == 0 or error == "0":
        return
    try:
        envelope = WireApiError.from_dict(data)
        code = _normalise.integer(envelope.error, "error", minimum=-(2**63), maximum=2**63 - 1)
    except (KeyError, TypeError, ValueError) as exc:
        raise unexpected(response, f"not an error envelope: {_why(exc)}") from None
    if code != 0:
        description = envelope.error_description
        raise _refusal(response, code=code, description=description, data=data.get("data"))


def _status_error(response: httpx.Response, data: dict[str, Any]) -> Exception:
    """The error for a non-200 body without an API code: field errors, the gateway's
    `{code, message}`, or any other body with a `message`."""
    errors = _field_errors(data)
    if errors is not None and response.status_code >= 400:
        return ValidationError(
            data["message"],
            errors=errors,
            http_status=response.status_code,
            response=redact(response),
            data=data.get("data"),
        )
    description: object = None
    if "code" in data and "message" in data:
        description = WireGatewayError.from_dict(data).message
    elif isinstance(data.get("message"), str):
        description = data["message"]
    return _refusal(response, code=None, description=description, data=data.get("data"))


def _field_errors(data: dict[str, Any]) -> dict[str, list[str]] | None:
    """`errors` of a `{message, errors: {field: [messages]}}` body, else `None`. A field's
    single message given as a string counts as a list of one."""
    errors = data.get("errors")
    if not isinstance(data.get("message"), str) or not isinstance(errors, dict):
        return None
    fields: dict[str, list[str]] = {}
    for field, messages in errors.items():
        listed = messages if isinstance(messages, list) else [messages]
        fields[str(field)] = [text if isinstance(text, str) else str(text) for text in listed]
    return fields


def _redirect(response: httpx.Response) -> Exception:
    location = response.headers.get("Location", "")
    where = f" to {location[:200]!r}" if location else ""
    return unexpected(
        response, f"a redirect (HTTP {response.status_code}){where}; the SDK follows none"
    )


def _refusal(
    response: httpx.Response, *, code: int | None, description: object, data: object = None
) -> Exception:
    status = response.status_code
    if code is None and status < 400:
        return unexpected(response, f"HTTP {status} where 200 or an error was expected")
    retry_after = None
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"), time.time())
    return api_error(
        code=code,
        description=description if isinstance(description, str) else None,
        http_status=status,
        response=redact(response),
        retry_after=retry_after,
        data=data,
    )


# --- the error a refusal stands for ---------------------------------------------------------------


def _status_class(status: int) -> type[APIError]:
    if status in (401, 403):
        return AuthenticationError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    return _STATUS_GROUPS.get(status, APIError)


_STATUS_GROUPS: dict[int, type[APIError]] = {
    400: InvalidRequestError,
    402: PaymentRequiredError,
    404: NotFoundError,
    409: ConflictError,
}


def _without_description(http_status: int) -> str:
    """The text of an error whose body gave none: what the HTTP status says."""
    try:
        phrase = HTTPStatus(http_status).phrase
    except ValueError:
        phrase = "Refused"
    return f"{phrase}, with no error description in the response"


def api_error(
    *,
    code: int | None,
    description: str | None,
    http_status: int,
    response: httpx.Response | None,
    retry_after: float | None = None,
    data: object = None,
) -> APIError:
    """The error for a refused request: by its API code when it has one, else by HTTP status."""
    if code is not None:
        cls = code_classes().get(code, APIError)
        if code in ErrorCode._value2member_map_:
            known = ErrorCode(code)
            code = known
            if not description:
                description = known.name.replace("_", " ").capitalize()
    else:
        cls = _status_class(http_status)
    text = description or _without_description(http_status)
    if issubclass(cls, RateLimitError):
        return cls(
            text,
            code=code,
            http_status=http_status,
            response=response,
            retry_after=retry_after,
            data=data,
        )
    return cls(text, code=code, http_status=http_status, response=response, data=data)


def _why(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"field {exc.args[0]!r} is missing"
    return str(exc) or type(exc).__name__


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


class _OversizedNumber:
    """Stands for a JSON number too long to be a value of the contract (the field it lands in
    is then refused by name, without the cost of reading it)."""

    def __repr__(self) -> str:
        return "<a number of more than MAX_NUMBER_CHARS characters>"


_OVERSIZED_NUMBER = _OversizedNumber()


def _number(text: str) -> Decimal | _OversizedNumber:
    return Decimal(text) if len(text) <= MAX_NUMBER_CHARS else _OVERSIZED_NUMBER


# One decoder for every body: `json.loads(..., parse_float=...)` would build a new `JSONDecoder`
# (and its scanner) on each call.
_DECODER = json.JSONDecoder(parse_float=_number, parse_constant=_no_constant)


def _decode(content: bytes) -> Any:
    """`json.loads(content, parse_float=Decimal, ...)` with the decoder made once (and numbers
    of more than `MAX_NUMBER_CHARS` characters left unread): the same encoding detection
    (UTF-8/16/32, with or without a BOM) and the same errors."""
    return _DECODER.decode(content.decode(json.detect_encoding(content), "surrogatepass"))
