"""The API's resources, one module each, with their sync, async and raw-response classes.

Reached through a client (`client.sms`, `client.tasks`, `client.with_raw_response.sms`); the
classes are named here for type annotations.
"""

from .sms import (
    AsyncSmsResource,
    AsyncSmsResourceWithRawResponse,
    SmsResource,
    SmsResourceWithRawResponse,
)
from .tasks import (
    AsyncTasksResource,
    AsyncTasksResourceWithRawResponse,
    TasksResource,
    TasksResourceWithRawResponse,
)

__all__ = [
    "AsyncSmsResource",
    "AsyncSmsResourceWithRawResponse",
    "AsyncTasksResource",
    "AsyncTasksResourceWithRawResponse",
    "SmsResource",
    "SmsResourceWithRawResponse",
    "TasksResource",
    "TasksResourceWithRawResponse",
]
