"""The gate on real edits of openapi.yaml: client breaks fail and are named; reformatting,
docs-only edits and additions pass."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.compat.clone import Gate, git

Spec = dict[str, Any]


def edit_spec(clone: Path, change: Callable[[Spec], None], **dump: Any) -> None:
    """Load the clone's openapi.yaml, apply `change`, write it back (PyYAML's layout)."""
    path = clone / "openapi.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(spec)
    options = {"sort_keys": False, "allow_unicode": True, "width": 100, **dump}
    path.write_text(yaml.safe_dump(spec, **options), encoding="utf-8")


def schemas(spec: Spec) -> Spec:
    return spec["components"]["schemas"]  # type: ignore[no-any-return]


def by_id(spec: Spec) -> Spec:
    return spec["paths"]["/sms/{id}"]["get"]  # type: ignore[no-any-return]


def remove_path(spec: Spec) -> None:
    del spec["paths"]["/sms/task/{task_id}"]


def remove_response_property(spec: Spec) -> None:
    del schemas(spec)["Sms"]["properties"]["currency"]


def add_required_parameter(spec: Spec) -> None:
    query = {"name": "lang", "in": "query", "required": True, "schema": {"type": "string"}}
    by_id(spec).setdefault("parameters", []).append(query)


def add_required_request_property(spec: Spec) -> None:
    body = schemas(spec)["SmsStatusesRequest"]
    body["properties"]["priority"] = {"type": "integer"}
    body["required"].append("priority")


def narrow_pattern(spec: Spec) -> None:
    spec["components"]["parameters"]["SmsReference"]["schema"]["pattern"] = "^[a-z_]{1,50}$"


def narrow_parameter_type(spec: Spec) -> None:
    spec["components"]["parameters"]["SmsReference"]["schema"] = {"type": "integer"}


def change_property_type(spec: Spec) -> None:
    schemas(spec)["Sms"]["properties"]["currency"] = {"type": "integer"}


def remove_status(spec: Spec) -> None:
    del by_id(spec)["responses"]["429"]


def rename_operation(spec: Spec) -> None:
    by_id(spec)["operationId"] = "getSms"  # generated clients name their methods after it


def widen_wire_type(spec: Spec) -> None:
    schemas(spec)["WireDecimal"]["oneOf"].append({"type": "boolean"})  # a form clients never saw


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (remove_path, "/sms/task/{task_id}"),
        (remove_response_property, "`currency`"),
        (add_required_parameter, "`lang`"),
        (add_required_request_property, "`priority`"),
        (narrow_pattern, "`reference`"),
        (narrow_parameter_type, "`reference`"),
        (change_property_type, "`currency`"),
        (remove_status, "`429`"),
        (rename_operation, "`getSmsById`"),
        (widen_wire_type, "`price`"),
    ],
)
def test_a_contract_break_fails_and_is_named(
    clone: Path, gate: Gate, change: Callable[[Spec], None], named: str
) -> None:
    edit_spec(clone, change)
    code, out = gate("base", "--only", "contract")
    assert code == 1, out
    breaks = [line for line in out.splitlines() if line.startswith("BREAK: contract:")]
    assert any(named in line for line in breaks), out


def test_a_removed_enum_value_a_client_may_send_fails(clone: Path, gate: Gate) -> None:
    def add_enum_parameter(spec: Spec) -> None:
        query = {"name": "fields", "in": "query", "schema": {"enum": ["short", "full"]}}
        by_id(spec).setdefault("parameters", []).append(query)

    edit_spec(clone, add_enum_parameter)
    git(clone, "commit", "--quiet", "-am", "an optional enum parameter")
    git(clone, "tag", "with-enum")

    def drop_full(spec: Spec) -> None:
        by_id(spec)["parameters"][-1]["schema"]["enum"] = ["short"]

    edit_spec(clone, drop_full)
    code, out = gate("with-enum", "--only", "contract")
    git(clone, "tag", "-d", "with-enum")
    assert code == 1, out
    assert "BREAK: contract: GET /sms/{id}" in out
    assert "`full`" in out


def test_removing_a_deprecated_path_still_fails(clone: Path, gate: Gate) -> None:
    edit_spec(
        clone, lambda spec: spec["paths"]["/sms/task/{task_id}"]["get"].update(deprecated=True)
    )
    git(clone, "commit", "--quiet", "-am", "deprecate the task lookup")
    git(clone, "tag", "deprecated")
    edit_spec(clone, remove_path)
    code, out = gate("deprecated", "--only", "contract")
    git(clone, "tag", "-d", "deprecated")
    assert code == 1, out
    assert "BREAK: contract: GET /sms/task/{task_id}" in out


def test_a_response_that_sends_fewer_forms_passes(clone: Path, gate: Gate) -> None:
    edit_spec(clone, lambda spec: schemas(spec)["WireId"]["oneOf"].pop())  # no string IDs
    code, out = gate("base", "--only", "contract")
    assert (code, "BREAK" in out) == (0, False), out


def test_reformatting_and_reordering_pass(clone: Path, gate: Gate) -> None:
    edit_spec(clone, lambda spec: None, sort_keys=True, indent=4, width=60)
    assert git(clone, "diff", "--stat").strip(), "the edit changed nothing"
    code, out = gate("base", "--only", "contract")
    assert (code, "BREAK" in out) == (0, False), out


def test_a_docs_only_edit_passes(clone: Path, gate: Gate) -> None:
    path = clone / "openapi.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("The WWT message ID returned", "The message ID WWT returned")
    edited = edited.replace("Human-readable text for `error`", "Text for people about `error`")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    code, out = gate("base", "--only", "contract")
    assert (code, "BREAK" in out) == (0, False), out


def test_additions_pass(clone: Path, gate: Gate) -> None:
    def add(spec: Spec) -> None:
        schemas(spec)["Sms"]["properties"]["country"] = {"type": ["string", "null"]}
        query = {"name": "lang", "in": "query", "required": False, "schema": {"type": "string"}}
        by_id(spec).setdefault("parameters", []).append(query)
        spec["paths"]["/sms/{id}/parts"] = {"get": {**by_id(spec), "operationId": "getParts"}}

    edit_spec(clone, add)
    code, out = gate("base", "--only", "contract")
    assert (code, "BREAK" in out) == (0, False), out
