"""The control endpoints as data: method, path, summary and handler for each.

`_control` dispatches requests through this table and `GET /__mock` lists it, so the
listing cannot drift from what is served.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final

from ._core import MockCore
from ._store import Message, Task
from ._wire import WireStyle

__all__ = ["CONTROL_PREFIX", "ROUTES", "ControlRequest", "ControlRoute", "Refused", "listing"]

CONTROL_PREFIX: Final = "/__mock"


class Refused(Exception):
    """A control request answered with a 4xx and a message."""

    def __init__(self, status: int, message: str, allow: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.allow = allow


@dataclass(frozen=True, slots=True)
class ControlRequest:
    method: str
    args: Mapping[str, Any]  # the query string's and the JSON body's fields
    param: str | None  # the `{...}` segment of the route's path, if it has one


Handler = Callable[[MockCore, ControlRequest], tuple[int, Any]]


@dataclass(frozen=True, slots=True)
class ControlRoute:
    """One endpoint: `path` is under `/__mock`; a `{name}` segment takes any one value."""

    method: str
    path: str
    summary: str
    handler: Handler

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.path.strip("/").split("/")) if self.path.strip("/") else ()

    def param_of(self, segments: Sequence[str]) -> tuple[bool, str | None]:
        """Whether `segments` fit this route's path, and the value of its `{...}` segment."""
        mine = self.segments
        if len(mine) != len(segments):
            return False, None
        param = None
        for want, got in zip(mine, segments, strict=True):
            if want.startswith("{"):
                param = got
            elif want != got:
                return False, None
        return True, param


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


# --- handlers: (core, request) -> (status, JSON value) ------------------------------------


def listing() -> dict[str, str]:
    """`METHOD /__mock/path` -> what it does, for every route, in the table's order."""
    return {f"{r.method} {CONTROL_PREFIX}{r.path}": r.summary for r in ROUTES}


def _index(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, {"endpoints": listing()}


def _state(core: MockCore, request: ControlRequest | None = None) -> tuple[int, Any]:
    return 200, {
        "now": core.now,
        "style": core.style.name,
        "style_flags": core.style.as_dict(),
        "rules": [r.as_dict() for r in core.rules],
        "messages": len(core.store.messages),
        "tasks": len(core.store.tasks),
        "journal": len(core.journal),
        "base_path": core.base_path,
    }


def _reset(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    seed = request.args.get("seed")
    core.reset(None if seed is None else int(seed))
    return _state(core)


def _clear(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    core.clear()
    return _state(core)


def _advance(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, {"now": core.advance(float(request.args.get("seconds", 0)))}


def _style(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, {"style": core.style.name, "style_flags": core.style.as_dict()}


def _set_style(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    args = request.args
    if "style" in args:
        core.style = WireStyle.parse(str(args["style"]))
    else:
        current = core.style.as_dict()
        core.style = WireStyle(
            **{k: _flag(args[k]) if k in args else v for k, v in current.items()}
        )
    return _style(core, request)


def _rules(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, {"rules": [r.as_dict() for r in core.rules]}


_RULE_FIELDS: Final[Mapping[str, Callable[[Any], object]]] = {
    "status": int,
    "error": int,
    "example": str,
    "fault": str,
    "delay": float,
    "retry_after": str,
    "style": str,
    "times": int,
    "operation": str,
}


def _add_rule(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    fields: dict[str, Any] = {}
    match: dict[str, Any] = {}
    for name, value in request.args.items():
        if name in _RULE_FIELDS:
            fields[name] = None if value is None else _RULE_FIELDS[name](value)
        else:
            match[name] = value
    rule = core.force(**fields, **match)
    return 201, {"rule": rule.as_dict()}


def _clear_rules(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    core.clear_rules()
    return _rules(core, request)


def _journal(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    entries = list(core.journal)
    limit = int(request.args.get("limit", 100))
    return 200, {
        "total": len(entries),
        "entries": [
            {
                "at": e.at,
                "method": e.method,
                "path": e.path,
                "headers": [list(h) for h in e.headers],
                "status": e.status,
                "operation": e.operation,
            }
            for e in entries[-limit:]
        ],
    }


def _clear_journal(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    core.journal.clear()
    return 200, {"entries": []}


def _message_json(message: Message) -> dict[str, Any]:
    data = asdict(message)
    data.pop("_events", None)
    data["price"] = format(message.price, "f")
    data["id"] = str(message.id)
    return data


def _task_json(task: Task) -> dict[str, Any]:
    data = asdict(task)
    data["task_id"] = str(task.task_id)
    return data


def _put_message(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    message = Message.from_mapping(request.args)
    replace = request.method == "PUT"
    core.store.add_message(message, replace=replace)
    return (200 if replace else 201), _message_json(message)


def _message(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, _message_json(_find(core.store.messages, request, "message", "id"))


def _remove_message(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    message = _find(core.store.messages, request, "message", "id")
    core.remove_message(message.id)
    return 200, {"removed": str(message.id)}


def _put_task(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    task = Task.from_mapping(request.args)
    replace = request.method == "PUT"
    core.store.add_task(task, replace=replace)
    return (200 if replace else 201), _task_json(task)


def _task(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, _task_json(_find(core.store.tasks, request, "task", "task_id"))


def _remove_task(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    task = _find(core.store.tasks, request, "task", "task_id")
    core.remove_task(task.task_id)
    return 200, {"removed": str(task.task_id)}


def _find(table: Mapping[int, Any], request: ControlRequest, kind: str, key: str) -> Any:
    ident = int(str(request.param))
    if ident not in table:
        raise Refused(404, f"no {kind} with {key} {ident}")
    return table[ident]


ROUTES: Final = (
    ControlRoute("GET", "", "this list", _index),
    ControlRoute("GET", "/state", "virtual time, wire style, rules, record counts", _state),
    ControlRoute(
        "POST", "/reset", "demo records again (seed=N), no rules, empty journal, time 0", _reset
    ),
    ControlRoute("POST", "/clear", "remove every record", _clear),
    ControlRoute("POST", "/advance", "seconds=S: move virtual time forward", _advance),
    ControlRoute("GET", "/style", "the wire style and its flags", _style),
    ControlRoute(
        "PUT",
        "/style",
        "style=canonical|vendor, or flags numbers_as_strings, vendor_datetimes, "
        "errors_in_200 (true/false)",
        _set_style,
    ),
    ControlRoute("POST", "/style", "as PUT /__mock/style", _set_style),
    ControlRoute("GET", "/rules", "the rules in force", _rules),
    ControlRoute(
        "POST",
        "/rules",
        "add a rule: status, error, example, fault, delay, retry_after, style, times, "
        "operation, and a path parameter to match (id, reference, task_id)",
        _add_rule,
    ),
    ControlRoute("DELETE", "/rules", "remove every rule", _clear_rules),
    ControlRoute("GET", "/journal", "the requests seen, newest last (limit=N)", _journal),
    ControlRoute("DELETE", "/journal", "forget the requests seen", _clear_journal),
    ControlRoute(
        "POST", "/messages", "add a message (JSON fields); its id must be new", _put_message
    ),
    ControlRoute("PUT", "/messages", "add or replace a message (JSON fields)", _put_message),
    ControlRoute("GET", "/messages/{id}", "one message", _message),
    ControlRoute("DELETE", "/messages/{id}", "remove a message", _remove_message),
    ControlRoute(
        "POST", "/tasks", "add a campaign (JSON fields); its task id must be new", _put_task
    ),
    ControlRoute("PUT", "/tasks", "add or replace a campaign (JSON fields)", _put_task),
    ControlRoute("GET", "/tasks/{task_id}", "one campaign", _task),
    ControlRoute("DELETE", "/tasks/{task_id}", "remove a campaign", _remove_task),
)
