"""The control face: the core's Python controls over HTTP, under `/__mock/...`.

Requests are dispatched through the route table in `_control_routes`. Every endpoint takes
its arguments from the query string, a JSON object body, or both (the body wins). Answers
are JSON. These requests are not journaled and never faulted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

from ._control_routes import CONTROL_PREFIX, ROUTES, ControlRequest, ControlRoute, Refused
from ._core import MockCore
from ._replies import json_reply
from ._reply import Reply

__all__ = ["CONTROL_PREFIX", "Controls", "is_control"]


def is_control(target: str) -> bool:
    """`target` (path and query as sent) is under `/__mock` (not merely `/__mockery`)."""
    if not target.startswith(CONTROL_PREFIX):
        return False
    return len(target) == len(CONTROL_PREFIX) or target[len(CONTROL_PREFIX)] in "/?"


class Controls:
    """Serves `/__mock/...` requests for one core through the route table."""

    def __init__(self, core: MockCore) -> None:
        self.core = core

    def handle(
        self, method: str, target: str, headers: Sequence[tuple[bytes, bytes]], body: bytes
    ) -> Reply:
        """Answer one control request; `target` starts with `/__mock`."""
        path, _, query = target[len(CONTROL_PREFIX) :].partition("?")
        try:
            route, param = self._resolve(method, path)
            request = ControlRequest(method, _arguments(query, body), param)
            status, value = route.handler(self.core, request)
        except Refused as refused:
            extra = [(b"allow", refused.allow.encode())] if refused.allow else []
            return json_reply(refused.status, {"message": str(refused)}, extra)
        except (ValueError, TypeError, KeyError) as exc:
            return json_reply(400, {"message": f"{type(exc).__name__}: {exc}"})
        return json_reply(status, value)

    def _resolve(self, method: str, path: str) -> tuple[ControlRoute, str | None]:
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
            raise Refused(404, f"no control at {CONTROL_PREFIX}{path}; GET /__mock lists them")
        raise Refused(405, f"use {' or '.join(allowed)}", ", ".join(allowed))


def _arguments(query: str, body: bytes) -> dict[str, Any]:
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if body.strip():
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise Refused(400, f"body is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise Refused(400, "body must be a JSON object")
        args.update(data)
    return args
