"""The controls' refusals speak HTTP and JSON, not Python; docs/mock.md lists the record
fields and the example names the code and the spec actually have."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from wwt_sms_mock import Message, MockCore, Task
from wwt_sms_mock._faces.control import Controls

from .core_calls import body

DOCS = Path(__file__).parents[2] / "docs" / "mock.md"


def call(core: MockCore, method: str, target: str, payload: Any) -> tuple[int, str]:
    """The status and the refusal's message ("" when not refused)."""
    reply = Controls(core).handle(method, "/__mock" + target, [], json.dumps(payload).encode())
    return reply.status, body(reply).get("message", "")


@pytest.mark.parametrize(
    ("collection", "record"), [("messages", {"id": 211}), ("tasks", {"task_id": 7})]
)
def test_adding_a_record_that_exists_points_to_put(
    core: MockCore, collection: str, record: dict[str, int]
) -> None:
    core.add_task(task_id=7)
    status, message = call(core, "POST", f"/{collection}", record)
    assert status == 400
    assert f"exists; PUT /__mock/{collection} replaces it" in message
    assert "replace_" not in message
    assert call(core, "PUT", f"/{collection}", record)[0] == 200


@pytest.mark.parametrize(
    ("collection", "record", "bad", "accepted"),
    [
        ("tasks", {"task_id": 8, "messages": [211]}, "messages", "message_ids"),
        ("messages", {"id": 8, "ref": "x", "state": "sent"}, "ref', 'state", "reference"),
    ],
)
def test_an_unknown_field_is_named_with_the_accepted_ones(
    core: MockCore, collection: str, record: dict[str, Any], bad: str, accepted: str
) -> None:
    status, message = call(core, "POST", f"/{collection}", record)
    assert status == 400
    assert f"unknown field(s) ['{bad}']" in message
    assert f"'{accepted}'" in message
    assert "__init__" not in message
    assert "keyword argument" not in message


def test_a_bad_style_lists_every_style_the_default_first(core: MockCore) -> None:
    status, message = call(core, "PUT", "/style", {"style": "nope"})
    assert status == 400
    assert "use api, canonical, vendor, or flags" in message


# --- the docs' lists against the code and the spec ---------------------------------------


def _table(heading: str) -> list[list[str]]:
    """The rows under the docs table whose header row starts with `| heading |`."""
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {heading} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _default_of(field: dataclasses.Field[Any], documented: str) -> bool:
    """The docs' default cell says what the field's default is."""
    default = field.default
    if documented in ("required", "none", "`[]`"):
        return {"required": dataclasses.MISSING, "none": None, "`[]`": ()}[documented] == default
    value = documented.strip("`")
    return default is not dataclasses.MISSING and type(default)(value) == default


@pytest.mark.parametrize(
    ("heading", "record"), [("message field", Message), ("campaign field", Task)]
)
def test_the_docs_list_every_record_field_with_its_default(
    heading: str, record: type[Message | Task]
) -> None:
    rows = {row[0].strip("`"): row[1] for row in _table(heading)}
    fields = {f.name: f for f in dataclasses.fields(record) if f.init}
    assert list(rows) == list(fields)
    wrong = [name for name, field in fields.items() if not _default_of(field, rows[name])]
    assert wrong == []


def test_the_docs_list_every_example_name_of_the_spec() -> None:
    documented: dict[tuple[str, int], list[str]] = {}
    for operation, groups in _table("operation"):
        for group in groups.split("; "):
            statuses, names = group.split(": ")
            for status in statuses.split(", "):
                documented[operation.strip("`"), int(status)] = re.findall(r"`(\w+)`", names)
    spec = MockCore().spec
    expected = {
        (op.operation_id, status): list(response.examples)
        for op in spec.operations
        for status, response in op.responses.items()
        if response.examples
    }
    assert documented == expected
