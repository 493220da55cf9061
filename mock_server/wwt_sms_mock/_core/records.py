"""The records as the spec's operations find them: one lookup per operation, demo seeding."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from wwt_sms_mock._contract.spec import OperationSpec, Spec

from .checks import MAX_SECONDS
from .demo import demo_records
from .fixtures import RecordedTask
from .mass_status import record_view, unique
from .store import Clock, Message, Store, Task
from .styles import CANONICAL, WireStyle, dumps, render

__all__ = ["Found", "Records"]

Found = tuple[Hashable, Callable[[WireStyle], Any]]
"""A record found: a key that changes whenever its rendering would, and how to render it."""

Lookup = Callable[[Mapping[str, object]], Found | None]


class Records:
    """The store and the clock behind the spec's operations."""

    def __init__(self, spec: Spec, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._spec = spec
        self._no_error = spec.errors[0].description
        self.operations = spec.operations
        self._lookups = {
            op.operation_id: self._lookup(op) for op in spec.operations if op.body_schema is None
        }

    def seed(self, seed: int) -> None:
        """Add the demo records (the README's, plus a few generated from `seed`)."""
        messages, tasks = demo_records(seed, self._spec.statuses)
        for message in messages:
            try:
                self.store.add_message(message)
            except ValueError:
                continue  # a generated extra collided with a demo record: skip it
        for task in tasks:
            self.store.add_task(task)

    def contract_error(self, record: Message | Task) -> str | None:
        """Why the contract would not allow `record` as the mock would send it, or None.

        A message is checked as it reads once every event has happened; a campaign with
        the counters its messages give it now.
        """
        if isinstance(record, Message):
            resource, view = "Sms", record.view(MAX_SECONDS)
        else:
            resource, view = "Task", self.task_view(record, self.clock.now())
        kinds = self._spec.property_kinds[resource]
        body = render(resource, kinds, view, CANONICAL, self._no_error)
        validator = self._spec.validator(self._spec.component_pointer(resource))
        errors = sorted(validator.iter_errors(json.loads(dumps(body))), key=str)
        if not errors:
            return None
        where = "/".join(str(part) for part in errors[0].absolute_path) or resource
        message = errors[0].message
        return f"{where}: {message if len(message) <= 200 else message[:200] + '...'}"

    def find(self, operation: OperationSpec, values: Mapping[str, object]) -> Found | None:
        return self._lookups[operation.operation_id](values)

    def statuses(self, ids: Iterable[int]) -> Found:
        """The mass-status answer for `ids`: one item per message on record, each once, in
        the order first asked; IDs with no message are left out."""
        messages, now = self.store.messages, self.clock.now()
        found = [messages[id] for id in unique(ids) if id in messages]
        kinds = self._spec.property_kinds["SmsStatusRecord"]
        return (
            ("SmsStatusList", tuple((m.id, m.phase(now)) for m in found)),
            lambda style: {
                "result": [
                    render("SmsStatusRecord", kinds, record_view(m, now), style, "") for m in found
                ]
            },
        )

    def _lookup(self, operation: OperationSpec) -> Lookup:
        """How an operation finds its record: by the resource the spec says it returns, and by
        the field its parameter names (a parameter that is not a field is the primary key)."""
        if len(operation.params) != 1:
            raise ValueError(f"{operation.operation_id}: the mock serves one-parameter lookups")
        param = operation.params[0].name
        kinds = self._spec.property_kinds.get(operation.resource, {})
        if operation.resource == "Sms":
            by_reference = param == "reference" and param in kinds
            return self._message_lookup(param, kinds, by_reference=by_reference)
        if operation.resource == "Task":
            return self._task_lookup(param, kinds)
        raise ValueError(f"{operation.operation_id}: no store for resource {operation.resource!r}")

    def _message_lookup(
        self, param: str, kinds: Mapping[str, str], *, by_reference: bool
    ) -> Lookup:
        store, clock, no_error = self.store, self.clock, self._no_error

        def find_message(values: Mapping[str, object]) -> Found | None:
            index: Mapping[Any, Any] = store.references if by_reference else store.messages
            message = index.get(values[param])
            if message is None:
                return None
            now = clock.now()
            return (
                ("Sms", message.id, message.phase(now)),
                lambda style: render("Sms", kinds, message.view(now), style, no_error),
            )

        return find_message

    def _task_lookup(self, param: str, kinds: Mapping[str, str]) -> Lookup:
        store, clock, no_error = self.store, self.clock, self._no_error

        def find_task(values: Mapping[str, object]) -> Found | None:
            task = store.tasks.get(values[param])  # type: ignore[call-overload]
            if task is None:
                return None
            now = clock.now()
            return (
                ("Task", task.task_id, store.task_phase(task, now)),
                lambda style: render("Task", kinds, self.task_view(task, now), style, no_error),
            )

        return find_task

    def task_view(self, task: Task, now: float) -> dict[str, Any]:
        """A campaign's fields at `now`: its counters and total price follow its messages
        (a recorded campaign's are as recorded)."""
        if isinstance(task, RecordedTask):
            return task.view()
        messages = list(self.store.task_messages(task))
        statuses = [m.status_at(now) for m in messages]
        view: dict[str, Any] = {
            "originator": task.originator,
            "body": task.body,
            "validity": task.validity,
            "currency": task.currency,
            "totalprice": sum((m.price for m in messages), Decimal(0)),
            "total": len(messages),
            # "sent" counts every message that reached the operator, delivered or not
            # (the vendor's example: sent 2 = delivered 1 + undeliverable 1).
            "sent": sum(1 for m in messages if m.time_sent is not None and m.time_sent <= now),
        }
        for name, kind in self._spec.property_kinds["Task"].items():
            if kind == "int" and name not in view:
                view[name] = statuses.count(name)  # counters named after statuses
        return view
