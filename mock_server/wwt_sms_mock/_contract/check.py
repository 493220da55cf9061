"""Requests and responses held against the compiled spec: every way they break it, located.

The validating proxy and the replay of recordings both ask this module. A finding is a
`Violation`: which side broke the contract, where (the path, a header, the status, the
content type or the body), a JSON pointer into that place, and a message.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, Final
from urllib.parse import unquote

from wwt_sms_contract import explain, json_pointer

from .routing import Miss, Router
from .spec import INVALID, OperationSpec, Spec

__all__ = ["ContractChecker", "Located", "Violation", "json_pointer"]

# Characters kept of one message, which can quote a huge value. A bound on memory only:
# whoever shows a message redacts secrets first and then cuts it to what it shows.
_MAX_MESSAGE: Final = 16_384
MAX_VIOLATIONS: Final = 100  # listed per response; one more entry says how many were left out
# Verdicts kept, keyed by a digest of the answer: the cache holds no body, and its messages
# are counted against a budget in characters.
_VERDICT_CACHE: Final = 4096
_VERDICT_CACHE_CHARS: Final = 8 << 20


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


def _at_most(violations: Iterable[Violation]) -> tuple[Violation, ...]:
    """The first MAX_VIOLATIONS, and a note when there were more; the rest are never computed."""
    kept = tuple(islice(violations, MAX_VIOLATIONS + 1))
    if len(kept) <= MAX_VIOLATIONS:
        return kept
    note = f"more than {MAX_VIOLATIONS} violations: the rest are not listed"
    return (*kept[:MAX_VIOLATIONS], Violation(kept[-1].side, kept[-1].location, "", note))


class _VerdictCache:
    """Verdicts by answer digest, within an entry count and a budget of message characters."""

    def __init__(self) -> None:
        self._verdicts: dict[tuple[str | None, bool, int, bytes], tuple[Violation, ...]] = {}
        self._chars = 0

    def get(self, key: tuple[str | None, bool, int, bytes]) -> tuple[Violation, ...] | None:
        return self._verdicts.get(key)

    def put(self, key: tuple[str | None, bool, int, bytes], found: tuple[Violation, ...]) -> None:
        chars = sum(len(v.message) + len(v.pointer) for v in found)
        if chars > _VERDICT_CACHE_CHARS:
            return
        if len(self._verdicts) >= _VERDICT_CACHE or self._chars + chars > _VERDICT_CACHE_CHARS:
            self._verdicts.clear()  # the cache only saves work
            self._chars = 0
        self._verdicts[key] = found
        self._chars += chars

    def __len__(self) -> int:
        return len(self._verdicts)


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
        self._verdicts = _VerdictCache()

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
        answer = hashlib.blake2b(b"%r\n" % (headers,) + body, digest_size=20).digest()
        cache_key = (op_id, method == "HEAD", status, answer)
        found = self._verdicts.get(cache_key)
        if found is None:
            found = _at_most(self._response_violations(operation, method, status, headers, body))
            self._verdicts.put(cache_key, found)
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
            for where, message in explain(error, self.spec.document):
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
            import jsonschema  # loaded by the first check, not by the mock's start

            text = raw.decode("latin-1")
            error = jsonschema.exceptions.best_match(
                jsonschema.Draft202012Validator(schema).iter_errors(text)
            )
            if error is not None:
                shown = name.decode("latin-1")
                yield _response("header", "/" + shown.lower(), _short(f"{shown}: {error.message}"))


def _request(location: str, pointer: str, message: str) -> Violation:
    return Violation("request", location, pointer, message)


def _response(location: str, pointer: str, message: str) -> Violation:
    return Violation("response", location, pointer, message)
