"""`--style-check`: which wire form the upstream uses for each loosely typed field, and which
of the mock's wire styles sends the same forms.

The spec lets numbers travel as JSON numbers or digit strings, datetimes in the vendor form
or ISO 8601, and API errors in a 200 body or at their own HTTP status. The mock picks one form
per style; this tally shows which style the real API's bodies match, field by field.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from wwt_sms_mock._contract.spec import INVALID, OperationSpec, Spec
from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._core.styles import STYLE_NAMES, WireStyle

__all__ = ["StyleCheck", "mock_styles"]

# The pseudo-field for where an API error travels ("in 200" or "at status"), per error code.
# Only codes the spec lists get their own field: any other value (which could be anything the
# upstream echoes, a key included) is counted under one name, so the tally stays small.
_ERRORS = "errors({})"
_UNLISTED = "unlisted"


def mock_styles() -> dict[str, WireStyle]:
    """The mock's named wire styles, one name per distinct style (aliases dropped)."""
    return {name: WireStyle.parse(name) for name in STYLE_NAMES}


def _form(kind: str, value: Any) -> str | None:
    if value is None:
        return None
    if kind in ("id", "int", "decimal", "envelope"):
        return "string" if isinstance(value, str) else "number"
    if kind == "datetime" and isinstance(value, str):
        return "iso" if "T" in value else "vendor"
    return None


class StyleCheck:
    """Counts the form of every loosely typed field in the upstream's JSON bodies."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.seen: dict[str, Counter[str]] = {}
        self.expected = {name: self._forms_of(style) for name, style in mock_styles().items()}

    def observe(self, operation: OperationSpec | None, status: int, body: bytes) -> None:
        if operation is None:
            return
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested past what Python reads
            return
        for field, form in self._fields(operation, status, value):
            self.seen.setdefault(field, Counter())[form] += 1

    def _fields(
        self, operation: OperationSpec, status: int, value: Any
    ) -> Iterator[tuple[str, str]]:
        if not isinstance(value, dict) or "error" not in value:
            return  # the gateway's shape: nothing loosely typed in it
        is_error = str(value["error"]) != "0"
        resource = "ApiError" if is_error else operation.resource
        kinds = self.spec.property_kinds.get(resource, {})
        for name, kind in kinds.items():
            form = _form(kind, value.get(name))
            if form is not None:
                yield f"{resource}.{name}", form
        if is_error:
            code = str(value["error"])
            listed = code.isdigit() and len(code) < 6 and int(code) in self.spec.errors
            where = "in 200" if status == 200 else "at status"
            yield _ERRORS.format(int(code) if listed else _UNLISTED), where

    def _forms_of(self, style: WireStyle) -> dict[str, str]:
        """The form of each field when the mock serves its demo records in `style`."""
        forms: dict[str, str] = {}
        for operation in self.spec.operations:
            for status, body in _demo_answers(self.spec, style, operation):
                for field, form in self._fields(operation, status, json.loads(body)):
                    forms.setdefault(field, form)
        return forms

    def closest(self) -> tuple[str, float] | None:
        """The mock style whose forms match most of what was seen (of the fields it sends),
        and that share."""
        scores: dict[str, float] = {}
        for name, forms in self.expected.items():
            compared = [f for f in self.seen if f in forms]
            total = sum(sum(self.seen[f].values()) for f in compared)
            if total:
                scores[name] = sum(self.seen[f][forms[f]] for f in compared) / total
        if not scores:
            return None
        best = max(scores, key=lambda name: scores[name])
        return best, scores[best]

    def as_dict(self) -> dict[str, Any]:
        closest = self.closest()
        return {
            "fields": {f: dict(c) for f, c in sorted(self.seen.items())},
            "mock_styles": self.expected,
            "closest": None if closest is None else closest[0],
            "share": None if closest is None else round(closest[1], 4),
        }

    def summary_lines(self) -> list[str]:
        if not self.seen:
            return ["style check: no JSON bodies of the API's shape seen"]
        names = list(self.expected)
        lines = [f"style check (forms seen per field; what the mock's {', '.join(names)} send):"]
        for field, counts in sorted(self.seen.items()):
            seen = ", ".join(f"{form} x{n}" for form, n in counts.most_common())
            sends = ", ".join(f"{n}: {self.expected[n].get(field, '-')}" for n in names)
            lines.append(f"  {field:<24} {seen:<28} ({sends})")
        closest = self.closest()
        if closest is not None:
            lines.append(f"closest mock style: {closest[0]} ({closest[1]:.0%} of the forms seen)")
        return lines


def _demo_answers(
    spec: Spec, style: WireStyle, operation: OperationSpec
) -> Iterator[tuple[int, bytes]]:
    """The mock's answers for one operation in `style`: a record it finds, a parameter it
    refuses, and (its records cleared) the same request finding nothing."""
    mock = MockCore(style=style, base_path=spec.base_path)
    headers = [(spec.key_header.lower().encode(), b"test_style_check")]
    if not operation.params:  # the mass-status operation: its body says what it asks for
        yield from _body_answers(mock, headers, operation)
        return
    store = mock.store
    candidates = [str(m.id) for m in store.messages.values()]
    candidates += [m.reference for m in store.messages.values() if m.reference]
    candidates += [str(t.task_id) for t in store.tasks.values()]
    refused = ["0", "-1", "not valid!", "x" * 100]
    param = operation.params[0]

    def answer(value: str) -> tuple[int, bytes]:
        path = (mock.base_path + operation.template).replace("{" + param.name + "}", value)
        reply = mock.handle(operation.method, path, headers)
        return reply.status, reply.body

    bad = next((value for value in refused if param.check(value) is INVALID), None)
    if bad is not None:
        yield answer(bad)
    for candidate in candidates:
        status, body = answer(candidate)
        if status == 200 and str(json.loads(body).get("error")) == "0":
            yield status, body
            mock.clear()
            yield answer(candidate)
            return


def _body_answers(
    mock: MockCore, headers: list[tuple[bytes, bytes]], operation: OperationSpec
) -> Iterator[tuple[int, bytes]]:
    """The mock's answers to a body it refuses and to one asking for its demo messages."""
    path = mock.base_path + operation.template
    known = list(mock.store.messages)[:100]
    for body in (b'{"ids": []}', json.dumps({"ids": known}).encode()):
        reply = mock.handle(operation.method, path, headers, body)
        yield reply.status, reply.body
