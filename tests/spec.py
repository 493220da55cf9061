"""The contract as tests see it: openapi.yaml loaded once, with JSON Schema validators.

Tests read facts (paths, patterns, codes, examples) from here instead of restating them, so a
change to the spec is a change to what every test expects.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC_URI = "urn:wwt-sms:openapi"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@functools.cache
def load() -> dict[str, Any]:
    """The parsed openapi.yaml at the root of the repository."""
    with SPEC_PATH.open(encoding="utf-8") as f:
        loaded: dict[str, Any] = yaml.safe_load(f)
    return loaded


def deref(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow an OpenAPI `$ref` (responses, parameters, headers) inside the spec."""
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = load()
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@functools.cache
def _registry() -> Registry[Any]:
    resource = Resource.from_contents(load(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


def validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at a JSON pointer into the spec (`#/components/...`)."""
    return Draft202012Validator({"$ref": f"{SPEC_URI}{pointer}"}, registry=_registry())


def schema_validator(name: str) -> Draft202012Validator:
    """A validator for one of `components.schemas`."""
    return validator(f"#/components/schemas/{name}")


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    operation_id: str
    raw: Mapping[str, Any]

    @property
    def parameters(self) -> list[Mapping[str, Any]]:
        return [deref(p) for p in self.raw.get("parameters", [])]

    @property
    def path_parameter(self) -> Mapping[str, Any]:
        (param,) = [p for p in self.parameters if p["in"] == "path"]
        return param

    def statuses(self) -> list[str]:
        return list(self.raw["responses"])

    def response(self, status: str) -> Mapping[str, Any]:
        return deref(self.raw["responses"][status])

    def body_validator(self, status: str) -> Draft202012Validator:
        """Validates a response body of this operation for one documented status."""
        response = self.raw["responses"][status]
        pointer = (
            response["$ref"]
            if "$ref" in response
            else f"#/paths/{_escape(self.path)}/{self.method}/responses/{status}"
        )
        return validator(f"{pointer}/content/application~1json/schema")

    def examples(self, status: str) -> dict[str, Any]:
        content = self.response(status).get("content", {}).get("application/json", {})
        return {name: ex["value"] for name, ex in content.get("examples", {}).items()}


def operations() -> Iterator[Operation]:
    for path, item in load()["paths"].items():
        for method in METHODS:
            if method in item:
                yield Operation(path, method, item[method]["operationId"], item[method])


def operation(operation_id: str) -> Operation:
    (found,) = [op for op in operations() if op.operation_id == operation_id]
    return found


@dataclass(frozen=True)
class ErrorCodeEntry:
    code: int
    name: str
    description: str
    http_status: int


def error_codes() -> list[ErrorCodeEntry]:
    """The `ErrorCode` table: codes, Python names, descriptions and paired HTTP statuses."""
    schema = load()["components"]["schemas"]["ErrorCode"]
    columns = (
        schema["enum"],
        schema["x-enum-varnames"],
        schema["x-enum-descriptions"],
        schema["x-enum-http-statuses"],
    )
    assert len({len(c) for c in columns}) == 1, "ErrorCode lists differ in length"
    return [ErrorCodeEntry(*row) for row in zip(*columns, strict=True)]


def known_statuses() -> list[Mapping[str, Any]]:
    """`SmsStatus.x-known-values`: value, final, description."""
    values: list[Mapping[str, Any]] = load()["components"]["schemas"]["SmsStatus"]["x-known-values"]
    return values
