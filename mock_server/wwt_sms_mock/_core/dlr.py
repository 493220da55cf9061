"""Delivery reports due: which message changed status, when, and the body to POST.

`DlrSchedule` watches every message with a `callback_url` (the store tells it of each one
added or replaced) and, asked at virtual time `now`, returns the reports due since it was
last asked, in the order the statuses changed, each a `DlrDue` value. Delivery faults
(`DeliveryRule`) act here too: a report dropped, sent twice, held back behind the next
one, or delayed. Sending is the faces' work.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Final

from .callbacks import DeliveryJournal
from .checks import seconds, text, whole
from .rules import take_first
from .store import Message

__all__ = ["DELIVERY_FAULTS", "DLR_HEADERS", "MAX_DUE", "DeliveryRule", "DlrDue", "DlrSchedule"]

DLR_HEADERS: Final = {"content-type": "application/json", "user-agent": "wwt-sms-mock"}
"""The headers each delivery report goes with, over HTTP or in-process."""

DELIVERY_FAULTS: Final = ("duplicate", "out_of_order", "delay", "drop")
"""duplicate: the report goes twice. out_of_order: it is held back and goes right after the
message's next report (at once if no later change is scheduled). delay: it goes `delay`
virtual seconds late. drop: it never goes (the journal says so)."""
MAX_DUE: Final = 10_000
"""Status changes looked at per call to `due`: the rest wait for the next call."""
MAX_FAULT_DELAY: Final = 86_400.0
MAX_HELD: Final = 10_000
"""Reports the delay and out_of_order faults may hold back at once (more: undeliverable)."""

Render = Callable[[Message, float], bytes]


@dataclass(frozen=True, slots=True)
class DlrDue:
    """A report to send: message `message_id` took `status` at virtual time `at`."""

    message_id: int
    status: str
    url: str
    body: bytes  # the status answer for the message at `at`, in the wire style then active
    at: float
    order: int = 0  # position among every report the schedule produced


@dataclass(slots=True)
class DeliveryRule:
    """A delivery fault for the next `times` reports matching `message_id` and `status`
    (None: any); `times=None`: until cleared."""

    fault: str
    delay: float | None = None
    times: int | None = 1
    message_id: int | None = None
    status: str | None = None

    @classmethod
    def build(
        cls,
        fault: Any,
        *,
        delay: Any = None,
        times: Any = 1,
        id: Any = None,
        status: Any = None,
    ) -> DeliveryRule:
        """A rule from loosely typed values (Python or JSON); ValueError names the field."""
        name = text(fault, "fault", longest=20).replace("-", "_")
        if name not in DELIVERY_FAULTS:
            raise ValueError(f"fault must be one of {DELIVERY_FAULTS}, got {fault!r}")
        if (name == "delay") != (delay is not None):
            raise ValueError("delay (seconds) goes with the delay fault, and only with it")
        return cls(
            fault=name,
            delay=None if delay is None else seconds(delay, "delay", low=0, high=MAX_FAULT_DELAY),
            times=None if times is None else whole(times, "times", low=1, high=10**9),
            message_id=None if id is None else whole(id, "id", low=1, high=2**63 - 1),
            status=None if status is None else text(status, "status", longest=255, shortest=1),
        )

    def matches(self, due: DlrDue) -> bool:
        return (self.message_id is None or self.message_id == due.message_id) and (
            self.status is None or self.status == due.status
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fault": self.fault, "times": self.times}
        if self.delay is not None:
            out["delay"] = self.delay
        if self.message_id is not None:
            out["id"] = str(self.message_id)
        if self.status is not None:
            out["status"] = self.status
        return out


@dataclass(slots=True)
class _Watch:
    message: Message
    seen: float  # virtual time up to which its changes were reported
    last: str  # the status last reported (or the one it had when first watched)
    replaced: bool = False


@dataclass(slots=True)
class _Held:
    delayed: list[tuple[float, int, DlrDue]] = field(default_factory=list)  # a heap
    # out_of_order: by message id, the reports that go right after its next one
    behind: dict[int, list[DlrDue]] = field(default_factory=dict)


class DlrSchedule:
    """The reports due for the messages with a callback URL, and the delivery fault rules."""

    def __init__(
        self,
        now: Callable[[], float],
        current: Callable[[int], Message | None],
        render: Render,
        journal: DeliveryJournal,
    ) -> None:
        self._now = now
        self._current = current  # the message on record under an id (a removed one: None)
        self._render = render
        self._journal = journal
        self._watches: dict[int, _Watch] = {}
        self._replaced: set[int] = set()
        self._changes: list[tuple[float, int]] = []  # (virtual time, message id), a heap
        self._rules: list[DeliveryRule] = []
        self._held = _Held()
        self._order = itertools.count()
        self._lock = threading.RLock()

    # --- what the store and the core tell it -------------------------------------------------

    def watch(self, message: Message) -> bool:
        """A message added or replaced: follow it from now on (if it has a callback URL).
        True if a report may be due now."""
        with self._lock:
            now = self._now()
            old = self._watches.get(message.id)
            if old is not None:
                old.message, old.replaced = message, True
                self._replaced.add(message.id)
                self._push(message, old.seen)
                return True
            if message.callback_url is not None:
                self._watches[message.id] = _Watch(message, now, message.status_at(now))
                self._push(message, now)
            return False

    def _push(self, message: Message, after: float) -> None:
        upcoming = next((at for at, _ in message.transitions if at > after), None)
        if upcoming is not None:
            heapq.heappush(self._changes, (upcoming, message.id))
        if len(self._changes) > 2 * len(self._watches) + 1024:
            self._compact()

    def _compact(self) -> None:
        """One entry per watched message still on record: replacing a message again and
        again leaves stale entries behind, and the heap stays bounded by the watches."""
        for message_id in [
            i for i, w in self._watches.items() if self._current(i) is not w.message
        ]:
            del self._watches[message_id]
        self._changes = [
            (at, message_id)
            for message_id, watch in self._watches.items()
            for at in [next((t for t, _ in watch.message.transitions if t > watch.seen), None)]
            if at is not None
        ]
        heapq.heapify(self._changes)

    def clear(self) -> None:
        """Forget every watched message, held report and rule."""
        with self._lock:
            self._watches.clear()
            self._replaced.clear()
            self._changes.clear()
            self._rules.clear()
            self._held = _Held()

    @property
    def held(self) -> int:
        """Reports held back by a delay or out_of_order fault, not yet due."""
        return len(self._held.delayed) + sum(map(len, self._held.behind.values()))

    # --- delivery fault rules -----------------------------------------------------------------

    def add_rule(self, rule: DeliveryRule) -> DeliveryRule:
        with self._lock:
            self._rules.append(rule)
        return rule

    @property
    def rules(self) -> list[DeliveryRule]:
        with self._lock:
            return list(self._rules)

    def clear_rules(self) -> None:
        with self._lock:
            self._rules.clear()

    # --- the reports due ----------------------------------------------------------------------

    def due(self) -> list[DlrDue]:
        """The reports due since the last call, in the order their statuses changed (held
        reports released where their fault puts them)."""
        with self._lock:
            now = self._now()
            changed = self._changed(now)
            out: list[DlrDue] = []
            while self._held.delayed and self._held.delayed[0][0] <= now:
                out += self._with_held([heapq.heappop(self._held.delayed)[2]])
            for due in sorted(changed, key=lambda d: (d.at, d.order)):
                out.extend(self._apply_rules(due, now))
            return out

    def _changed(self, now: float) -> list[DlrDue]:
        ids: dict[int, None] = {}
        while self._changes and self._changes[0][0] <= now and len(ids) < MAX_DUE:
            ids[heapq.heappop(self._changes)[1]] = None
        ids.update(dict.fromkeys(self._replaced))
        self._replaced.clear()
        found: list[DlrDue] = []
        for message_id in ids:
            found.extend(self._steps(message_id, now))
        return found

    def _steps(self, message_id: int, now: float) -> Iterable[DlrDue]:
        watch = self._watches.get(message_id)
        if watch is None:
            return []
        message = watch.message
        if message.callback_url is None or self._current(message_id) is not message:
            del self._watches[message_id]  # no callback URL any more, or removed
            return []
        # A replaced message may have a step at the very moment it was last looked at (a
        # status forced then): the check against the last status keeps each change once.
        seen, again = watch.seen, watch.replaced
        steps = [
            (at, s)
            for at, s in message.transitions
            if (seen < at or (again and at == seen)) and at <= now
        ]
        if watch.replaced and message.status_at(now) != (steps[-1][1] if steps else watch.last):
            steps.append((now, message.status_at(now)))  # replaced with another status
        found = []
        for at, status in steps:
            if status != watch.last:
                body = self._render(message, at)
                found.append(
                    DlrDue(message_id, status, message.callback_url, body, at, next(self._order))
                )
                watch.last = status
        watch.seen, watch.replaced = max(watch.seen, now), False
        self._push(message, watch.seen)
        return found

    def _apply_rules(self, due: DlrDue, now: float) -> list[DlrDue]:
        rule = take_first(self._rules, lambda rule: rule.matches(due))
        fault = None if rule is None else rule.fault
        if fault in ("delay", "out_of_order") and self.held >= MAX_HELD:
            self._note(due, now, "undeliverable", f"more than {MAX_HELD} reports held back")
            return []
        if rule is not None and fault == "delay":
            ready = due.at + (rule.delay or 0.0)
            heapq.heappush(self._held.delayed, (ready, due.order, due))
            return []
        if fault == "drop":
            self._note(due, now, "dropped", "dropped by a delivery fault rule")
            return []
        if fault == "out_of_order" and self._changes_after(due):
            self._held.behind.setdefault(due.message_id, []).append(due)
            return []
        out = [due, replace(due, order=next(self._order))] if fault == "duplicate" else [due]
        return self._with_held(out)

    def _note(self, due: DlrDue, now: float, outcome: str, error: str) -> None:
        self._journal.record(
            due.message_id, due.status, due.url, attempt=0, outcome=outcome, at=now, error=error
        )

    def _changes_after(self, due: DlrDue) -> bool:
        """Whether the message has a later status change coming (to hold a report behind)."""
        watch = self._watches.get(due.message_id)
        return watch is not None and any(at > due.at for at, _ in watch.message.transitions)

    def _with_held(self, out: list[DlrDue]) -> list[DlrDue]:
        """`out`, each report followed by those held back behind its message's next one."""
        return [d for due in out for d in (due, *self._held.behind.pop(due.message_id, ()))]
