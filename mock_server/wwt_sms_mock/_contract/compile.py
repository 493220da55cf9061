"""Compiling `openapi.yaml` into a `Spec`: routes, parameter checks, responses, codes.

The YAML parse and the one question only jsonschema answers (which responses admit the
error envelope) are done once per spec and kept as plain JSON (`cache`); a start with that
file loads neither yaml nor jsonschema.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .cache import read_compiled, write_compiled
from .params import compile_param_check
from .spec import (
    DOC_URI,
    ErrorInfo,
    OperationSpec,
    ParamSpec,
    ResponseSpec,
    Route,
    Spec,
    document_registry,
)

__all__ = ["compile_param_check", "compile_spec", "load_document", "load_spec"]

_PACKAGED = Path(__file__).resolve().parent.parent / "openapi.yaml"


def _spec_bytes(path: str | Path | None) -> bytes:
    return (_PACKAGED if path is None else Path(path)).read_bytes()


def _parse(raw: bytes) -> dict[str, Any]:
    import yaml  # only when no compiled copy is cached

    document = yaml.safe_load(raw.decode("utf-8"))
    if not isinstance(document, dict):
        raise ValueError("openapi.yaml is not a mapping")
    return document


def load_document(path: str | Path | None = None) -> dict[str, Any]:
    """The spec as plain data; by default the copy that ships inside this package."""
    return _parse(_spec_bytes(path))


_CACHE: dict[tuple[str | None, str | None], Spec] = {}


def load_spec(path: str | Path | None = None, *, base_path: str | None = None) -> Spec:
    """Compile the spec, once per path and base path (from the cached compiled copy when
    one matches the spec's bytes)."""
    key = (None if path is None else str(path), base_path)
    spec = _CACHE.get(key)
    if spec is None:
        spec = _compile_cached(_spec_bytes(path), base_path)
        _CACHE[key] = spec
    return spec


def _compile_cached(raw: bytes, base_path: str | None) -> Spec:
    digest = hashlib.sha256(raw).hexdigest()
    cached = read_compiled(digest)
    if cached is not None:
        document, admitted = cached.get("document"), cached.get("admitted")
        if isinstance(document, dict) and isinstance(admitted, list):
            try:
                return _compile(document, base_path, frozenset(map(str, admitted)))[0]
            except (KeyError, IndexError, TypeError, ValueError, AttributeError):
                pass  # a cached copy the compiler cannot read: built again below
    document = _parse(raw)
    spec, found = _compile(document, base_path, None)
    write_compiled(digest, {"document": document, "admitted": sorted(found)})
    return spec


def compile_spec(document: Mapping[str, Any], *, base_path: str | None = None) -> Spec:
    return _compile(document, base_path, None)[0]


def _compile(
    document: Mapping[str, Any], base_path: str | None, admitted: frozenset[str] | None
) -> tuple[Spec, frozenset[str]]:
    """The `Spec`, and which "operationId status" responses admit the error envelope."""
    if base_path is None:
        servers = document.get("servers") or [{"url": "/"}]
        base_path = urlsplit(servers[0]["url"]).path
    base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""
    compiler = _Compiler(document, admitted)
    routes = tuple(
        sorted(
            (compiler.route(template, item) for template, item in document["paths"].items()),
            # More literal segments first, so a fixed segment wins over a parameter.
            key=lambda r: -len(r.literals),
        )
    )
    spec = Spec(
        document=document,
        base_path=base_path,
        routes=routes,
        errors=compiler.errors(),
        statuses=compiler.statuses(),
        property_kinds={
            name: compiler.property_kinds(schema)
            for name, schema in document["components"]["schemas"].items()
            if schema.get("type") == "object"
        },
        key_header=compiler.key_header(),
    )
    return spec, frozenset(compiler.admitted)


def _pointer_get(document: Mapping[str, Any], pointer: str) -> Any:
    """The node at a JSON pointer (RFC 6901) in `document`."""
    node: Any = document
    for token in pointer.split("/")[1:] if pointer else ():
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Compiler:
    def __init__(self, document: Mapping[str, Any], admitted: frozenset[str] | None) -> None:
        self.document = document
        self.known = admitted  # what a cached copy says; None: ask jsonschema
        self.admitted: set[str] = set()
        self._registry: Any = None

    def deref(self, node: Mapping[str, Any], pointer: str) -> tuple[Mapping[str, Any], str]:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#"):
                raise ValueError(f"only local $refs are supported, got {ref!r}")
            pointer = unquote(ref[1:])
            node = _pointer_get(self.document, pointer)
        return node, pointer

    def route(self, template: str, item: Mapping[str, Any]) -> Route:
        segments = template.split("/")
        literals = tuple(
            (i, s)
            for i, s in enumerate(segments)
            if i and not (s.startswith("{") and s.endswith("}"))
        )
        operations: dict[str, OperationSpec] = {}
        params: tuple[ParamSpec, ...] = ()
        base = f"/paths/{_escape(template)}"
        for method, node in item.items():
            if method in ("parameters", "summary", "description", "servers") or method.startswith(
                "x-"
            ):
                continue
            op = self.operation(template, segments, method.upper(), node, f"{base}/{method}", item)
            operations[op.method] = op
            params = op.params
        methods = set(operations)
        if "GET" in methods:
            methods.add("HEAD")
        methods.add("OPTIONS")
        return Route(
            template=template,
            length=len(segments),
            literals=literals,
            params=params,
            operations=operations,
            allow=", ".join(sorted(methods)).encode(),
        )

    def operation(
        self,
        template: str,
        segments: list[str],
        method: str,
        node: Mapping[str, Any],
        pointer: str,
        item: Mapping[str, Any],
    ) -> OperationSpec:
        params: list[ParamSpec] = []
        for raw in [*item.get("parameters", []), *node.get("parameters", [])]:
            param, _ = self.deref(raw, pointer)
            if param["in"] != "path":
                continue  # the status API has only path parameters; others are not checked
            name = param["name"]
            params.append(
                ParamSpec(
                    name=name,
                    index=segments.index("{" + name + "}"),
                    check=compile_param_check(param["schema"]),
                    schema=param["schema"],
                )
            )
        responses: dict[int, ResponseSpec] = {}
        for status_text, raw in node["responses"].items():
            if not str(status_text).isdigit():
                continue
            response, rpointer = self.deref(raw, f"{pointer}/responses/{status_text}")
            media = (response.get("content") or {}).get("application/json")
            headers: dict[str, Mapping[str, Any]] = {}
            header_examples: dict[str, str] = {}
            for name, raw_header in (response.get("headers") or {}).items():
                header, _ = self.deref(raw_header, "")
                schema = header.get("schema", {})
                headers[name.lower()] = schema
                example = header.get("example", schema.get("example"))
                if example is not None:
                    header_examples[name.lower()] = str(example)
            examples: dict[str, Any] = {}
            if media is not None:
                for name, example in (media.get("examples") or {}).items():
                    examples[name] = self.deref(example, "")[0]["value"]
                if "example" in media:
                    examples.setdefault("example", media["example"])
            responses[int(status_text)] = ResponseSpec(
                status=int(status_text),
                pointer=None if media is None else f"{rpointer}/content/application~1json/schema",
                headers=headers,
                header_examples=header_examples,
                examples=examples,
            )
        op_id = node["operationId"]
        ok = responses.get(200)
        if ok is None or ok.pointer is None:
            raise ValueError(f"{op_id}: the mock needs a JSON 200 response")
        invalid = self.first_example(responses, 400, op_id)
        # An operation that looks many things up (a request body) has no "not found" answer.
        body_schema = self.body_schema(node, op_id)
        not_found = None if body_schema else self.first_example(responses, 404, op_id)
        return OperationSpec(
            operation_id=op_id,
            method=method,
            template=template,
            params=tuple(params),
            responses=responses,
            resource=self.resource(ok.pointer, op_id),
            invalid_example=invalid,
            not_found_example=not_found,
            error_statuses=frozenset(
                status
                for status, response in responses.items()
                if response.pointer is not None
                and self.admits(f"{op_id} {status}", response.pointer, invalid)
            ),
            body_schema=body_schema,
        )

    def body_schema(self, node: Mapping[str, Any], op_id: str) -> Mapping[str, Any] | None:
        """The JSON request body's schema (refs resolved at its top), or None without one."""
        raw = node.get("requestBody")
        if raw is None:
            return None
        body, _ = self.deref(raw, "")
        media = (body.get("content") or {}).get("application/json")
        if media is None or "schema" not in media:
            raise ValueError(f"{op_id}: the mock reads only JSON request bodies")
        schema, _ = self.deref(media["schema"], "")
        return schema

    def first_example(self, responses: Mapping[int, ResponseSpec], status: int, op: str) -> Any:
        response = responses.get(status)
        if response is None or not response.examples:
            raise ValueError(f"{op}: the mock needs an example for the {status} response")
        return next(iter(response.examples.values()))

    def resource(self, pointer: str, op_id: str) -> str:
        schema = _pointer_get(self.document, pointer)
        branches = schema.get("oneOf") or schema.get("anyOf") or [schema]
        for branch in branches:
            target, _ = self.deref(branch, "")
            props = target.get("properties", {})
            # The resource is the branch that is not the bare error envelope.
            if set(props) - {"error", "errorDescription"}:
                return str(target.get("title") or target.get("x-name") or op_id)
        raise ValueError(f"{op_id}: cannot tell which resource the 200 response carries")

    def admits(self, response: str, pointer: str, sample: Any) -> bool:
        """Whether the schema at `pointer` admits `sample` ("operationId status": `response`)."""
        if self.known is not None:
            found = response in self.known
        else:
            import jsonschema  # only when no compiled copy is cached

            if self._registry is None:
                self._registry = document_registry(self.document)
            validator = jsonschema.Draft202012Validator(
                {"$ref": f"{DOC_URI}#{pointer}"}, registry=self._registry
            )
            found = bool(validator.is_valid(sample))
        if found:
            self.admitted.add(response)
        return found

    def errors(self) -> dict[int, ErrorInfo]:
        schema = self.document["components"]["schemas"]["ErrorCode"]
        return {
            code: ErrorInfo(code, name, description, status)
            for code, name, description, status in zip(
                schema["enum"],
                schema["x-enum-varnames"],
                schema["x-enum-descriptions"],
                schema["x-enum-http-statuses"],
                strict=True,
            )
        }

    def statuses(self) -> dict[str, bool]:
        schema = self.document["components"]["schemas"]["SmsStatus"]
        return {item["value"]: bool(item["final"]) for item in schema["x-known-values"]}

    def key_header(self) -> str:
        for scheme in self.document["components"]["securitySchemes"].values():
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                return str(scheme["name"])
        raise ValueError("the mock needs an apiKey security scheme in a header")

    def property_kinds(self, schema: Mapping[str, Any]) -> dict[str, str]:
        """How each property travels: id, int, decimal, datetime, envelope, or plain."""
        return {name: self.kind(prop) for name, prop in schema.get("properties", {}).items()}

    def kind(self, node: Mapping[str, Any]) -> str:
        names = {
            "WireId": "id",
            "WireInteger": "int",
            "WireDecimal": "decimal",
            "WireDateTime": "datetime",
            "WireNoError": "envelope",
            "WireErrorCode": "envelope",
            "WireMsisdn": "int",
        }
        ref = node.get("$ref")
        if ref is not None:
            return names.get(ref.rsplit("/", 1)[-1], "plain")
        for branch in node.get("oneOf", []):
            found = self.kind(branch)
            if found != "plain":
                return found
            if branch.get("type") == "integer":
                return "int"
        return "plain"
