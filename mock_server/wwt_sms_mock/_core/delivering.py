"""The core's delivery report controls, mixed into `MockCore`.

The schedule (`dlr.py`) says which reports are due; a face sends them. It sets
`on_deliveries_due`, which the core calls whenever some may be due (time moved, a status
was forced, a message was replaced), takes them with `due_deliveries()`, and records each
attempt in `deliveries`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from .callbacks import CallbackHosts, DeliveryJournal
from .checks import text
from .dlr import DeliveryRule, DlrDue, DlrSchedule
from .store import Clock, Message, Store
from .styles import WireStyle, dumps, render

if TYPE_CHECKING:
    from wwt_sms_mock._contract.spec import Spec

__all__ = ["DeliveryReports"]


class DeliveryReports:
    """Delivery reports (DLRs): messages with a `callback_url` report each status change."""

    # What the mixin needs of `MockCore`.
    spec: Spec
    clock: Clock
    store: Store
    _style: WireStyle

    deliveries: DeliveryJournal
    """Every delivery attempt (and every report dropped or never sent), oldest first."""
    callback_hosts: CallbackHosts
    """The host guard: where callback URLs may point (loopback only by default)."""
    on_deliveries_due: Callable[[], None] | None

    def _start_deliveries(self, journal_size: int) -> None:
        self.deliveries = DeliveryJournal(journal_size)
        self.callback_hosts = CallbackHosts()
        self.on_deliveries_due = None
        self._dlr = DlrSchedule(
            self.clock.now, self.store.messages.get, self._dlr_body, self.deliveries
        )
        self.store.on_message = self._watch

    def force_status(self, message_id: int, status: str) -> Message:
        """Message `message_id` takes `status` now and keeps it (later steps dropped); a
        final status sets `time_dr` if it had not come. Its delivery report falls due."""
        message = self.store.messages[message_id]
        status, now = text(status, "status", longest=255, shortest=1), self.clock.now()
        fields = {f.name: getattr(message, f.name) for f in dataclasses.fields(Message) if f.init}
        fields["transitions"] = (*(s for s in message.transitions if s[0] <= now), (now, status))
        if self.spec.statuses.get(status) and (message.time_dr is None or message.time_dr > now):
            fields["time_dr"] = now
        return self.store.add_message(Message(**fields), replace=True)

    def _guarded(self, message: Message) -> Message:
        if message.callback_url is not None:
            self.callback_hosts.check(message.callback_url)
        return message

    # --- delivery reports ---------------------------------------------------------------------

    def due_deliveries(self) -> list[DlrDue]:
        """The delivery reports due since the last call, in the order statuses changed."""
        return self._dlr.due()

    def note_delivery(
        self,
        due: DlrDue,
        outcome: str,
        *,
        attempt: int = 0,
        response_status: int | None = None,
        error: str | None = None,
    ) -> None:
        """Journal one attempt at `due` (attempt 0: it was never sent), at the virtual now."""
        self.deliveries.record(
            due.message_id,
            due.status,
            due.url,
            attempt=attempt,
            outcome=outcome,
            at=self.clock.now(),
            response_status=response_status,
            error=error,
        )

    def delivery_fault(
        self,
        fault: str,
        *,
        delay: float | None = None,
        times: int | None = 1,
        id: int | None = None,
        status: str | None = None,
    ) -> DeliveryRule:
        """A delivery fault (one of DELIVERY_FAULTS) for the next `times` reports (None:
        until cleared), limited to message `id` and to `status` if given."""
        rule = DeliveryRule.build(fault, delay=delay, times=times, id=id, status=status)
        return self._dlr.add_rule(rule)

    @property
    def delivery_rules(self) -> list[DeliveryRule]:
        return self._dlr.rules

    def clear_delivery_rules(self) -> None:
        self._dlr.clear_rules()

    @property
    def deliveries_held(self) -> int:
        """Reports a delay or out_of_order fault holds back."""
        return self._dlr.held

    def _watch(self, message: Message) -> None:
        if self._dlr.watch(message):
            self._deliveries_due()

    def _deliveries_due(self) -> None:
        if self.on_deliveries_due is not None:
            self.on_deliveries_due()

    def _dlr_body(self, message: Message, at: float) -> bytes:
        """The status answer for `message` as it stood at `at`: the report's body."""
        kinds = self.spec.property_kinds["Sms"]
        no_error = self.spec.errors[0].description
        return dumps(render("Sms", kinds, message.view(at), self._style, no_error))

    def _clear_deliveries(self) -> None:
        """Back to no watched message, held report, delivery rule or journal entry."""
        self._dlr.clear()
        self.deliveries.clear()
