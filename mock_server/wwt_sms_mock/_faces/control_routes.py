"""The control endpoints as data: method, path, summary and handler for each.

`control` dispatches requests through this table and `GET /__mock` lists it, so the
listing cannot drift from what is served.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any, Final

from wwt_sms_mock._core.checks import flag, seconds, text, whole
from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._core.store import Message, RecordExists, Task
from wwt_sms_mock._core.styles import STYLE_NAMES, WireStyle

from .control_deliveries import DELIVERY_ROUTES

__all__ = [
    "CONTROL_PREFIX",
    "ROUTES",
    "RULE_FIELDS",
    "ControlRequest",
    "ControlRoute",
    "Refused",
    "listing",
]

CONTROL_PREFIX: Final = "/__mock"
MAX_JOURNAL_LIMIT: Final = 10_000


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
    """One endpoint: `path` is under `/__mock`; a `{name}` segment takes any one value.

    `args` names the arguments it takes (None: the handler checks them, e.g. record fields);
    `offload`: the HTTP face runs it in a worker thread (it reads a lot, mutates nothing).
    """

    method: str
    path: str
    summary: str
    handler: Handler
    args: tuple[str, ...] | None = ()
    offload: bool = False

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
        "records_version": core.store.version,
        "journal": len(core.journal),
        "base_path": core.base_path,
    }


def _reset(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    seed = request.args.get("seed")
    core.reset(None if seed is None else whole(seed, "seed", low=0, high=2**63 - 1))
    return _state(core)


def _clear(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    core.clear()
    return _state(core)


def _advance(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    moved = seconds(request.args.get("seconds", 0), "seconds", low=0)
    return 200, {"now": core.advance(moved)}


def _style(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, {
        "style": core.style.name,
        "style_flags": core.style.as_dict(),
        "styles": list(STYLE_NAMES),
    }


def _set_style(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    args = request.args
    if "style" in args:
        if len(args) > 1:
            raise ValueError("give either style=NAME or flags, not both")
        core.style = WireStyle.parse(text(args["style"], "style", longest=100))
    else:
        current = core.style.as_dict()
        flags = {
            name: flag(args[name], name) if name in args else on for name, on in current.items()
        }
        core.style = WireStyle(**flags)
    return _style(core, request)


def _rules(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, {"rules": [r.as_dict() for r in core.rules]}


RULE_FIELDS: Final = frozenset(
    {"status", "error", "example", "fault", "delay", "retry_after", "style", "times", "operation"}
)


def _add_rule(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    fields = {k: v for k, v in request.args.items() if k in RULE_FIELDS and v is not None}
    match = {k: v for k, v in request.args.items() if k not in RULE_FIELDS}
    rule = core.force(**fields, **match)  # checks every field before the rule takes effect
    return 201, {"rule": rule.as_dict()}


def _clear_rules(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    core.clear_rules()
    return _rules(core, request)


def _journal(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    limit = whole(request.args.get("limit", 100), "limit", low=0, high=MAX_JOURNAL_LIMIT)
    return 200, {
        "total": len(core.journal),
        "entries": [
            {
                "at": e.at,
                "method": e.method,
                "path": e.path,
                "headers": [list(h) for h in e.headers],
                "status": e.status,
                "operation": e.operation,
                "truncated": e.truncated,
            }
            for e in core.journal.entries(limit)
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
    core.check_record(message)
    replace = request.method == "PUT"
    with _replace_by_put("messages"):
        core.store.add_message(message, replace=replace)
    return (200 if replace else 201), _message_json(message)


@contextmanager
def _replace_by_put(collection: str) -> Iterator[None]:
    """The store's "exists" error in the words of HTTP: replace with PUT, not a method name."""
    try:
        yield
    except RecordExists as exists:
        raise Refused(
            400,
            f"{exists.kind} {exists.ident} exists; PUT {CONTROL_PREFIX}/{collection} replaces it",
        ) from None


def _message(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, _message_json(_find(core.store.messages, request, "message", "id"))


def _force_status(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    message = _find(core.store.messages, request, "message", "id")
    status = text(request.args.get("status"), "status", longest=255, shortest=1)
    return 200, _message_json(core.force_status(message.id, status))


def _remove_message(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    message = _find(core.store.messages, request, "message", "id")
    core.remove_message(message.id)
    return 200, {"removed": str(message.id)}


def _put_task(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    task = Task.from_mapping(request.args)
    core.check_record(task)
    replace = request.method == "PUT"
    with _replace_by_put("tasks"):
        core.store.add_task(task, replace=replace)
    return (200 if replace else 201), _task_json(task)


def _task(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    return 200, _task_json(_find(core.store.tasks, request, "task", "task_id"))


def _remove_task(core: MockCore, request: ControlRequest) -> tuple[int, Any]:
    task = _find(core.store.tasks, request, "task", "task_id")
    core.remove_task(task.task_id)
    return 200, {"removed": str(task.task_id)}


def _find(table: Mapping[int, Any], request: ControlRequest, kind: str, key: str) -> Any:
    ident = whole(request.param, key, low=1, high=2**63 - 1)
    if ident not in table:
        raise Refused(404, f"no {kind} with {key} {ident}")
    return table[ident]


_FLAGS: Final = ("style", *WireStyle().as_dict())

ROUTES: Final = (
    ControlRoute("GET", "", "this list", _index),
    ControlRoute("GET", "/state", "virtual time, wire style, rules, record counts", _state),
    ControlRoute(
        "POST",
        "/reset",
        "seed=N: demo records again, no rules, empty journal, time 0, the starting wire style",
        _reset,
        args=("seed",),
    ),
    ControlRoute("POST", "/clear", "remove every record", _clear),
    ControlRoute(
        "POST", "/advance", "seconds=S: move virtual time forward", _advance, args=("seconds",)
    ),
    ControlRoute("GET", "/style", "the wire style and its flags", _style),
    ControlRoute(
        "PUT",
        "/style",
        "style=api|canonical|vendor, or flags (true/false): " + ", ".join(_FLAGS[1:]),
        _set_style,
        args=_FLAGS,
    ),
    ControlRoute("POST", "/style", "as PUT /__mock/style", _set_style, args=_FLAGS),
    ControlRoute("GET", "/rules", "the rules in force", _rules),
    ControlRoute(
        "POST",
        "/rules",
        "add a rule: status, error, example, fault, delay, retry_after, style, and times "
        "(default: until cleared), limited to an operation or a path parameter value "
        "(id, reference, task_id)",
        _add_rule,
        args=None,
    ),
    ControlRoute("DELETE", "/rules", "remove every rule", _clear_rules),
    ControlRoute(
        "GET",
        "/journal",
        f"limit=N: the newest N requests seen (default 100, at most {MAX_JOURNAL_LIMIT})",
        _journal,
        args=("limit",),
        offload=True,
    ),
    ControlRoute("DELETE", "/journal", "forget the requests seen", _clear_journal),
    ControlRoute(
        "POST",
        "/messages",
        "add a message (JSON fields); its id must be new",
        _put_message,
        args=None,
    ),
    ControlRoute(
        "PUT", "/messages", "add or replace a message (JSON fields)", _put_message, args=None
    ),
    ControlRoute("GET", "/messages/{id}", "one message", _message),
    ControlRoute("DELETE", "/messages/{id}", "remove a message", _remove_message),
    ControlRoute(
        "POST",
        "/messages/{id}/status",
        "status=S: the message takes status S now (its delivery report falls due)",
        _force_status,
        args=("status",),
    ),
    ControlRoute(
        "POST",
        "/tasks",
        "add a campaign (JSON fields); its task id must be new",
        _put_task,
        args=None,
    ),
    ControlRoute("PUT", "/tasks", "add or replace a campaign (JSON fields)", _put_task, args=None),
    ControlRoute("GET", "/tasks/{task_id}", "one campaign", _task),
    ControlRoute("DELETE", "/tasks/{task_id}", "remove a campaign", _remove_task),
    *(ControlRoute(*row) for row in DELIVERY_ROUTES),
)
