"""`client.tasks`: bulk campaigns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wwt_sms import _requests
from wwt_sms._raw import async_to_raw_response_wrapper, to_raw_response_wrapper
from wwt_sms._resource import AsyncAPIResource, SyncAPIResource
from wwt_sms._types import NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from wwt_sms._models import Task


class TasksResource(SyncAPIResource):
    """`client.tasks`: bulk campaigns."""

    def get(self, task_id: int, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> Task:
        """The campaign with this task ID."""
        return self._request(_requests.task_by_id(task_id), timeout)


class AsyncTasksResource(AsyncAPIResource):
    """`aclient.tasks`: bulk campaigns."""

    async def get(self, task_id: int, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> Task:
        """The campaign with this task ID."""
        return await self._request(_requests.task_by_id(task_id), timeout)


class TasksResourceWithRawResponse:
    """`client.with_raw_response.tasks`: the same lookup, returning `RawResponse`."""

    def __init__(self, tasks: TasksResource):
        self.get = to_raw_response_wrapper(tasks.get)


class AsyncTasksResourceWithRawResponse:
    """`aclient.with_raw_response.tasks`: the same lookup, returning `RawResponse`."""

    def __init__(self, tasks: AsyncTasksResource):
        self.get = async_to_raw_response_wrapper(tasks.get)
