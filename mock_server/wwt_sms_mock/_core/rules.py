"""Rules: outcomes forced on matching requests, set from Python (`MockCore.force`) or HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Protocol, TypeVar

from wwt_sms_mock._contract.spec import INVALID, OperationSpec, Spec

from .checks import header_text, seconds, text, whole
from .styles import WireStyle

__all__ = ["FAULTS", "MAX_DELAY", "Rule", "RuleBook"]

FAULTS: Final = ("reset", "drop", "truncate", "malformed")
"""reset: TCP reset, no response. drop: connection closed, no response.
truncate: headers promise the whole body, half arrives, then the connection closes.
malformed: a complete response whose JSON body is cut short."""

MAX_DELAY: Final = 120.0  # seconds; a rule or a Prefer header must not park a worker forever


@dataclass(slots=True)
class Rule:
    """A forced outcome: for the next `times` matching requests (None: until cleared)."""

    status: int | None = None
    error: int | None = None
    example: str | None = None
    fault: str | None = None
    delay: float | None = None
    retry_after: str | None = None
    style: WireStyle | None = None
    times: int | None = None
    match: dict[str, object] = field(default_factory=dict)  # param name or "operation"

    def matches(self, operation: OperationSpec, values: Mapping[str, object]) -> bool:
        for name, wanted in self.match.items():
            got = operation.operation_id if name == "operation" else values.get(name)
            if got != wanted:
                return False
        return True

    def merged(self, over: Rule) -> Rule:
        """This rule with every field `over` sets taking its place (Prefer beats a rule)."""
        return Rule(
            status=over.status if over.status is not None else self.status,
            error=over.error if over.error is not None else self.error,
            example=over.example if over.example is not None else self.example,
            fault=over.fault if over.fault is not None else self.fault,
            delay=over.delay if over.delay is not None else self.delay,
            retry_after=over.retry_after if over.retry_after is not None else self.retry_after,
            style=over.style if over.style is not None else self.style,
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: getattr(self, k)
            for k in ("status", "error", "example", "fault", "delay", "retry_after", "times")
            if getattr(self, k) is not None
        }
        if self.style is not None:
            out["style"] = self.style.name
        if self.match:
            out["match"] = dict(self.match)
        return out


class RuleBook:
    """The rules in force, checked against the spec when added, taken in order when matched."""

    def __init__(self, spec: Spec) -> None:
        self._spec = spec
        self._operation_ids = frozenset(op.operation_id for op in spec.operations)
        self._checks = {p.name: p.check for route in spec.routes for p in route.params}
        self._rules: list[Rule] = []
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self._rules)

    def __iter__(self) -> Iterator[Rule]:
        with self._lock:
            return iter(list(self._rules))

    def build(
        self,
        *,
        status: Any = None,
        error: Any = None,
        example: Any = None,
        fault: Any = None,
        delay: Any = None,
        retry_after: Any = None,
        style: Any = None,
        times: Any = None,
        operation: Any = None,
        match: Mapping[str, object] | None = None,
    ) -> Rule:
        """A rule from loosely typed values (Python or JSON), each checked: ValueError or
        TypeError name the first field the spec or the mock cannot honour."""
        rule = Rule(
            status=None if status is None else whole(status, "status", low=100, high=599),
            error=None if error is None else whole(error, "error", low=1, high=999_999_999),
            example=None if example is None else text(example, "example", longest=100),
            fault=None if fault is None else text(fault, "fault", longest=20),
            delay=None if delay is None else seconds(delay, "delay", low=0, high=MAX_DELAY),
            retry_after=None if retry_after is None else header_text(retry_after, "retry_after"),
            style=None if style is None else _style(style),
            times=None if times is None else whole(times, "times", low=1, high=10**9),
            match=self.match(
                None if operation is None else text(operation, "operation", longest=100),
                match or {},
            ),
        )
        self.check(rule)
        return rule

    def add(self, rule: Rule) -> Rule:
        """Check `rule` against the spec (ValueError, TypeError) and put it in force."""
        self.check(rule)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def take(self, operation: OperationSpec, values: Mapping[str, object]) -> Rule | None:
        """The first rule matching the request, one of its `times` used up."""
        with self._lock:
            return take_first(self._rules, lambda rule: rule.matches(operation, values))

    def match(self, operation: str | None, match: Mapping[str, object]) -> dict[str, object]:
        """A rule's `match`: an operationId and path parameter values, each checked."""
        out: dict[str, object] = {}
        if operation is not None:
            if operation not in self._operation_ids:
                raise ValueError(
                    f"unknown operation {operation!r}; known: {sorted(self._operation_ids)}"
                )
            out["operation"] = operation
        for name, value in match.items():
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise ValueError(f"{name} must be a string or a whole number")
            check = self._checks.get(name)
            if check is None:
                raise TypeError(
                    f"unknown match {name!r}: use a path parameter {sorted(self._checks)} "
                    "or operation"
                )
            checked = check(str(value))
            if checked is INVALID:
                raise ValueError(f"{name}={value!r} is not a valid value for that parameter")
            out[name] = checked
        return out

    def check(self, rule: Rule) -> None:
        """Raise ValueError unless the spec documents what `rule` asks for."""
        ops = [
            op
            for op in self._spec.operations
            if rule.match.get("operation", op.operation_id) == op.operation_id
        ]
        if rule.status is not None and not any(rule.status in op.responses for op in ops):
            documented = sorted({s for op in ops for s in op.responses})
            raise ValueError(f"status {rule.status} is not documented; choose from {documented}")
        if rule.example is not None and not any(
            rule.example in r.examples for op in ops for r in op.responses.values()
        ):
            raise ValueError(f"no example named {rule.example!r} in the spec")
        _check_fields(rule)


def _style(value: Any) -> WireStyle:
    if isinstance(value, WireStyle):
        return value
    return WireStyle.parse(text(value, "style", longest=100))


def _check_fields(rule: Rule) -> None:
    if rule.error is not None and not 1 <= rule.error <= 999_999_999:
        raise ValueError("error must be a non-zero code (0 means success)")
    if rule.fault is not None and rule.fault not in FAULTS:
        raise ValueError(f"fault must be one of {FAULTS}")
    if rule.delay is not None and not 0 <= rule.delay <= MAX_DELAY:
        raise ValueError(f"delay must be between 0 and {MAX_DELAY} seconds")
    if rule.times is not None and rule.times < 1:
        raise ValueError("times must be at least 1 (or None: until cleared)")


class _Counted(Protocol):
    times: int | None  # uses left; None: until cleared


_R = TypeVar("_R", bound=_Counted)


def take_first(rules: list[_R], matches: Callable[[_R], bool]) -> _R | None:
    """The first of `rules` that `matches`, one of its `times` used up (removed at its last).
    The caller holds the lock that guards `rules`."""
    for rule in rules:
        if matches(rule):
            if rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    rules.remove(rule)
            return rule
    return None
