"""HTTP response → the SDK's model, or the typed error it stands for.

The body is decoded here, once, with `parse_float=Decimal` (prices never pass through a binary
float), rather than by the generated `_parse_response`, which uses `response.json()`. The decoded
object goes to the generated `from_dict` of the model the answer calls for: `Sms` / `Task` for a
200 without an error code, `ApiError` for any body with a non-zero `error` (whatever the HTTP
status: the real API answers errors with 200 too), `GatewayError` for the gateway's
`{code, message}`. `_requests` loads this module on the first request.

Mass-status answers are the exception: their items are read straight from the decoded objects
(`_normalise.status_record`), not through the generated `SmsStatusRecord.from_dict`, which would
cost more per item than reading it (a hundred items an answer; benchmarks/README.md). A test
holds the two readings equal on the spec's examples.
"""

from __future__ import annotations

import json
import time
from datetime import tzinfo
from decimal import Decimal
from typing import Any

import httpx

from wwt_sms_api.models.api_error import ApiError as WireApiError
from wwt_sms_api.models.gateway_error import GatewayError as WireGatewayError
from wwt_sms_api.models.sms import Sms as WireSms
from wwt_sms_api.models.task import Task as WireTask

from . import _normalise
from ._batches import assemble
from ._constants import BODY_EXCERPT_CHARS
from ._exceptions import SmsNotFoundError, UnexpectedResponseError, api_error
from ._models import Sms, SmsStatusRecord, Task
from ._transport import parse_retry_after, redact


def parse_sms(response: httpx.Response, zone: tzinfo) -> Sms:
    data = _checked_body(response)
    try:
        return _normalise.sms(WireSms.from_dict(data), zone)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise unexpected(response, f"not an Sms: {_why(exc)}") from None


def parse_task(response: httpx.Response, zone: tzinfo) -> Task:
    data = _checked_body(response)
    try:
        return _normalise.task(WireTask.from_dict(data))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
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
        records = _normalise.status_records(data, zone)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise unexpected(response, f"not a list of statuses: {_why(exc)}") from None
    return assemble(batch, records)


def _checked_body(response: httpx.Response) -> dict[str, Any]:
    """The decoded body of a successful response; any error it stands for is raised."""
    status = response.status_code
    try:
        data = _decode(response.content)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        if status >= 400:
            raise _refusal(response, code=None, description=None) from None
        raise unexpected(response, "the body is not JSON") from None
    if not isinstance(data, dict):
        if status >= 400:
            raise _refusal(response, code=None, description=None)
        raise unexpected(response, "the body is not a JSON object")
    error = data.get("error", 0)
    if error is False or error is True:  # `False == 0` in Python, but a boolean is no code
        raise unexpected(response, "field 'error': a boolean where a code belongs")
    if error != 0 and error != "0":
        try:
            envelope = WireApiError.from_dict(data)
            code = _normalise.integer(envelope.error, "error", minimum=-(2**63), maximum=2**63 - 1)
        except (KeyError, TypeError, ValueError) as exc:
            raise unexpected(response, f"not an error envelope: {_why(exc)}") from None
        if code != 0:
            raise _refusal(response, code=code, description=envelope.error_description)
    if status != 200:
        description: object = None
        if "code" in data and "message" in data:
            description = WireGatewayError.from_dict(data).message
        raise _refusal(response, code=None, description=description)
    # A success may leave `error` out (read as 0); the generated models require the field.
    data.setdefault("error", 0)
    return data


def _refusal(response: httpx.Response, *, code: int | None, description: object) -> Exception:
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
    )


def unexpected(response: httpx.Response, why: str) -> UnexpectedResponseError:
    body = response.content[: BODY_EXCERPT_CHARS * 4].decode("utf-8", "replace")
    if len(body) > BODY_EXCERPT_CHARS or len(response.content) > BODY_EXCERPT_CHARS * 4:
        body = body[:BODY_EXCERPT_CHARS] + "…"
    return UnexpectedResponseError(
        f"Unexpected response (HTTP {response.status_code}): {why}",
        status=response.status_code,
        body=body,
        response=redact(response),
    )


def _why(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"field {exc.args[0]!r} is missing"
    return str(exc) or type(exc).__name__


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# One decoder for every body: `json.loads(..., parse_float=...)` would build a new `JSONDecoder`
# (and its scanner) on each call.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)


def _decode(content: bytes) -> Any:
    """`json.loads(content, parse_float=Decimal, ...)` with the decoder made once: the same
    encoding detection (UTF-8/16/32, with or without a BOM) and the same errors."""
    return _DECODER.decode(content.decode(json.detect_encoding(content), "surrogatepass"))
