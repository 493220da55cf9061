"""Delivery reports in-process: straight into an ASGI app, a WSGI app or a callable.

`WwtMock(deliver_to=app)` uses it: when time advances or a status is forced, each report
due is handed to `app` at once, with no socket (httpx's ASGI and WSGI transports), retried
up to the policy's `max_attempts` without waiting (the test's time is not spent on
backoff), every attempt journaled in `core.deliveries`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, Final

import httpx

from wwt_sms_mock._core.callbacks import DeliveryPolicy
from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._core.dlr import DLR_HEADERS, DlrDue

__all__ = ["KINDS", "InProcessDelivery", "receiver_kind", "undeliverable"]

KINDS: Final = ("asgi", "wsgi", "callable")

Send = Callable[[DlrDue], int]


def receiver_kind(app: object) -> str:
    """`asgi` (an async callable of scope, receive, send), `wsgi` (a callable of environ
    and start_response), or `callable` (called with the body bytes and the headers)."""
    call = getattr(app, "__call__", None)  # noqa: B004 - the method, to see if it is async
    if inspect.iscoroutinefunction(app) or inspect.iscoroutinefunction(call):
        return "asgi"
    if hasattr(app, "wsgi_app"):  # Flask, and other apps built on werkzeug
        return "wsgi"
    try:
        names = list(inspect.signature(app).parameters)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        names = []
    if names[:2] == ["environ", "start_response"]:
        return "wsgi"
    if names[:3] == ["scope", "receive", "send"]:
        return "asgi"
    return "callable"


class InProcessDelivery:
    """Hands `core`'s due reports to `app` (see `receiver_kind`) when the core says so."""

    def __init__(self, core: MockCore, app: object, policy: DeliveryPolicy | None = None) -> None:
        if not callable(app):
            raise TypeError(f"deliver_to must be an ASGI or WSGI app or a callable, got {app!r}")
        self.core = core
        self.policy = policy or DeliveryPolicy()
        self.kind = receiver_kind(app)
        self._send: Send = {
            "asgi": self._asgi,
            "wsgi": self._wsgi,
            "callable": self._callable,
        }[self.kind]
        self._app: Any = app
        self._busy = False

    def deliver_due(self) -> None:
        """Deliver every report due now (a receiver that moves the mock's time meanwhile
        has its reports delivered after the current ones, not inside them)."""
        if self._busy:
            return
        self._busy = True
        try:
            while True:
                due = self.core.due_deliveries()
                if not due:
                    return
                for report in due:
                    self._deliver(report)
        finally:
            self._busy = False

    def _deliver(self, due: DlrDue) -> None:
        for attempt in range(1, self.policy.max_attempts + 1):
            status: int | None
            try:
                status = self._send(due)
                error = None if 200 <= status < 300 else f"the receiver answered {status}"
            except Exception as exc:  # the app's own failure: journaled, tried again
                status, error = None, f"{type(exc).__name__}: {str(exc)[:200] or 'no detail'}"
            outcome = self.policy.outcome(attempt, status)
            self.core.note_delivery(
                due, outcome, attempt=attempt, response_status=status, error=error
            )
            if outcome != "retrying":
                return

    def _callable(self, due: DlrDue) -> int:
        answer = self._app(due.body, dict(DLR_HEADERS))
        return answer if isinstance(answer, int) and not isinstance(answer, bool) else 200

    def _wsgi(self, due: DlrDue) -> int:
        with httpx.Client(transport=httpx.WSGITransport(app=self._app)) as client:
            return client.post(due.url, content=due.body, headers=DLR_HEADERS).status_code

    def _asgi(self, due: DlrDue) -> int:
        import asyncio  # here: a mock that never delivers to an ASGI app need not load it
        import concurrent.futures

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self._asgi_post(due))
        # Called from async code: the app runs on a loop of its own in a helper thread.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, self._asgi_post(due)).result()

    async def _asgi_post(self, due: DlrDue) -> int:
        import asyncio

        transport = httpx.ASGITransport(app=self._app)
        async with asyncio.timeout(self.policy.timeout):
            async with httpx.AsyncClient(transport=transport) as client:
                response = await client.post(due.url, content=due.body, headers=DLR_HEADERS)
                return response.status_code


def undeliverable(core: MockCore) -> Callable[[], None]:
    """For a mock with no receiver: each report due is journaled as never sent."""

    def note() -> None:
        for due in core.due_deliveries():
            core.note_delivery(
                due,
                "undeliverable",
                error="no receiver: WwtMock(deliver_to=app) delivers reports in-process",
            )

    return note
