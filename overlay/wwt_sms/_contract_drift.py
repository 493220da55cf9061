"""`on_contract_drift`: each response held against the contract the SDK ships with.

The SDK reads the API as a tolerant reader: numbers as strings, unknown statuses, extra fields
all pass. To learn when the API drifts from its contract anyway, a client made with
`on_contract_drift="warn"` emits one `ContractDriftWarning` per response that breaks
`openapi.yaml` (naming the operation and a JSON pointer), and one made with `"raise"` raises
`UnexpectedResponseError` instead of reading it. `"ignore"`, the default, checks nothing: the
client then holds no checker at all.

Checking needs jsonschema and PyYAML (the `contract` extra); they are imported when a client
first asks for a check, never by `import wwt_sms`.
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from wwt_sms_contract import BodyError, decode_body, explain, redact, shorten, validator_class

from ._constants import DRIFT_CACHE_BYTES, DRIFT_MESSAGE_CHARS
from ._exceptions import ClientValidationError
from ._transport import sent_key, unexpected
from ._types import DriftMode

if TYPE_CHECKING:
    import httpx

    from ._requests import Call

__all__ = ["DRIFT_MODES", "ContractDriftWarning", "DriftCheck", "DriftMode", "drift_check"]

DRIFT_MODES: Final = ("ignore", "warn", "raise")
_DOC_URI: Final = "urn:wwt-sms:openapi"
# What a remembered verdict costs beyond its body and message: the key tuple, the dict slot.
_ENTRY_OVERHEAD: Final = 256


class ContractDriftWarning(UserWarning):
    """A response broke the API's contract (`openapi.yaml`); the SDK read it anyway.

    `operation` is the operationId, `pointer` a JSON pointer into the body (or "" for the
    status, content type or the whole body), `message` what is wrong there.
    """

    def __init__(self, operation: str, pointer: str, message: str) -> None:
        super().__init__(
            f"{operation}: the response breaks the contract at {pointer or '/'}: {message}"
        )
        self.operation = operation
        self.pointer = pointer
        self.message = message


def drift_check(mode: object) -> DriftCheck | None:
    """The checker for an `on_contract_drift` value; None for "ignore"."""
    if mode == "ignore":
        return None
    if mode not in DRIFT_MODES:
        raise ClientValidationError(f"on_contract_drift must be one of {DRIFT_MODES}, got {mode!r}")
    return DriftCheck(str(mode), _contract())


class DriftCheck:
    """Warns about, or raises on, each response that breaks the contract."""

    def __init__(self, mode: str, contract: _Contract) -> None:
        self.mode = mode
        self._contract = contract

    def check(self, call: Call[Any], response: httpx.Response) -> None:
        operation = self._contract.operation(call.method, call.path)
        if operation is None:
            return  # not a call of this contract (a path the SDK never builds)
        found = self._contract.first_violation(operation, response)
        if found is None:
            return
        pointer, message = found
        # A body can echo the API key, and a message quotes body values: redact, then cut.
        message = shorten(redact(message, sent_key(response)), DRIFT_MESSAGE_CHARS)
        if self.mode == "raise":
            where = pointer or "/"
            raise unexpected(response, f"{operation.id} breaks the contract at {where}: {message}")
        warnings.warn(ContractDriftWarning(operation.id, pointer, message), stacklevel=2)


# --- the contract, compiled once -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Operation:
    id: str
    segments: tuple[str | None, ...]  # None where the template has a parameter
    responses: Mapping[int, tuple[str | None, Mapping[str, Any]]]  # status -> schema, headers


class _Contract:
    def __init__(self, document: Mapping[str, Any], registry: Any) -> None:
        self.document = document
        self._registry = registry
        self._operations: dict[str, list[_Operation]] = {}
        for template, item in document["paths"].items():
            for method, node in item.items():
                if isinstance(node, dict) and "operationId" in node:
                    operation = self._compile(
                        template, f"/paths/{_escape(template)}/{method}", node
                    )
                    self._operations.setdefault(method.upper(), []).append(operation)
        self._validators: dict[str, Any] = {}
        self._verdicts = _Verdicts(DRIFT_CACHE_BYTES)

    def _compile(self, template: str, pointer: str, node: Mapping[str, Any]) -> _Operation:
        responses: dict[int, tuple[str | None, Mapping[str, Any]]] = {}
        for status, raw in node["responses"].items():
            if not str(status).isdigit():
                continue
            response, where = self._deref(raw, f"{pointer}/responses/{status}")
            media = (response.get("content") or {}).get("application/json")
            schema = None if media is None else f"{where}/content/application~1json/schema"
            headers = {
                name.lower(): self._deref(header, "")[0].get("schema", {})
                for name, header in (response.get("headers") or {}).items()
            }
            responses[int(status)] = (schema, headers)
        segments = tuple(
            None if part.startswith("{") and part.endswith("}") else part
            for part in template.split("/")
        )
        return _Operation(str(node["operationId"]), segments, responses)

    def _deref(self, node: Mapping[str, Any], pointer: str) -> tuple[Mapping[str, Any], str]:
        while "$ref" in node:
            pointer = str(node["$ref"]).partition("#")[2]
            target: Any = self.document
            for part in pointer.split("/")[1:]:
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node, pointer

    def operation(self, method: str, path: str) -> _Operation | None:
        parts = path.split("?", 1)[0].split("/")
        for operation in self._operations.get(method.upper(), ()):
            if len(operation.segments) == len(parts) and all(
                want is None or want == got
                for want, got in zip(operation.segments, parts, strict=True)
            ):
                return operation
        return None

    def first_violation(
        self, operation: _Operation, response: httpx.Response
    ) -> tuple[str, str] | None:
        content_type = response.headers.get("content-type", "")
        key = (operation.id, response.status_code, content_type, response.content)
        found, verdict = self._verdicts.get(key)
        if not found:
            verdict = next(self._violations(operation, response, content_type), None)
            self._verdicts.put(key, verdict)
        return verdict

    def _violations(
        self, operation: _Operation, response: httpx.Response, content_type: str
    ) -> Iterator[tuple[str, str]]:
        status = response.status_code
        if status not in operation.responses:
            listed = ", ".join(str(s) for s in sorted(operation.responses))
            yield "", f"status {status} is not declared ({listed})"
            return
        schema, headers = operation.responses[status]
        for name, header_schema in headers.items():
            value = response.headers.get(name)
            if value is not None and not self._validator(None, header_schema).is_valid(value):
                yield "", f"header {name}: {value!r} breaks its schema"
        if schema is None:
            if response.content:
                yield "", "a body where the contract declares none"
            return
        if content_type.split(";")[0].strip().lower() != "application/json":
            yield "", f"content type {content_type!r} is not JSON"
            return
        try:
            value = decode_body(response.content)
        except BodyError as exc:
            yield "", f"the body is {exc}"
            return
        try:
            for error in self._validator(schema, None).iter_errors(value):
                yield from explain(error, self.document)
        except RecursionError:  # within MAX_NESTING, yet called from deep in a caller's stack
            yield "", "the body is nested too deep to check here"

    def value_violation(self, pointer: str, value: Any) -> tuple[str, str] | None:
        """The first way a decoded `value` breaks the schema at `pointer` (pointer, message)."""
        try:
            errors = self._validator(pointer, None).iter_errors(value)
            return next((pair for error in errors for pair in explain(error, self.document)), None)
        except RecursionError:
            return "", "the body is nested too deep to check here"

    def _validator(self, pointer: str | None, schema: Mapping[str, Any] | None) -> Any:
        draft = validator_class()  # the contract's regex dialect, not Python's
        if pointer is None:
            return draft(schema)
        found = self._validators.get(pointer)
        if found is None:
            found = draft({"$ref": f"{_DOC_URI}#{pointer}"}, registry=self._registry)
            self._validators[pointer] = found
        return found


@functools.cache
def _contract() -> _Contract:
    from importlib import resources

    try:
        import jsonschema  # noqa: F401  (what validator_class imports: refused here, by name)
        import referencing
        import yaml
        from referencing.jsonschema import DRAFT202012
    except ImportError as exc:
        raise ClientValidationError(
            f"on_contract_drift needs jsonschema and PyYAML ({exc.name} is missing): "
            "pip install 'wwt-sms[contract]'"
        ) from None
    text = resources.files("wwt_sms").joinpath("openapi.yaml").read_text("utf-8")
    document = yaml.safe_load(text)
    registry = referencing.Registry().with_resource(_DOC_URI, DRAFT202012.create_resource(document))
    return _Contract(document, registry)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Verdicts:
    """Verdicts on responses seen, keyed by the whole response, within a byte budget: the
    oldest are forgotten first; a response larger than the budget is not remembered. Shared by
    every client and thread, hence the lock."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._entries: dict[tuple[str, int, str, bytes], tuple[tuple[str, str] | None, int]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[str, int, str, bytes]) -> tuple[bool, tuple[str, str] | None]:
        entry = self._entries.get(key)
        return (False, None) if entry is None else (True, entry[0])

    def put(self, key: tuple[str, int, str, bytes], verdict: tuple[str, str] | None) -> None:
        cost = _ENTRY_OVERHEAD + len(key[3]) + len(key[2])
        if verdict is not None:
            cost += len(verdict[0]) + len(verdict[1])
        if cost > self.budget:
            return
        with self._lock:
            if key in self._entries:
                return
            while self.size + cost > self.budget:  # the oldest first (dicts keep order)
                _, freed = self._entries.pop(next(iter(self._entries)))
                self.size -= freed
            self._entries[key] = (verdict, cost)
            self.size += cost
