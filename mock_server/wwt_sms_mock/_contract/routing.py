"""Which of the spec's operations a request is for, and its parameters checked."""

from __future__ import annotations

from typing import Final, NamedTuple
from urllib.parse import unquote

from .spec import INVALID, OperationSpec, Route, Spec

__all__ = ["NEIGHBOURS", "RESOLVED_KEPT", "Match", "Miss", "Router"]

RESOLVED_KEPT: Final = 1024
"""Resolved (method, path) pairs a `Router` keeps; more and it starts again."""

NEIGHBOURS: Final = (
    "/sms/prices",
    "/sms/prices/{tariff}",
    "/sms/price",
    "/sms/balance",
    "/sms/create",
    "/sms/2wayIncoming",
    "/sms/2waySenders",
)
"""Routes the real API serves beside this contract's (the vendor's SDKs; its `/sms/getStatus`
is this contract's mass-status operation): a request for one of them is answered as outside
the contract, not as a malformed message ID."""


class Match(NamedTuple):
    """The request names an operation. `invalid`: a parameter its schema refuses."""

    operation: OperationSpec
    values: dict[str, object]  # parameter name -> typed value (the valid ones)
    invalid: bool


class Miss(NamedTuple):
    """No operation: 404 (no such path), 405 (no such method) or 204 (OPTIONS).
    `neighbour`: the path is one of the real API's other routes (NEIGHBOURS)."""

    status: int
    allow: bytes | None = None
    neighbour: bool = False


_NOT_FOUND = Miss(404)
_NEIGHBOUR = Miss(404, neighbour=True)


class Router:
    """The spec's routes, by segment count: a path is matched against a handful of templates."""

    def __init__(self, spec: Spec) -> None:
        self.base_path = spec.base_path
        self._routes: dict[int, tuple[Route, ...]] = {}
        for route in spec.routes:  # compiled with fixed segments first: they win
            self._routes[route.length] = (*self._routes.get(route.length, ()), route)
        templates = {route.template for route in spec.routes}
        neighbours = [template for template in NEIGHBOURS if template not in templates]
        self._fixed_neighbours = frozenset(t for t in neighbours if "{" not in t)
        self._neighbour_templates: dict[int, tuple[tuple[str, ...], ...]] = {}
        for template in (tuple(t.split("/")) for t in neighbours if "{" in t):
            found = self._neighbour_templates.get(len(template), ())
            self._neighbour_templates[len(template)] = (*found, template)
        self._resolved: dict[tuple[str, str], Match | Miss] = {}

    def resolve(self, method: str, path: str) -> Match | Miss:
        """`path` as sent (percent-encoded, no query string). The answer depends on nothing
        else, so the last `RESOLVED_KEPT` answers are kept (`Match.values` is not to be
        changed by its readers)."""
        key = (method, path)
        found = self._resolved.get(key)
        if found is None:
            if len(self._resolved) >= RESOLVED_KEPT:
                self._resolved.clear()  # a crawl over many paths: start again, bounded
            found = self._resolved[key] = self._resolve(method, path)
        return found

    def _resolve(self, method: str, path: str) -> Match | Miss:
        base = self.base_path
        if base:
            if not path.startswith(base) or path[len(base) : len(base) + 1] != "/":
                return _NOT_FOUND
            path = path[len(base) :]
        if path in self._fixed_neighbours:
            return _NEIGHBOUR
        segments = path.split("/")
        if self._is_neighbour(segments):
            return _NEIGHBOUR
        route = self._route(segments)
        if route is None:
            return _NOT_FOUND
        operation = route.operations.get(method)
        if operation is None and method == "HEAD":
            operation = route.operations.get("GET")
        if operation is None:
            return Miss(204 if method == "OPTIONS" else 405, route.allow)
        values: dict[str, object] = {}
        invalid = False
        for param in route.params:
            text = segments[param.index]
            value = param.check(unquote(text) if "%" in text else text)
            if value is INVALID:
                invalid = True
            else:
                values[param.name] = value
        return Match(operation, values, invalid)

    def _is_neighbour(self, segments: list[str]) -> bool:
        return any(
            all(t == s or t.startswith("{") for t, s in zip(template, segments, strict=True))
            for template in self._neighbour_templates.get(len(segments), ())
        )

    def _route(self, segments: list[str]) -> Route | None:
        for candidate in self._routes.get(len(segments), ()):
            if all(segments[index] == literal for index, literal in candidate.literals):
                return candidate
        return None
