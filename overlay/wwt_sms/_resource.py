"""What a resource (`client.sms`, `client.tasks`) may ask of its client, and nothing more.

A resource turns its arguments into a `Call` (see `_requests`) and hands it to its client:
`_request` makes the call; `_plan`, `_wait_plan` and `_run` let a resource compose a plan of its
own (batches, polling) and run it with the client's driver. This base is the one place that
knows how a client carries a call out, so the resource modules never reach into a client.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ._base_client import BaseClient
    from ._client import AsyncClient, Client
    from ._models import Sms
    from ._requests import Call
    from ._retries import Plan
    from ._types import NotGiven, TimeoutTypes

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="BaseClient[Any]")


class _APIResource(Generic[ClientT]):
    """What both kinds of resource ask of their client: plans, which sync and async share."""

    _client: ClientT

    def __init__(self, client: ClientT) -> None:
        self._client = client

    def _plan(self, call: Call[T], timeout: TimeoutTypes | NotGiven) -> Plan[T]:
        """The plan of `call`, to compose into a larger one."""
        return self._client._plan(call, timeout)

    def _wait_plan(
        self,
        call: Call[Sms],
        sms_id: int,
        timeout: float,
        poll_interval: float,
        request_timeout: TimeoutTypes | NotGiven,
    ) -> Plan[Sms]:
        """The plan that polls `call` until the message's status is final."""
        return self._client._wait_plan(call, sms_id, timeout, poll_interval, request_timeout)


class SyncAPIResource(_APIResource["Client"]):
    """The base of a `Client`'s resources."""

    def __init__(self, client: Client) -> None:
        super().__init__(client)

    def _request(self, call: Call[T], timeout: TimeoutTypes | NotGiven) -> T:
        """Make `call` (the model, or the `RawResponse` under `with_raw_response`)."""
        return self._client._run(self._plan(call, timeout))

    def _run(self, plan: Plan[T]) -> T:
        """Carry `plan` out with the client's connection pool, clock and limits."""
        return self._client._run(plan)


class AsyncAPIResource(_APIResource["AsyncClient"]):
    """The base of an `AsyncClient`'s resources: as `SyncAPIResource`, awaited."""

    def __init__(self, client: AsyncClient) -> None:
        super().__init__(client)

    def _request(self, call: Call[T], timeout: TimeoutTypes | NotGiven) -> Awaitable[T]:
        """Make `call` (the model, or the `RawResponse` under `with_raw_response`)."""
        return self._client._request(call, timeout)

    def _run(self, plan: Plan[T]) -> Awaitable[T]:
        """Carry `plan` out with the client's connection pool, clock and limits."""
        return self._client._run(plan)
