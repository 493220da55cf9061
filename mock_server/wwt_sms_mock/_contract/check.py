"""Requests and responses held against the compiled spec: every way they break it, located.

The validating proxy and the replay of recordings both ask this module. A finding is a
`Violation`: which side broke the contract, where (the path, a header, the status, the
content type or the body), a JSON pointer into that place, and a message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import unquote

import jsonschema
from jsonschema.exceptions import ValidationError

from .routing import Miss, Router
from .spec import INVALID, OperationSpec, Spec

__all__ = ["ContractChecker", "Located", "Violation", "json_pointer"]

_MAX_MESSAGE: Final = 300  # characters: a message quotes values, and values can be huge
_VERDICT_CACHE: Final = 4096  # distinct (operation, status, body) verdicts kept


@dataclass(frozen=True, slots=True)
class Violation:
    """One way a request or response breaks the contract."""

    side: str  # "request" or "response"
    location: str  # "path", "method", "header", "status", "content-type" or "body"
    pointer: (
        str  # JSON pointer into the body; "/<name>" for a path parameter or (lower-case) header
    )
    message: str


@dataclass(frozen=True, slots=True)
class Located:
    """The operation a request is for (None: off the spec's paths) and its path parameters
    as sent (percent-decoded text)."""

    operation: OperationSpec | None
    params: Mapping[str, str]


def json_pointer(path: Sequence[object]) -> str:
    """RFC 6901: `["a", 0, "b/c"]` -> `/a/0/b~1c`."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


_TOO_DEEP: Final = "nested deeper than the checker reads"


def _short(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


class ContractChecker:
    """Checks traffic against one compiled `Spec` (the mock's own)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._key_header = spec.key_header.lower().encode()
        self._router = Router(spec)
        self._verdicts: dict[tuple[str | None, int, bytes], tuple[Violation, ...]] = {}

    # --- requests -------------------------------------------------------------------------

    def locate(self, method: str, path: str) -> tuple[Located, list[Violation]]:
        """Find the operation for `method` and `path` (percent-encoded, no query string),
        as the mock's own router does."""
        base = self.spec.base_path
        if base and not path.startswith(base + "/"):
            return Located(None, {}), [_request("path", "", f"{path} is outside {base}/")]
        found = self._router.resolve(method, path)
        if isinstance(found, Miss):
            if found.status == 204:  # OPTIONS: the server's answer, not an operation's
                return Located(None, {}), []
            if found.status == 405:
                allowed = (found.allow or b"").decode()
                message = f"{method} is not declared at {path} (allowed: {allowed})"
                return Located(None, {}), [_request("method", "", message)]
            return Located(None, {}), [_request("path", "", f"no operation in the spec at {path}")]
        operation = found.operation
        segments = path[len(base) :].split("/")
        params = {p.name: unquote(segments[p.index]) for p in operation.params}
        return Located(operation, params), self._param_violations(operation, params)

    def _param_violations(
        self, operation: OperationSpec, params: Mapping[str, str]
    ) -> list[Violation]:
        found = []
        for param in operation.params:
            text = params[param.name]
            if param.check(text) is INVALID:
                schema = json.dumps(param.schema, separators=(",", ":"))
                message = f"{param.name}={text!r} does not fit its schema {schema}"
                found.append(_request("path", "/" + param.name, _short(message)))
        return found

    def check_request(
        self,
        method: str,
        path: str,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
    ) -> tuple[Located, list[Violation]]:
        """The operation, its parameters, the API key's presence (never its value), and
        no body where the operation declares none."""
        located, found = self.locate(method, path)
        if located.operation is None:
            return located, found
        if not any(name.lower() == self._key_header for name, _ in headers):
            name = self.spec.key_header
            found.append(_request("header", "/" + name.lower(), f"the {name} header is missing"))
        if body and "requestBody" not in self._operation_node(located.operation):
            message = f"{len(body)}-byte body sent; {located.operation.operation_id} takes none"
            found.append(_request("body", "", message))
        return located, found

    def _operation_node(self, operation: OperationSpec) -> Mapping[str, Any]:
        node: Mapping[str, Any] = self.spec.document["paths"][operation.template]
        return node[operation.method.lower()]  # type: ignore[no-any-return]

    # --- responses ------------------------------------------------------------------------

    def check_response(
        self,
        operation: OperationSpec | None,
        method: str,
        status: int,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
    ) -> tuple[Violation, ...]:
        """Everything wrong with a response (`body` decoded from any content-encoding)."""
        if method == "OPTIONS":
            return ()  # answered by the server, not by an operation
        op_id = None if operation is None else operation.operation_id
        cache_key = (op_id, status, b"%r" % (headers,) + body)
        found = self._verdicts.get(cache_key)
        if found is None:
            found = tuple(self._response_violations(operation, method, status, headers, body))
            if len(self._verdicts) >= _VERDICT_CACHE:
                self._verdicts.clear()  # bounded: the cache only saves work
            self._verdicts[cache_key] = found
        return found

    def _response_violations(
        self,
        operation: OperationSpec | None,
        method: str,
        status: int,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
    ) -> Iterator[Violation]:
        if operation is None:
            # Off the spec's paths the gateway answers, in its own shape.
            pointer: str | None = self.spec.component_pointer("GatewayError")
            declared: Mapping[str, Mapping[str, Any]] = {}
        else:
            response = operation.responses.get(status)
            if response is None:
                listed = ", ".join(str(s) for s in sorted(operation.responses))
                message = f"status {status} is not declared for {operation.operation_id} ({listed})"
                yield _response("status", "", message)
                return
            pointer, declared = response.pointer, response.headers
        yield from self._header_violations(headers, declared)
        if method == "HEAD":
            return
        if pointer is None:
            if body:
                yield _response("body", "", f"{len(body)}-byte body where the spec declares none")
            return
        yield from self.body_violations(pointer, headers, body)

    def body_violations(
        self, pointer: str, headers: Sequence[tuple[bytes, bytes]], body: bytes
    ) -> Iterator[Violation]:
        """The content type, then the body against the schema at `pointer` in the spec."""
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        if content_type.split(b";")[0].strip().lower() != b"application/json":
            yield _response("content-type", "", f"{content_type.decode('latin-1')!r} is not JSON")
            return
        try:
            value = json.loads(body, parse_constant=_not_json)
        except ValueError as exc:
            yield _response("body", "", _short(f"not JSON: {exc}"))
            return
        except RecursionError:
            yield _response("body", "", _TOO_DEEP)
            return
        try:
            yield from self.value_violations(pointer, value)
        except RecursionError:
            yield _response("body", "", _TOO_DEEP)

    def value_violations(self, pointer: str, value: Any) -> Iterator[Violation]:
        """A decoded body against the schema at `pointer`, each error at its own pointer."""
        for error in self.spec.validator(pointer).iter_errors(value):
            for where, message in self._explain(error):
                yield _response("body", where, _short(message))

    def _header_violations(
        self,
        headers: Sequence[tuple[bytes, bytes]],
        declared: Mapping[str, Mapping[str, Any]],
    ) -> Iterator[Violation]:
        for name, raw in headers:
            schema = declared.get(name.decode("latin-1").lower())
            if schema is None:
                continue
            text = raw.decode("latin-1")
            error = jsonschema.exceptions.best_match(
                jsonschema.Draft202012Validator(schema).iter_errors(text)
            )
            if error is not None:
                shown = name.decode("latin-1")
                yield _response("header", "/" + shown.lower(), _short(f"{shown}: {error.message}"))

    # --- explaining schema errors ---------------------------------------------------------

    def _explain(self, error: ValidationError) -> Iterator[tuple[str, str]]:
        """Where an error is, and why. A `oneOf` over objects (a resource or the error
        envelope) is explained by the branch the body resembles most; a `oneOf` over a value
        (a number or a digit string) is one finding listing every branch's complaint."""
        if error.validator in ("oneOf", "anyOf") and error.context:
            depth = len(error.absolute_path)
            if any(len(e.absolute_path) > depth for e in error.context):
                for inner in self._closest_branch(error):
                    yield from self._explain(inner)
                return
            reasons = sorted({e.message for e in error.context})
            shown = json.dumps(error.instance, ensure_ascii=False, default=str)
            yield json_pointer(error.absolute_path), f"{shown} fits none of: " + "; ".join(reasons)
            return
        required, instance = error.validator_value, error.instance
        if error.validator == "required" and isinstance(required, list):
            present = instance if isinstance(instance, dict) else {}
            missing = [n for n in required if n not in present and repr(n) in error.message]
            if missing:
                yield json_pointer([*error.absolute_path, missing[0]]), error.message
                return
        yield json_pointer(error.absolute_path), error.message

    def _closest_branch(self, error: ValidationError) -> list[ValidationError]:
        branches: dict[int, list[ValidationError]] = {}
        for inner in error.context:
            branches.setdefault(int(inner.relative_schema_path[0]), []).append(inner)
        schemas = error.schema[error.validator]  # type: ignore[index]
        keys = set(error.instance) if isinstance(error.instance, dict) else set()

        def resemblance(index: int) -> tuple[int, int]:
            properties = self._resolve(schemas[index]).get("properties", {})
            return (len(keys & set(properties)), -len(branches[index]))

        return branches[max(branches, key=resemblance)]

    def _resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in node:
            ref = str(node["$ref"])
            target: Any = self.spec.document
            for part in ref.partition("#")[2].split("/")[1:]:
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node


def _request(location: str, pointer: str, message: str) -> Violation:
    return Violation("request", location, pointer, message)


def _response(location: str, pointer: str, message: str) -> Violation:
    return Violation("response", location, pointer, message)
