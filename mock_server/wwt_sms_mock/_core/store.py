"""Messages and campaigns in memory, moving through their statuses on a virtual clock."""

from __future__ import annotations

import dataclasses
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from .callbacks import callback_url
from .checks import MAX_SECONDS, amount, seconds, text, whole

__all__ = ["EPOCH", "Clock", "Message", "RecordExists", "Store", "Task", "as_datetime"]

EPOCH: Final = datetime(2017, 1, 17, 9, 15, 0, tzinfo=UTC)
"""The wall time that virtual second 0 stands for (close to the spec's example datetimes)."""

_LARGEST_ID: Final = 2**63 - 1
_LONGEST_TEXT: Final = 255


class Clock:
    """Virtual seconds since EPOCH: moved by `advance`, and by the wall clock if `realtime`."""

    __slots__ = ("_offset", "_realtime", "_started")

    def __init__(self, *, realtime: bool = False) -> None:
        self._offset = 0.0
        self._realtime = realtime
        self._started = time.monotonic()

    def now(self) -> float:
        if self._realtime:
            return self._offset + (time.monotonic() - self._started)
        return self._offset

    def advance(self, seconds: float) -> float:
        if not 0 <= seconds <= MAX_SECONDS - self._offset:  # NaN fails too
            if seconds < 0:
                raise ValueError("virtual time only moves forward")
            raise ValueError(
                f"cannot advance by {seconds!r} seconds: virtual time stays finite and "
                f"within {MAX_SECONDS:g} seconds of the start"
            )
        self._offset += seconds
        return self.now()

    def reset(self) -> None:
        self._offset = 0.0
        self._started = time.monotonic()

    # The SDK's `wwt_sms.Clock` protocol, by shape (the mock does not import the SDK):
    # `wwt_sms.Client(..., clock=mock.clock)` makes retries, Retry-After and `wait_for_final`
    # wait in the mock's virtual time, so a test that waits for delivery does not sleep.

    def time(self) -> float:
        """Seconds since the Unix epoch for the virtual now."""
        return EPOCH.timestamp() + self.now()

    def monotonic(self) -> float:
        return self.now()

    def sleep(self, seconds: float) -> None:
        if self._realtime:
            time.sleep(seconds)
        else:
            self.advance(max(seconds, 0.0))

    async def asleep(self, seconds: float) -> None:
        if self._realtime:
            import asyncio

            await asyncio.sleep(seconds)
        else:
            self.advance(max(seconds, 0.0))


def as_datetime(seconds: float) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


class RecordExists(ValueError):
    """Adding a record whose id is taken: `kind` is "message" or "task" (replace it instead)."""

    def __init__(self, kind: str, ident: int, how: str) -> None:
        super().__init__(f"{kind} {ident} exists; {how}")
        self.kind = kind
        self.ident = ident


def _known_fields(cls: type[Message | Task], data: Mapping[str, Any], kind: str) -> None:
    """ValueError naming the fields of `data` that `cls` does not have, and the ones it has."""
    accepted = [f.name for f in dataclasses.fields(cls) if f.init]
    unknown = sorted(str(name)[:100] for name in data if name not in accepted)
    if unknown:
        raise ValueError(f"unknown field(s) {unknown[:10]} for a {kind}; its fields: {accepted}")


def _step(step: Any) -> tuple[float, str]:
    """One `(at, status)` transition, from a pair (a JSON list of two)."""
    if not isinstance(step, (list, tuple)) or len(step) != 2:
        raise ValueError(f"a transition is a pair [seconds, status], got {type(step).__name__}")
    at, status = step
    return seconds(at, "transition time"), text(status, "transition status", longest=255)


@dataclass(frozen=True, slots=True)
class Message:
    """One SMS. Times are virtual seconds (0 = the mock's start; negative = before it).

    `status` holds from `time_in`; `transitions` are later `(at, status)` steps. `time_sent`
    and `time_dr` read `null` until the clock reaches them.
    """

    id: int
    msisdn: str = "380972000001"
    reference: str | None = None
    status: str = "delivered"
    price: Decimal = Decimal("0.23")
    currency: str = "EUR"
    time_in: float = 0.0
    time_sent: float | None = None
    time_dr: float | None = None
    transitions: tuple[tuple[float, str], ...] = ()
    callback_url: str | None = None  # where its delivery reports go (see `_core/dlr.py`)
    _events: tuple[float, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.id, bool) or not isinstance(self.id, int) or self.id < 1:
            raise ValueError(f"message id must be a positive integer, got {self.id!r}")
        whole(self.id, "message id", low=1, high=_LARGEST_ID)
        digits = str(self.msisdn) if isinstance(self.msisdn, (str, int)) else ""
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 32):
            raise ValueError(f"msisdn must be 1 to 32 digits, got {self.msisdn!r}")
        object.__setattr__(self, "msisdn", digits)
        if self.reference is not None:
            text(self.reference, "reference", longest=_LONGEST_TEXT)
        if self.callback_url is not None:
            object.__setattr__(self, "callback_url", callback_url(self.callback_url))
        text(self.status, "status", longest=_LONGEST_TEXT)
        text(self.currency, "currency", longest=_LONGEST_TEXT)
        object.__setattr__(self, "price", amount(self.price, "price"))
        for name in ("time_in", "time_sent", "time_dr"):
            value = getattr(self, name)
            if value is not None or name == "time_in":
                object.__setattr__(self, name, seconds(value, name))
        steps = tuple(_step(step) for step in self.transitions)
        if list(steps) != sorted(steps, key=lambda s: s[0]):
            raise ValueError("transitions must be in time order")
        object.__setattr__(self, "transitions", steps)
        events = [at for at, _ in steps]
        events += [t for t in (self.time_sent, self.time_dr) if t is not None]
        object.__setattr__(self, "_events", tuple(sorted(events)))

    def phase(self, now: float) -> int:
        """How many of the message's events have happened: equal phases render the same."""
        return bisect_right(self._events, now)

    def status_at(self, now: float) -> str:
        status = self.status
        for at, later in self.transitions:
            if at > now:
                break
            status = later
        return status

    def view(self, now: float) -> dict[str, Any]:
        """The message's fields as they stand at `now` (times as virtual seconds or None)."""
        return {
            "id": self.id,
            "msisdn": self.msisdn,
            "reference": self.reference,
            "time_in": self.time_in,
            "time_sent": self.time_sent
            if self.time_sent is not None and self.time_sent <= now
            else None,
            "time_dr": self.time_dr if self.time_dr is not None and self.time_dr <= now else None,
            "status": self.status_at(now),
            "price": self.price,
            "currency": self.currency,
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Message:
        """Build from JSON-ish data (the HTTP control API): ids and times may be strings."""
        _known_fields(cls, data, "message")
        fields = dict(data)
        if "id" not in fields:
            raise ValueError("a message needs an id")
        fields["id"] = whole(fields["id"], "id", low=1, high=_LARGEST_ID)
        if "transitions" in fields:
            if not isinstance(fields["transitions"], (list, tuple)):
                raise ValueError("transitions must be a list of [seconds, status] pairs")
            fields["transitions"] = tuple(fields["transitions"])
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class Task:
    """A bulk campaign: its counters and total price follow its messages."""

    task_id: int
    message_ids: tuple[int, ...] = ()
    originator: str = "alpha_name"
    body: str = "test sms"
    validity: int = 72
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if isinstance(self.task_id, bool) or not isinstance(self.task_id, int) or self.task_id < 1:
            raise ValueError(f"task id must be a positive integer, got {self.task_id!r}")
        whole(self.task_id, "task id", low=1, high=_LARGEST_ID)
        if not isinstance(self.message_ids, (list, tuple)) or len(self.message_ids) > 10_000:
            raise ValueError("message_ids must be a list of at most 10000 message ids")
        ids = tuple(whole(i, "message id", low=1, high=_LARGEST_ID) for i in self.message_ids)
        object.__setattr__(self, "message_ids", ids)
        text(self.originator, "originator", longest=_LONGEST_TEXT)
        text(self.body, "body", longest=_LONGEST_TEXT)
        text(self.currency, "currency", longest=_LONGEST_TEXT)
        object.__setattr__(self, "validity", whole(self.validity, "validity", low=0, high=10**6))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Task:
        _known_fields(cls, data, "campaign")
        fields = dict(data)
        if "task_id" not in fields:
            raise ValueError("a campaign needs a task_id")
        fields["task_id"] = whole(fields["task_id"], "task_id", low=1, high=_LARGEST_ID)
        return cls(**fields)


class Store:
    """Records by id and by reference. Every write bumps `version` (renders are cached on it)."""

    def __init__(self) -> None:
        self.messages: dict[int, Message] = {}
        self.references: dict[str, Message] = {}
        self.tasks: dict[int, Task] = {}
        self.version = 0
        self._lock = threading.Lock()
        # Told of every message added or replaced (the delivery reports' schedule watches).
        self.on_message: Callable[[Message], None] | None = None

    def add_message(self, message: Message, *, replace: bool = False) -> Message:
        with self._lock:
            old = self.messages.get(message.id)
            if old is not None and not replace:
                raise RecordExists("message", message.id, "use replace_message")
            holder = self.references.get(message.reference) if message.reference else None
            if holder is not None and holder.id != message.id:
                raise ValueError(f"reference {message.reference!r} belongs to {holder.id}")
            if old is not None and old.reference is not None:
                self.references.pop(old.reference, None)
            self.messages[message.id] = message
            if message.reference is not None:
                self.references[message.reference] = message
            self.version += 1
        if self.on_message is not None:
            self.on_message(message)
        return message

    def remove_message(self, message_id: int) -> None:
        with self._lock:
            old = self.messages.pop(message_id)
            if old.reference is not None:
                self.references.pop(old.reference, None)
            self.version += 1

    def add_task(self, task: Task, *, replace: bool = False) -> Task:
        with self._lock:
            if task.task_id in self.tasks and not replace:
                raise RecordExists("task", task.task_id, "use replace_task")
            self.tasks[task.task_id] = task
            self.version += 1
        return task

    def remove_task(self, task_id: int) -> None:
        with self._lock:
            del self.tasks[task_id]
            self.version += 1

    def load(self, messages: Iterable[Message], tasks: Iterable[Task]) -> None:
        """Add or replace records (recorded ones): a message's reference is taken from
        whichever other message held it."""
        for message in messages:
            holder = self.references.get(message.reference) if message.reference else None
            if holder is not None and holder.id != message.id:
                self.remove_message(holder.id)
            self.add_message(message, replace=True)
        for task in tasks:
            self.add_task(task, replace=True)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.references.clear()
            self.tasks.clear()
            self.version += 1

    def task_messages(self, task: Task) -> Iterator[Message]:
        for message_id in task.message_ids:
            found = self.messages.get(message_id)
            if found is not None:
                yield found

    def task_phase(self, task: Task, now: float) -> int:
        return sum(m.phase(now) for m in self.task_messages(task))
