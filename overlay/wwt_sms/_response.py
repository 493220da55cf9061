"""HTTP response → the SDK's model, or the typed error it stands for.

This is the one module that touches the generated package at run time (through `_normalise`);
the client imports it on its first response, so `import wwt_sms` does not pay for `attrs`.

Deliberate bypass of the generated `_parse_response` / `sync_detailed`: they decode the body
with `response.json()`, which reads prices through binary floats (the contract says "never
through float") and lets a `JSONDecodeError` escape from inside the generated call, after the
response is gone. So the body is decoded here, once, with `json.loads(..., parse_float=Decimal)`,
and the decoded object goes to the generated `from_dict` of the model the status calls for:
`Sms` / `Task` for a 200 without an error code, `ApiError` for any body with a non-zero `error`
(whatever the HTTP status: the real API answers errors with 200 too), `GatewayError` for the
gateway's `{code, message}`. Requests are still built by the generated `_get_kwargs`.
"""

from __future__ import annotations

import json
import time
from datetime import tzinfo
from decimal import Decimal
from typing import Any

import httpx

from wwt_sms_api.api.sms import get_sms_by_id, get_sms_by_reference
from wwt_sms_api.api.tasks import get_task_by_id
from wwt_sms_api.models.api_error import ApiError as WireApiError
from wwt_sms_api.models.gateway_error import GatewayError as WireGatewayError
from wwt_sms_api.models.sms import Sms as WireSms
from wwt_sms_api.models.task import Task as WireTask

from . import _normalise
from ._constants import API_KEY_HEADER, BODY_EXCERPT_CHARS
from ._exceptions import UnexpectedResponseError, api_error
from ._models import Sms, Task
from ._transport import parse_retry_after

_REDACTED = "[redacted]"

# The generated request builders: method and path (with the argument quoted into it).
sms_by_id = get_sms_by_id._get_kwargs
sms_by_reference = get_sms_by_reference._get_kwargs
task_by_id = get_task_by_id._get_kwargs


def sms(response: httpx.Response, zone: tzinfo) -> Sms:
    data = _checked_body(response)
    try:
        return _normalise.sms(WireSms.from_dict(data), zone)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _unexpected(response, f"not an Sms: {_why(exc)}") from None


def task(response: httpx.Response, zone: tzinfo) -> Task:
    data = _checked_body(response)
    try:
        return _normalise.task(WireTask.from_dict(data))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _unexpected(response, f"not a Task: {_why(exc)}") from None


def redact(response: httpx.Response) -> httpx.Response:
    """Blank the API key in the request a response carries, before the response is handed out
    (in an exception or a raw response). The request has been sent; nothing else reads it."""
    try:
        headers = response.request.headers
    except RuntimeError:  # a response built without a request
        return response
    if API_KEY_HEADER in headers:
        headers[API_KEY_HEADER] = _REDACTED
    return response


def _checked_body(response: httpx.Response) -> dict[str, Any]:
    """The decoded body of a successful response; any error it stands for is raised."""
    status = response.status_code
    try:
        data = _decode(response.content)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        if status >= 400:
            raise _refusal(response, code=None, description=None) from None
        raise _unexpected(response, "the body is not JSON") from None
    if not isinstance(data, dict):
        if status >= 400:
            raise _refusal(response, code=None, description=None)
        raise _unexpected(response, "the body is not a JSON object")
    error = data.get("error", 0)
    if error is False or error is True:  # `False == 0` in Python, but a boolean is no code
        raise _unexpected(response, "field 'error': a boolean where a code belongs")
    if error != 0 and error != "0":
        try:
            envelope = WireApiError.from_dict(data)
            code = _normalise.integer(envelope.error, "error", minimum=-(2**63), maximum=2**63 - 1)
        except (KeyError, TypeError, ValueError) as exc:
            raise _unexpected(response, f"not an error envelope: {_why(exc)}") from None
        if code != 0:
            raise _refusal(response, code=code, description=envelope.error_description)
    if status != 200:
        description: object = None
        if "code" in data and "message" in data:
            description = WireGatewayError.from_dict(data).message
        raise _refusal(response, code=None, description=description)
    return data


def _refusal(response: httpx.Response, *, code: int | None, description: object) -> Exception:
    status = response.status_code
    if code is None and status < 400:
        return _unexpected(response, f"HTTP {status} where 200 or an error was expected")
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


def _unexpected(response: httpx.Response, why: str) -> UnexpectedResponseError:
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


# One decoder for every body: `json.loads(..., parse_float=...)` builds a new `JSONDecoder` (and
# its scanner) on each call, a few µs per response.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)


def _decode(content: bytes) -> Any:
    """`json.loads(content, parse_float=Decimal, ...)` with the decoder made once: the same
    encoding detection (UTF-8/16/32, with or without a BOM) and the same errors."""
    return _DECODER.decode(content.decode(json.detect_encoding(content), "surrogatepass"))
