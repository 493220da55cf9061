"""The control face: the core's Python controls over HTTP, under `/__mock/...`.

Requests are dispatched through the route table in `control_routes`. Every endpoint takes
its arguments from the query string, a JSON object body, or both (the body wins). Answers
are JSON. These requests are not journaled and never faulted.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl

from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._core.replies import json_reply
from wwt_sms_mock._core.reply import Reply

from .control_routes import CONTROL_PREFIX, ROUTES, ControlRequest, ControlRoute, Refused
from .guard import ControlGuard

__all__ = ["CONTROL_PREFIX", "MAX_BODY", "Controls", "Prepared", "is_control"]


def is_control(target: str) -> bool:
    """`target` (path and query as sent) is under `/__mock` (not merely `/__mockery`)."""
    if not target.startswith(CONTROL_PREFIX):
        return False
    return len(target) == len(CONTROL_PREFIX) or target[len(CONTROL_PREFIX)] in "/?"


MAX_BODY: Final = 64 * 1024
"""Bytes a control request's body may have (the HTTP face answers 413 beyond)."""

_BAD_INPUT: Final = (ValueError, TypeError, KeyError, ArithmeticError, RecursionError)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A control request that passed the guard and names a route, its arguments read."""

    route: ControlRoute
    request: ControlRequest


class Controls:
    """Serves `/__mock/...` requests for one core through the route table.

    Every argument is checked before anything changes: a request refused with a 4xx has
    changed nothing. `guard` (the HTTP face's) decides who may use the controls at all.
    """

    def __init__(self, core: MockCore, guard: ControlGuard | None = None) -> None:
        self.core = core
        self.guard = guard

    def handle(
        self, method: str, target: str, headers: Sequence[tuple[bytes, bytes]], body: bytes
    ) -> Reply:
        """Answer one control request; `target` starts with `/__mock`."""
        prepared = self.prepare(method, target, headers, body)
        return prepared if isinstance(prepared, Reply) else self.run(prepared)

    def prepare(
        self, method: str, target: str, headers: Sequence[tuple[bytes, bytes]], body: bytes
    ) -> Prepared | Reply:
        """The route and arguments of a request, or the reply refusing it."""
        refusal = None if self.guard is None else self.guard.refusal(headers)
        if refusal is not None:
            return _message(*refusal)
        path, _, query = target[len(CONTROL_PREFIX) :].partition("?")
        try:
            route, param = _resolve(method, path)
            args = _arguments(query, body)
            if route.args is not None:
                unknown = sorted(set(args) - set(route.args))
                if unknown:
                    raise Refused(
                        400,
                        f"unknown argument(s) {unknown}; this control takes "
                        f"{list(route.args) or 'none'}",
                    )
        except Refused as refused:
            extra = [(b"allow", refused.allow.encode())] if refused.allow else []
            return _message(refused.status, str(refused), extra)
        return Prepared(route, ControlRequest(method, args, param))

    def run(self, prepared: Prepared) -> Reply:
        """Carry out a prepared request (thread-safe for routes marked `offload`)."""
        try:
            status, value = prepared.route.handler(self.core, prepared.request)
        except Refused as refused:
            return _message(refused.status, str(refused))
        except _BAD_INPUT as exc:
            return _message(400, str(exc) or type(exc).__name__)
        return json_reply(status, value)


def _message(status: int, message: str, extra: Sequence[tuple[bytes, bytes]] = ()) -> Reply:
    shown = message if len(message) <= 300 else message[:300] + "..."
    return json_reply(status, {"message": shown}, extra)


def _resolve(method: str, path: str) -> tuple[ControlRoute, str | None]:
    segments = path.strip("/").split("/") if path.strip("/") else []
    allowed: list[str] = []
    for route in ROUTES:
        fits, param = route.param_of(segments)
        if not fits:
            continue
        if route.method == method:
            return route, param
        allowed.append(route.method)
    if not allowed:
        raise Refused(404, f"no control at {CONTROL_PREFIX}{path[:100]}; GET /__mock lists them")
    raise Refused(405, f"use {' or '.join(allowed)}", ", ".join(allowed))


def _arguments(query: str, body: bytes) -> dict[str, Any]:
    """The query string's fields, then the JSON object body's (which win)."""
    try:
        args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True, max_num_fields=50))
    except ValueError as exc:
        raise Refused(400, f"query string: {exc}") from exc
    if len(body) > MAX_BODY:
        raise Refused(413, f"the body may have at most {MAX_BODY} bytes")
    if body.strip():
        try:
            data = json.loads(body, parse_constant=_not_json, parse_float=_finite)
        except (ValueError, RecursionError) as exc:
            raise Refused(400, f"body is not JSON this mock reads: {str(exc)[:200]}") from exc
        if not isinstance(data, dict):
            raise Refused(400, "body must be a JSON object")
        args.update(data)
    return args


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:40]} is too large for a number here")
    return number
