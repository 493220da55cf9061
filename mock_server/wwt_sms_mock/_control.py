"""The controls over HTTP, under `/__mock/...` (off the spec's paths).

Every endpoint takes its arguments from the query string, a JSON object body, or both (the
body wins). Answers are JSON. These requests are not journaled and never faulted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl

from ._reply import Reply
from ._store import Message, Task
from ._wire import WireStyle, dumps

if TYPE_CHECKING:
    from ._core import MockCore

__all__ = ["ENDPOINTS", "control"]

ENDPOINTS: Final = {
    "GET /__mock": "this list",
    "GET /__mock/state": "virtual time, wire style, rules, record counts",
    "POST /__mock/reset": "demo records again (seed=N), no rules, empty journal, time 0",
    "POST /__mock/clear": "remove every record",
    "POST /__mock/advance": "seconds=S: move virtual time forward",
    "GET|PUT /__mock/style": "style=canonical|vendor, or flags numbers_as_strings, "
    "vendor_datetimes, errors_in_200 (true/false)",
    "GET|POST|DELETE /__mock/rules": "list, add (status, error, example, fault, delay, "
    "retry_after, style, times, operation, id, reference, task_id), clear",
    "GET|DELETE /__mock/journal": "requests seen (limit=N), or clear",
    "POST|PUT /__mock/messages": "add (POST) or add-or-replace (PUT) a message (JSON fields)",
    "GET|DELETE /__mock/messages/{id}": "read or remove a message",
    "POST|PUT /__mock/tasks": "add or add-or-replace a campaign (JSON fields)",
    "GET|DELETE /__mock/tasks/{task_id}": "read or remove a campaign",
}

_RULE_FIELDS: Final[Mapping[str, Callable[[str], object]]] = {
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


class _Refused(Exception):
    def __init__(self, status: int, message: str, allow: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.allow = allow


def _answer(status: int, value: Any, extra: list[tuple[bytes, bytes]] | None = None) -> Reply:
    body = dumps(value)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    return Reply(status, headers + (extra or []), body)


def _arguments(query: str, body: bytes) -> dict[str, Any]:
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if body.strip():
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise _Refused(400, f"body is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise _Refused(400, "body must be a JSON object")
        args.update(data)
    return args


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _methods(method: str, allowed: str) -> None:
    if method not in allowed.split("|"):
        raise _Refused(405, f"use {allowed.replace('|', ' or ')}", allowed.replace("|", ", "))


def _state(core: MockCore) -> dict[str, Any]:
    return {
        "now": core.now,
        "style": core.style.name,
        "style_flags": core.style.as_dict(),
        "rules": [r.as_dict() for r in core.rules],
        "messages": len(core.store.messages),
        "tasks": len(core.store.tasks),
        "journal": len(core.journal),
        "base_path": core.base_path,
    }


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


def control(core: MockCore, method: str, path: str, query: str, body: bytes) -> Reply:
    """Serve one control request; `path` is what follows `/__mock`."""
    try:
        return _route(core, method, path.rstrip("/"), query, body)
    except _Refused as refused:
        extra = [(b"allow", refused.allow.encode())] if refused.allow else None
        return _answer(refused.status, {"message": str(refused)}, extra)
    except (ValueError, TypeError, KeyError) as exc:
        return _answer(400, {"message": f"{type(exc).__name__}: {exc}"})


def _route(core: MockCore, method: str, path: str, query: str, body: bytes) -> Reply:
    args = _arguments(query, body)
    if path == "":
        _methods(method, "GET")
        return _answer(200, {"endpoints": ENDPOINTS})
    if path == "/state":
        _methods(method, "GET")
        return _answer(200, _state(core))
    if path == "/reset":
        _methods(method, "POST")
        core.reset(None if args.get("seed") is None else int(args["seed"]))
        return _answer(200, _state(core))
    if path == "/clear":
        _methods(method, "POST")
        core.clear()
        return _answer(200, _state(core))
    if path == "/advance":
        _methods(method, "POST")
        return _answer(200, {"now": core.advance(float(args.get("seconds", 0)))})
    if path == "/style":
        _methods(method, "GET|PUT|POST")
        if method != "GET":
            if "style" in args:
                core.style = WireStyle.parse(str(args["style"]))
            else:
                current = core.style.as_dict()
                core.style = WireStyle(
                    **{k: _flag(args[k]) if k in args else v for k, v in current.items()}
                )
        return _answer(200, {"style": core.style.name, "style_flags": core.style.as_dict()})
    if path == "/rules":
        _methods(method, "GET|POST|DELETE")
        if method == "DELETE":
            core.clear_rules()
        elif method == "POST":
            fields: dict[str, Any] = {}
            match: dict[str, Any] = {}
            for name, value in args.items():
                if name in _RULE_FIELDS:
                    fields[name] = None if value is None else _RULE_FIELDS[name](value)
                else:
                    match[name] = value
            rule = core.force(**fields, **match)
            return _answer(201, {"rule": rule.as_dict()})
        return _answer(200, {"rules": [r.as_dict() for r in core.rules]})
    if path == "/journal":
        _methods(method, "GET|DELETE")
        if method == "DELETE":
            core.journal.clear()
            return _answer(200, {"entries": []})
        entries = list(core.journal)
        limit = int(args.get("limit", 100))
        return _answer(
            200,
            {
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
            },
        )
    for plural, build, to_json, key in (
        ("messages", Message.from_mapping, _message_json, "id"),
        ("tasks", Task.from_mapping, _task_json, "task_id"),
    ):
        if path == f"/{plural}":
            _methods(method, "POST|PUT")
            record: Any = build(args)
            if plural == "messages":
                core.store.add_message(record, replace=method == "PUT")
            else:
                core.store.add_task(record, replace=method == "PUT")
            return _answer(201 if method == "POST" else 200, to_json(record))
        if path.startswith(f"/{plural}/"):
            _methods(method, "GET|DELETE")
            ident = int(path.rsplit("/", 1)[1])
            table: Mapping[int, Any] = (
                core.store.messages if plural == "messages" else core.store.tasks
            )
            if ident not in table:
                raise _Refused(404, f"no {plural[:-1]} with {key} {ident}")
            if method == "DELETE":
                if plural == "messages":
                    core.remove_message(ident)
                else:
                    core.remove_task(ident)
                return _answer(200, {"removed": str(ident)})
            return _answer(200, to_json(table[ident]))
    raise _Refused(404, f"no control at /__mock{path}; GET /__mock lists them")
