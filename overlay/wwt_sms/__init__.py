"""wwt-sms: a typed Python SDK for the WWT SMS status API.

```python
import wwt_sms

with wwt_sms.Client() as client:          # key from WWT_API_KEY
    sms = client.sms.get(211)
    if sms.status.is_delivered: ...
```

Everything public is listed in `__all__`, and `wwt_sms.resources` names the resource classes
(for annotations); the modules starting with `_` are private.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from . import resources as resources  # the resource classes, for annotations
from ._client import AsyncClient, Client
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ClientValidationError,
    ConflictError,
    DeliveryReportError,
    ExternalIdMissingError,
    IncorrectExternalIdError,
    IncorrectOriginatorError,
    IncorrectPhoneNumberError,
    IncorrectSmsDurationError,
    IncorrectTaskIdError,
    IncorrectTwoWaySenderError,
    InvalidApiKeyError,
    InvalidOriginatorError,
    InvalidOtpError,
    InvalidPriceGridError,
    InvalidQueryPayloadError,
    InvalidRequestError,
    InvalidSmsTextError,
    NotAllowedError,
    NotEnoughBalanceError,
    NotEnoughFundsError,
    NotFoundError,
    PaymentRequiredError,
    PhoneAlreadyInListError,
    RateLimitError,
    SenderNotAllowedError,
    ServerError,
    SmsAlreadyPresentError,
    SmsNotFoundError,
    TaskNotFoundError,
    TwoWayNotActivatedError,
    UnexpectedResponseError,
    UnresolvedDirectionError,
    ValidationError,
    WaitTimeoutError,
    WrongTariffError,
    WwtError,
)
from ._raw import RawResponse
from ._retries import Clock, SystemClock
from ._types import NOT_GIVEN, NotGiven
from ._version import __version__

if _TYPE_CHECKING:
    from wwt_sms_api.models.error_code import ErrorCode

    from ._aiohttp import aiohttp_client as aiohttp_client
    from ._contract_drift import ContractDriftWarning
    from ._delivery_reports import parse_delivery_report
    from ._models import DeliveryReport, Err, Ok, Result, Sms, SmsStatus, SmsStatusRecord, Task

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "ClientValidationError",
    "Clock",
    "ConflictError",
    "ContractDriftWarning",
    "DeliveryReport",
    "DeliveryReportError",
    "Err",
    "ErrorCode",
    "ExternalIdMissingError",
    "IncorrectExternalIdError",
    "IncorrectOriginatorError",
    "IncorrectPhoneNumberError",
    "IncorrectSmsDurationError",
    "IncorrectTaskIdError",
    "IncorrectTwoWaySenderError",
    "InvalidApiKeyError",
    "InvalidOriginatorError",
    "InvalidOtpError",
    "InvalidPriceGridError",
    "InvalidQueryPayloadError",
    "InvalidRequestError",
    "InvalidSmsTextError",
    "NotAllowedError",
    "NotEnoughBalanceError",
    "NotEnoughFundsError",
    "NotFoundError",
    "NotGiven",
    "Ok",
    "PaymentRequiredError",
    "PhoneAlreadyInListError",
    "RateLimitError",
    "RawResponse",
    "Result",
    "SenderNotAllowedError",
    "ServerError",
    "Sms",
    "SmsAlreadyPresentError",
    "SmsNotFoundError",
    "SmsStatus",
    "SmsStatusRecord",
    "SystemClock",
    "Task",
    "TaskNotFoundError",
    "TwoWayNotActivatedError",
    "UnexpectedResponseError",
    "UnresolvedDirectionError",
    "ValidationError",
    "WaitTimeoutError",
    "WrongTariffError",
    "WwtError",
    "__version__",
    "parse_delivery_report",
]
# Not in `__all__`: `wwt_sms.aiohttp_client` needs the optional aiohttp, and `import *` must not.


# Loaded on first use (then kept in this module), each with the module it comes from: the
# models with the first request, the rest only by those who use them.
_LAZY = {
    "ContractDriftWarning": "_contract_drift",
    "DeliveryReport": "_models",
    "Err": "_models",
    "Ok": "_models",
    "Result": "_models",
    "Sms": "_models",
    "SmsStatus": "_models",
    "SmsStatusRecord": "_models",
    "Task": "_models",
    "parse_delivery_report": "_delivery_reports",
}


def __getattr__(name: str) -> _Any:
    home = _LAZY.get(name)
    if home is not None:
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{home}"), name)
        globals()[name] = value
        return value
    # `ErrorCode` is the generated IntEnum itself (one home for the codes: the spec), loaded on
    # first use because the generated package imports attrs, which `import wwt_sms` does not need.
    if name == "ErrorCode":
        from wwt_sms_api.models.error_code import ErrorCode

        return ErrorCode
    if name == "aiohttp_client":
        # Optional (the `aiohttp` extra): an aiohttp-backed `httpx.AsyncClient` for
        # `AsyncClient(http_client=...)`.
        try:
            from ._aiohttp import aiohttp_client
        except ImportError as exc:
            raise ModuleNotFoundError(
                "wwt_sms.aiohttp_client needs aiohttp: pip install 'wwt-sms[aiohttp]'",
                name=exc.name,
            ) from exc
        return aiohttp_client
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
