"""Every error the SDK raises. Nothing else escapes: no KeyError, TypeError, JSONDecodeError or
httpx exception reaches a caller.

```
WwtError
├── ClientValidationError (also a ValueError) — bad id / reference, raised before any request is sent
├── DeliveryReportError (also a ValueError) — a body parse_delivery_report cannot read as a DLR
├── APIConnectionError, APITimeoutError   — after retries are spent
├── UnexpectedResponseError               — not JSON, wrong shape, truncated; carries status and a truncated body
└── APIError (code, description, http_status, response, data)
    ├── one class per known code (e.g. SmsNotFoundError for 20, TaskNotFoundError for 30), under
    │   a few meaningful groups (not found, invalid request, conflict, not allowed, payment)
    ├── ValidationError (an InvalidRequestError) — a 4xx {message, errors}: .message, .errors
    ├── AuthenticationError (401/403, account code 1), RateLimitError (429), ServerError (5xx)
    └── any other code: APIError itself, with the code and the vendor's description
```

Besides the tree: `APITimeoutError` is also an `APIConnectionError` (catching the latter catches
both), `WaitTimeoutError` (a `WwtError`) ends `sms.wait_for_final` when no final status came in
time.

The groups follow the HTTP status the contract pairs with each code (`x-enum-http-statuses`):
400 → `InvalidRequestError`, 401 → `AuthenticationError`, 402 → `PaymentRequiredError`,
403 → `NotAllowedError`, 404 → `NotFoundError`, 409 → `ConflictError`. A class per code is named
after the generated `ErrorCode` member (`SMS_NOT_FOUND` → `SmsNotFoundError`), and
`code_classes()` is the table from one to the other.
A test fails when the spec gains a code that table leaves out.
"""  # noqa: E501 - the tree is drawn with wide lines and box characters

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


class WwtError(Exception):
    """The root of every error the SDK raises.

    `batch_ids`: when the error ended one batch of `sms.get_statuses` / `sms.iter_statuses`,
    the IDs of that batch (left unanswered); otherwise empty.
    """

    batch_ids: tuple[int, ...] = ()


class ClientValidationError(WwtError, ValueError):
    """An argument the API would refuse (bad id, reference, option); nothing was sent."""


class DeliveryReportError(WwtError, ValueError):
    """A body `parse_delivery_report` cannot read as a delivery report: not JSON, too large or
    too deeply nested, not an object, an error answer, or a field missing or of the wrong type
    (the message names it). A receiver answers such a body with `400`."""


class APIConnectionError(WwtError):
    """The API could not be reached (connection refused or reset, DNS, protocol error), after
    the retries were spent."""


class APITimeoutError(APIConnectionError):
    """The API did not answer within the timeout, after the retries were spent."""


class WaitTimeoutError(WwtError):
    """`wait_for_final` gave up: the message had no final status when the time ran out."""

    def __init__(self, message: str, *, sms_id: int, last_status: str | None, waited: float):
        super().__init__(message)
        self.sms_id = sms_id
        self.last_status = last_status
        self.waited = waited


class UnexpectedResponseError(WwtError):
    """A response the contract does not describe: not JSON, the wrong shape, truncated.

    `status` is the HTTP status and `body` the start of the body as text (at most
    `BODY_EXCERPT_CHARS` characters).
    """

    def __init__(
        self, message: str, *, status: int, body: str, response: httpx.Response | None = None
    ):
        super().__init__(message)
        self.status = status
        self.body = body
        self.response = response


class APIError(WwtError):
    """The API (or its gateway) refused the request.

    `code` is the API's error code (an `ErrorCode` member when known, any other int when not,
    `None` when the body had no code: gateway errors, bodies that are not JSON);
    `description` is the vendor's text; `http_status` the HTTP status; `response` the
    `httpx.Response` (its request no longer carries the API key); `data` what the error body
    carried in its `data` field, as decoded (`None` without one).
    """

    def __init__(
        self,
        description: str,
        *,
        code: int | None = None,
        http_status: int,
        response: httpx.Response | None = None,
        data: object = None,
    ):
        self.code = code
        self.description = description
        self.http_status = http_status
        self.response = response
        self.data = data
        label = f"error {code}, HTTP {http_status}" if code is not None else f"HTTP {http_status}"
        super().__init__(f"{description} ({label})")


# --- groups ----------------------------------------------------------------------------------


class InvalidRequestError(APIError):
    """The API found the request malformed (codes paired with HTTP 400)."""


class ValidationError(InvalidRequestError):
    """The API refused the request's fields (a 4xx body `{message, errors}`, as for HTTP 422).

    `message` is the API's summary (also `description`); `errors` maps each field to its
    messages. `str()` shows both.
    """

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, list[str]],
        http_status: int,
        response: httpx.Response | None = None,
        data: object = None,
    ):
        super().__init__(message, http_status=http_status, response=response, data=data)
        self.message = message
        self.errors = errors
        if errors:
            self.args = (f"{self.args[0]}: {_fields_text(errors)}",)


def _fields_text(errors: dict[str, list[str]], most: int = 10) -> str:
    shown = [f"{field}: {' '.join(messages)[:200]}" for field, messages in errors.items()]
    more = f"; and {len(shown) - most} more" if len(shown) > most else ""
    return "; ".join(shown[:most]) + more


class NotFoundError(APIError):
    """What was asked for does not exist on this account (codes paired with HTTP 404)."""


class ConflictError(APIError):
    """The request conflicts with what already exists (codes paired with HTTP 409)."""


class NotAllowedError(APIError):
    """The account may not do this (codes paired with HTTP 403)."""


class PaymentRequiredError(APIError):
    """The account cannot pay for the request (HTTP 402; codes 8 and 14)."""


class AuthenticationError(APIError):
    """The API key is missing, unknown or not allowed here (HTTP 401/403, account code 1)."""


class RateLimitError(APIError):
    """Too many requests (HTTP 429). `retry_after` is the server's wait in seconds, if given."""

    def __init__(
        self,
        description: str,
        *,
        code: int | None = None,
        http_status: int,
        response: httpx.Response | None = None,
        retry_after: float | None = None,
        data: object = None,
    ):
        super().__init__(
            description, code=code, http_status=http_status, response=response, data=data
        )
        self.retry_after = retry_after


class ServerError(APIError):
    """The API or its gateway failed (HTTP 5xx)."""


# --- one class per known code (named after the generated ErrorCode member) --------------------


class InvalidApiKeyError(AuthenticationError):
    """Code 1: invalid API key."""


class WrongTariffError(InvalidRequestError):
    """Code 6: wrong tariff."""


class InvalidOriginatorError(InvalidRequestError):
    """Code 7: invalid originator (account-wide)."""


class NotEnoughFundsError(PaymentRequiredError):
    """Code 8: not enough funds on the account."""


class NotEnoughBalanceError(PaymentRequiredError):
    """Code 14: not enough balance."""


class InvalidPriceGridError(NotAllowedError):
    """Code 15: invalid price grid."""


class SmsNotFoundError(NotFoundError):
    """Code 20: SMS not found."""


class IncorrectPhoneNumberError(InvalidRequestError):
    """Code 21: incorrect phone number."""


class ExternalIdMissingError(InvalidRequestError):
    """Code 22: the external ID of the SMS request is missing."""


class SmsAlreadyPresentError(ConflictError):
    """Code 23: SMS with this ID is already present."""


class InvalidQueryPayloadError(InvalidRequestError):
    """Code 24: invalid query payload."""


class IncorrectOriginatorError(InvalidRequestError):
    """Code 25: incorrect originator."""


class InvalidSmsTextError(InvalidRequestError):
    """Code 26: empty or too long SMS text."""


class IncorrectExternalIdError(InvalidRequestError):
    """Code 27: incorrect external SMS ID."""


class IncorrectSmsDurationError(InvalidRequestError):
    """Code 28: incorrect value of SMS duration."""


class IncorrectTaskIdError(InvalidRequestError):
    """Code 29: the task id is incorrect."""


class TaskNotFoundError(NotFoundError):
    """Code 30: task not found."""


class PhoneAlreadyInListError(ConflictError):
    """Code 31: the phone is already in the messaging list."""


class SenderNotAllowedError(NotAllowedError):
    """Code 32: sender not allowed."""


class UnresolvedDirectionError(NotAllowedError):
    """Code 33: unresolved direction."""


class InvalidOtpError(InvalidRequestError):
    """Code 34: invalid OTP, code generation error."""


class TwoWayNotActivatedError(NotAllowedError):
    """Code 35: 2WAY service is not activated."""


class IncorrectTwoWaySenderError(NotAllowedError):
    """Code 36: incorrect sender for 2WAY."""


# --- dispatch --------------------------------------------------------------------------------


@functools.cache
def code_classes() -> dict[int, type[APIError]]:
    """Each API code the spec knows → the class raised for it (built on first use: `ErrorCode`
    is generated, and loading it loads attrs)."""
    from wwt_sms_api.models.error_code import ErrorCode

    return {
        ErrorCode.INVALID_API_KEY: InvalidApiKeyError,
        ErrorCode.WRONG_TARIFF: WrongTariffError,
        ErrorCode.INVALID_ORIGINATOR: InvalidOriginatorError,
        ErrorCode.NOT_ENOUGH_FUNDS: NotEnoughFundsError,
        ErrorCode.NOT_ENOUGH_BALANCE: NotEnoughBalanceError,
        ErrorCode.INVALID_PRICE_GRID: InvalidPriceGridError,
        ErrorCode.SMS_NOT_FOUND: SmsNotFoundError,
        ErrorCode.INCORRECT_PHONE_NUMBER: IncorrectPhoneNumberError,
        ErrorCode.EXTERNAL_ID_MISSING: ExternalIdMissingError,
        ErrorCode.SMS_ALREADY_PRESENT: SmsAlreadyPresentError,
        ErrorCode.INVALID_QUERY_PAYLOAD: InvalidQueryPayloadError,
        ErrorCode.INCORRECT_ORIGINATOR: IncorrectOriginatorError,
        ErrorCode.INVALID_SMS_TEXT: InvalidSmsTextError,
        ErrorCode.INCORRECT_EXTERNAL_ID: IncorrectExternalIdError,
        ErrorCode.INCORRECT_SMS_DURATION: IncorrectSmsDurationError,
        ErrorCode.INCORRECT_TASK_ID: IncorrectTaskIdError,
        ErrorCode.TASK_NOT_FOUND: TaskNotFoundError,
        ErrorCode.PHONE_ALREADY_IN_LIST: PhoneAlreadyInListError,
        ErrorCode.SENDER_NOT_ALLOWED: SenderNotAllowedError,
        ErrorCode.UNRESOLVED_DIRECTION: UnresolvedDirectionError,
        ErrorCode.INVALID_OTP: InvalidOtpError,
        ErrorCode.TWO_WAY_NOT_ACTIVATED: TwoWayNotActivatedError,
        ErrorCode.INCORRECT_TWO_WAY_SENDER: IncorrectTwoWaySenderError,
    }
