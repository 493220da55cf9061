"""wwt-sms: a typed Python SDK for the WWT SMS status API.

```python
import wwt_sms

with wwt_sms.Client() as client:          # key from WWT_API_KEY
    sms = client.sms.get(211)
    if sms.status.is_delivered: ...
```

Everything public is listed in `__all__`; the modules starting with `_` are private.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._client import (
    AsyncClient,
    AsyncRawSmsResource,
    AsyncRawTasksResource,
    AsyncSmsResource,
    AsyncTasksResource,
    AsyncWithRawResponse,
    Client,
    RawResponse,
    RawSmsResource,
    RawTasksResource,
    SmsResource,
    TasksResource,
    WithRawResponse,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ClientValidationError,
    ConflictError,
    ExternalIdMissingError,
    IncorrectExternalIdError,
    IncorrectOriginatorError,
    IncorrectPhoneNumberError,
    IncorrectSmsDurationError,
    IncorrectTaskIdError,
    IncorrectTwoWaySenderError,
    InvalidApiKeyError,
    InvalidOtpError,
    InvalidQueryPayloadError,
    InvalidRequestError,
    InvalidSmsTextError,
    NotAllowedError,
    NotEnoughFundsError,
    NotFoundError,
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
    WaitTimeoutError,
    WwtError,
)
from ._models import Result, Sms, SmsStatus, Task
from ._transport import Clock, SystemClock
from ._version import __version__

if TYPE_CHECKING:
    from wwt_sms_api.models.error_code import ErrorCode

    from ._aiohttp import aiohttp_client as aiohttp_client

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncClient",
    "AsyncRawSmsResource",
    "AsyncRawTasksResource",
    "AsyncSmsResource",
    "AsyncTasksResource",
    "AsyncWithRawResponse",
    "AuthenticationError",
    "Client",
    "ClientValidationError",
    "Clock",
    "ConflictError",
    "ErrorCode",
    "ExternalIdMissingError",
    "IncorrectExternalIdError",
    "IncorrectOriginatorError",
    "IncorrectPhoneNumberError",
    "IncorrectSmsDurationError",
    "IncorrectTaskIdError",
    "IncorrectTwoWaySenderError",
    "InvalidApiKeyError",
    "InvalidOtpError",
    "InvalidQueryPayloadError",
    "InvalidRequestError",
    "InvalidSmsTextError",
    "NotAllowedError",
    "NotEnoughFundsError",
    "NotFoundError",
    "PhoneAlreadyInListError",
    "RateLimitError",
    "RawResponse",
    "RawSmsResource",
    "RawTasksResource",
    "Result",
    "SenderNotAllowedError",
    "ServerError",
    "Sms",
    "SmsAlreadyPresentError",
    "SmsNotFoundError",
    "SmsResource",
    "SmsStatus",
    "SystemClock",
    "Task",
    "TaskNotFoundError",
    "TasksResource",
    "TwoWayNotActivatedError",
    "UnexpectedResponseError",
    "UnresolvedDirectionError",
    "WaitTimeoutError",
    "WithRawResponse",
    "WwtError",
    "__version__",
]
# Not in `__all__`: `wwt_sms.aiohttp_client` needs the optional aiohttp, and `import *` must not.


def __getattr__(name: str) -> Any:
    # `ErrorCode` is the generated IntEnum itself (one home for the code table: the spec). It is
    # loaded on first use because the generated package imports attrs, which would otherwise
    # add about a third to `import wwt_sms`.
    if name == "ErrorCode":
        from wwt_sms_api.models.error_code import ErrorCode

        return ErrorCode
    if name == "aiohttp_client":
        # Optional (the `aiohttp` extra): an aiohttp-backed `httpx.AsyncClient` for
        # `AsyncClient(http_client=...)`, faster than httpx's own async pool under concurrency.
        from ._aiohttp import aiohttp_client

        return aiohttp_client
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
