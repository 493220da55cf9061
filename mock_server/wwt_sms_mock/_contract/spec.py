"""The contract as the mock holds it: routes, parameter checks, responses, codes, validators.

`compile` builds a `Spec` from `openapi.yaml`; the rest of the package asks the `Spec`
instead of restating paths, patterns, codes or field names.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from wwt_sms_contract import validator_class

if TYPE_CHECKING:  # jsonschema loads when a validator is first asked for
    import jsonschema
    import referencing

__all__ = [
    "DOC_URI",
    "INVALID",
    "JS_SAFE_MAX",
    "ContractBreach",
    "ErrorInfo",
    "OperationSpec",
    "ParamSpec",
    "ResponseSpec",
    "Route",
    "Spec",
    "document_registry",
]

DOC_URI: Final = "urn:wwt-sms:openapi"
"""The URI the spec document is registered under, for `$ref` resolution."""

# JSON numbers lose integers above 2^53 - 1 in JavaScript; the contract says such ids go out
# as digit strings (info.description, "Identifiers above 2^53 - 1").
JS_SAFE_MAX: Final = 2**53 - 1


class _Invalid:
    __slots__ = ()

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()
"""What a parameter check returns for a value its schema refuses."""


class ContractBreach(AssertionError):
    """The mock produced a response its own contract does not allow (a bug in the mock)."""


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    code: int
    name: str
    description: str
    http_status: int


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    status: int
    pointer: str | None  # JSON pointer to the application/json schema, None without a body
    headers: Mapping[str, Mapping[str, Any]]  # lower-case name -> header schema
    header_examples: Mapping[str, str]  # lower-case name -> the spec's example value
    examples: Mapping[str, Any]  # name -> example value, in the spec's order


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    index: int  # segment index in the split path (after the base path)
    check: Callable[[str], object]  # text -> typed value or INVALID
    schema: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class OperationSpec:
    operation_id: str
    method: str
    template: str
    params: tuple[ParamSpec, ...]
    responses: Mapping[int, ResponseSpec]
    resource: str  # title of the non-error 200 schema: what the operation looks up
    invalid_example: Mapping[str, Any]  # the 400 body: a bad parameter or request body
    not_found_example: Mapping[str, Any] | None  # the 404 body: nothing under that key
    error_statuses: frozenset[int]  # statuses whose schema admits the API error envelope
    body_schema: Mapping[str, Any] | None = None  # the JSON request body's schema, if any

    @property
    def error_in_200(self) -> bool:
        """The 200 schema admits the error envelope (the real API's quirk)."""
        return 200 in self.error_statuses


@dataclass(frozen=True, slots=True)
class Route:
    template: str
    length: int  # number of "/"-separated segments, leading "" included
    literals: tuple[tuple[int, str], ...]
    params: tuple[ParamSpec, ...]
    operations: Mapping[str, OperationSpec]
    allow: bytes


@dataclass(slots=True)
class Spec:
    document: Mapping[str, Any]
    base_path: str
    routes: tuple[Route, ...]
    errors: Mapping[int, ErrorInfo]
    statuses: Mapping[str, bool]  # known status -> final
    property_kinds: Mapping[str, Mapping[str, str]]  # schema title -> property -> wire kind
    key_header: str
    _registry: referencing.Registry[Any] | None = None
    _validators: dict[str, jsonschema.protocols.Validator] = field(default_factory=dict)

    @property
    def registry(self) -> referencing.Registry[Any]:
        """The spec document registered under `DOC_URI`, for `$ref`s (built when first used)."""
        if self._registry is None:
            self._registry = document_registry(self.document)
        return self._registry

    @property
    def operations(self) -> tuple[OperationSpec, ...]:
        return tuple(op for route in self.routes for op in route.operations.values())

    def validator(self, pointer: str) -> jsonschema.protocols.Validator:
        """A Draft 2020-12 validator for the schema at `pointer`, refs resolved in the spec."""
        found = self._validators.get(pointer)
        if found is None:
            found = validator_class()({"$ref": f"{DOC_URI}#{pointer}"}, registry=self.registry)
            self._validators[pointer] = found
        return found

    def component_pointer(self, name: str) -> str:
        return f"/components/schemas/{name}"

    def check_response(
        self,
        operation: OperationSpec | None,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
    ) -> None:
        """Raise ContractBreach unless the response is one the contract allows."""
        if operation is None:
            # Off the spec's paths (unknown path, 405): the gateway shape is what we promise.
            pointer: str | None = self.component_pointer("GatewayError")
            declared: Mapping[str, Mapping[str, Any]] = {}
            where = f"{status} off the spec's paths"
        else:
            response = operation.responses.get(status)
            where = f"{operation.operation_id} {status}"
            if response is None:
                raise ContractBreach(f"{where}: status not documented for the operation")
            pointer, declared = response.pointer, response.headers
        if pointer is None:
            if body:
                raise ContractBreach(f"{where}: body sent where the contract declares none")
            return
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), None)
        if content_type is None or not content_type.startswith(b"application/json"):
            raise ContractBreach(f"{where}: content-type {content_type!r} is not JSON")
        try:
            value = json.loads(body, parse_constant=_not_json)
        except ValueError as exc:
            raise ContractBreach(f"{where}: body is not JSON: {exc}") from exc
        errors = sorted(self.validator(pointer).iter_errors(value), key=str)
        if errors:
            raise ContractBreach(f"{where}: body {value!r} breaks the schema: {errors[0].message}")
        for name, value_bytes in headers:
            schema = declared.get(name.decode("latin-1").lower())
            if schema is None:
                continue
            text = value_bytes.decode("latin-1")
            if not _draft_2020_12()(schema).is_valid(text):
                raise ContractBreach(f"{where}: header {name!r}: {text!r} breaks its schema")


def document_registry(document: Mapping[str, Any]) -> referencing.Registry[Any]:
    """A registry holding `document` as a Draft 2020-12 resource under `DOC_URI`."""
    import referencing
    from referencing.jsonschema import DRAFT202012

    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        DOC_URI, DRAFT202012.create_resource(dict(document))
    )
    return registry


def _draft_2020_12() -> type[jsonschema.Draft202012Validator]:
    from jsonschema import Draft202012Validator

    return Draft202012Validator


def _not_json(name: str) -> Any:
    # Python's json reads (and writes) NaN and Infinity; JSON has no such numbers.
    raise ValueError(f"{name} is not a JSON number")
