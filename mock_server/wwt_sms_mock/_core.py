"""The mock's one handler: plain values in (method, path, headers), plain values out.

Nothing here knows respx, httpx or ASGI. Faults that need a socket come back as values
(`Reply.fault`) that each face carries out as its medium allows.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote

from ._control import control
from ._fixtures import RecordedTask, load_fixtures
from ._journal import Journal, JournalEntry
from ._reply import Reply
from ._spec import INVALID, ContractBreach, OperationSpec, Route, Spec, load_spec
from ._store import Clock, Message, Store, Task, demo_records
from ._wire import CANONICAL, WireStyle, dumps, error_body, render

__all__ = ["CONTROL_PREFIX", "FAULTS", "MockCore", "Reply", "Rule"]

FAULTS: Final = ("reset", "drop", "truncate", "malformed")
"""reset: TCP reset, no response. drop: connection closed, no response.
truncate: headers promise the whole body, half arrives, then the connection closes.
malformed: a complete response whose JSON body is cut short."""

CONTROL_PREFIX: Final = "/__mock"
MAX_DELAY: Final = 120.0  # seconds; a Prefer header must not be able to park a worker forever

_JSON: Final = (b"content-type", b"application/json")
# Keys look like test_... or live_...; the spec says so only in prose (securitySchemes).
_KEY_SHAPE: Final = re.compile(rb"(?:test|live)_[\x21-\x7e]+")
_CACHE_LIMIT: Final = 20_000
_STATUS: Final = re.compile(r"[1-5][0-9]{2}")
_CODE: Final = re.compile(r"[1-9][0-9]{0,8}")  # the contract's non-zero error codes
_SECONDS: Final = re.compile(r"[0-9]{1,9}")


@dataclass(slots=True)
class Rule:
    """A forced outcome: for the next `times` matching requests (None: until cleared)."""

    status: int | None = None
    error: int | None = None
    example: str | None = None
    fault: str | None = None
    delay: float | None = None
    retry_after: str | None = None
    style: WireStyle | None = None
    times: int | None = None
    match: dict[str, object] = field(default_factory=dict)  # param name or "operation"

    def matches(self, operation: OperationSpec, values: Mapping[str, object]) -> bool:
        for name, wanted in self.match.items():
            got = operation.operation_id if name == "operation" else values.get(name)
            if got != wanted:
                return False
        return True

    def merged(self, over: Rule) -> Rule:
        """This rule with every field `over` sets taking its place (Prefer beats a rule)."""
        return Rule(
            status=over.status if over.status is not None else self.status,
            error=over.error if over.error is not None else self.error,
            example=over.example if over.example is not None else self.example,
            fault=over.fault if over.fault is not None else self.fault,
            delay=over.delay if over.delay is not None else self.delay,
            retry_after=over.retry_after if over.retry_after is not None else self.retry_after,
            style=over.style if over.style is not None else self.style,
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: getattr(self, k)
            for k in ("status", "error", "example", "fault", "delay", "retry_after", "times")
            if getattr(self, k) is not None
        }
        if self.style is not None:
            out["style"] = self.style.name
        if self.match:
            out["match"] = dict(self.match)
        return out


class MockCore:
    """The contract mock's state and behaviour, shared by every face.

    Python controls: `advance`, `force`, `fault`, `latency`, `style`, the record methods,
    `journal` and its assertion helpers. The same controls are served over HTTP under
    `/__mock/...` (see `_control`).
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        style: WireStyle | str = CANONICAL,
        self_check: bool = False,
        base_path: str | None = None,
        spec_path: str | Path | None = None,
        realtime: bool = False,
        journal_size: int = 10_000,
        api_keys: Iterable[str] | None = None,
        demo: bool = True,
        fixtures: str | Path | None = None,
    ) -> None:
        self.spec: Spec = load_spec(spec_path, base_path=base_path)
        self.base_path = self.spec.base_path
        self.self_check = self_check
        self.api_keys = None if api_keys is None else frozenset(k.encode() for k in api_keys)
        self.breaches: list[str] = []
        self.journal = Journal(journal_size)
        self.clock = Clock(realtime=realtime)
        self.store = Store()
        self._style = WireStyle.parse(style)
        self._seed = seed
        self._demo = demo
        self._rules: list[Rule] = []
        self._rules_lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], Reply] = {}
        self._checked: set[tuple[Any, ...]] = set()
        self._prefer_cache: dict[bytes, tuple[Rule | None, bytes]] = {}
        self._key_header = self.spec.key_header.lower().encode()
        self._routes: dict[int, tuple[Route, ...]] = {}
        for route in self.spec.routes:
            self._routes[route.length] = (*self._routes.get(route.length, ()), route)
        self._lookups = {op.operation_id: self._binding(op) for op in self.spec.operations}
        self._no_error = self.spec.errors[0].description
        self._fixtures = None if fixtures is None else load_fixtures(fixtures, self.spec)
        self._seed_records()

    # --- records and time -----------------------------------------------------------------

    def _seed_records(self) -> None:
        if self._demo:
            messages, tasks = demo_records(self._seed, self.spec.statuses)
            for message in messages:
                try:
                    self.store.add_message(message)
                except ValueError:
                    continue  # a generated extra collided with a demo record: skip it
            for task in tasks:
                self.store.add_task(task)
        if self._fixtures is not None:  # recorded records win over demo ones
            self.store.load(self._fixtures.messages, self._fixtures.tasks)

    @property
    def now(self) -> float:
        """Virtual seconds since the mock's start (see `advance`)."""
        return self.clock.now()

    def advance(self, seconds: float) -> float:
        """Move virtual time forward: in-flight messages move on. Returns the new time."""
        return self.clock.advance(seconds)

    @property
    def style(self) -> WireStyle:
        return self._style

    @style.setter
    def style(self, value: WireStyle | str) -> None:
        self._style = WireStyle.parse(value)

    def reset(self, seed: int | None = None) -> None:
        """Back to a fresh start: demo records (for `seed`), no rules, empty journal, t=0."""
        if seed is not None:
            self._seed = seed
        self.store.clear()
        self._seed_records()
        self.clear_rules()
        self.journal.clear()
        self.clock.reset()
        self._cache.clear()
        self.breaches.clear()

    def clear(self) -> None:
        """Remove every message and campaign (the demo records too)."""
        self.store.clear()
        self._cache.clear()

    def add_message(self, message: Message | None = None, /, **fields: Any) -> Message:
        """Add a message (a `Message`, or its fields as keywords); its id must be new."""
        return self.store.add_message(message or Message(**fields))

    def replace_message(self, message: Message | None = None, /, **fields: Any) -> Message:
        """Add or replace a message by id."""
        return self.store.add_message(message or Message(**fields), replace=True)

    def remove_message(self, message_id: int) -> None:
        self.store.remove_message(message_id)

    def message(self, message_id: int) -> Message:
        return self.store.messages[message_id]

    def add_task(self, task: Task | None = None, /, **fields: Any) -> Task:
        """Add a campaign (a `Task`, or its fields as keywords); its task id must be new."""
        return self.store.add_task(task or Task(**fields))

    def replace_task(self, task: Task | None = None, /, **fields: Any) -> Task:
        return self.store.add_task(task or Task(**fields), replace=True)

    def remove_task(self, task_id: int) -> None:
        self.store.remove_task(task_id)

    def task(self, task_id: int) -> Task:
        return self.store.tasks[task_id]

    # --- controls -------------------------------------------------------------------------

    def force(
        self,
        *,
        status: int | None = None,
        error: int | None = None,
        example: str | None = None,
        fault: str | None = None,
        delay: float | None = None,
        retry_after: int | str | None = None,
        style: WireStyle | str | None = None,
        times: int | None = None,
        operation: str | None = None,
        **match: object,
    ) -> Rule:
        """Force an outcome for the next `times` requests (None: until `clear_rules`).

        `status`: answer with the operation's documented response for that HTTP status (its
        example, plus declared headers such as `Retry-After`). `error`: answer with that API
        error code, at the HTTP status the spec pairs with it (or in a 200 body where the
        operation does not document that status). `example`: serve the spec's example of that
        name. `fault`: one of FAULTS. `delay`: seconds before answering. Keywords named after
        a path parameter (`id=211`, `reference="ext19"`, `task_id=77`) or `operation=` (an
        operationId) limit the rule to matching requests.
        """
        rule = Rule(
            status=status,
            error=error,
            example=example,
            fault=fault,
            delay=None if delay is None else float(delay),
            retry_after=None if retry_after is None else str(retry_after),
            style=None if style is None else WireStyle.parse(style),
            times=times,
            match=self._match(operation, match),
        )
        self._validate_rule(rule)
        with self._rules_lock:
            self._rules.append(rule)
        return rule

    def fault(self, kind: str, *, times: int | None = 1, **match: object) -> Rule:
        """A connection-level fault (one of FAULTS) for the next `times` requests."""
        return self.force(fault=kind, times=times, **match)  # type: ignore[arg-type]

    def latency(self, seconds: float, *, times: int | None = None, **match: object) -> Rule:
        """Answer after `seconds` (until cleared unless `times`)."""
        return self.force(delay=seconds, times=times, **match)  # type: ignore[arg-type]

    @property
    def rules(self) -> list[Rule]:
        with self._rules_lock:
            return list(self._rules)

    def clear_rules(self) -> None:
        with self._rules_lock:
            self._rules.clear()

    def _match(self, operation: str | None, match: Mapping[str, object]) -> dict[str, object]:
        out: dict[str, object] = {}
        if operation is not None:
            if operation not in self._lookups:
                raise ValueError(f"unknown operation {operation!r}; known: {sorted(self._lookups)}")
            out["operation"] = operation
        checks = {p.name: p.check for route in self.spec.routes for p in route.params}
        for name, value in match.items():
            if name not in checks:
                raise TypeError(
                    f"unknown match {name!r}: use a path parameter {sorted(checks)} or operation"
                )
            checked = checks[name](str(value))
            if checked is INVALID:
                raise ValueError(f"{name}={value!r} is not a valid value for that parameter")
            out[name] = checked
        return out

    def _validate_rule(self, rule: Rule) -> None:
        ops = [
            op
            for op in self.spec.operations
            if rule.match.get("operation", op.operation_id) == op.operation_id
        ]
        if rule.status is not None and not any(rule.status in op.responses for op in ops):
            documented = sorted({s for op in ops for s in op.responses})
            raise ValueError(f"status {rule.status} is not documented; choose from {documented}")
        if rule.error is not None and not 1 <= rule.error <= 999_999_999:
            raise ValueError("error must be a non-zero code (0 means success)")
        if rule.example is not None and not any(
            rule.example in r.examples for op in ops for r in op.responses.values()
        ):
            raise ValueError(f"no example named {rule.example!r} in the spec")
        if rule.fault is not None and rule.fault not in FAULTS:
            raise ValueError(f"fault must be one of {FAULTS}")
        if rule.delay is not None and not 0 <= rule.delay <= MAX_DELAY:
            raise ValueError(f"delay must be between 0 and {MAX_DELAY} seconds")
        if rule.times is not None and rule.times < 1:
            raise ValueError("times must be at least 1 (or None: until cleared)")

    def _take_rule(self, operation: OperationSpec, values: Mapping[str, object]) -> Rule | None:
        with self._rules_lock:
            for rule in self._rules:
                if rule.matches(operation, values):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    return rule
        return None

    # --- journal helpers ------------------------------------------------------------------

    def assert_called(self, **criteria: Any) -> list[JournalEntry]:
        return self.journal.assert_called(**criteria)

    def assert_called_once(self, **criteria: Any) -> JournalEntry:
        return self.journal.assert_called_once(**criteria)

    def assert_not_called(self, **criteria: Any) -> None:
        self.journal.assert_not_called(**criteria)

    # --- the handler ----------------------------------------------------------------------

    def handle(
        self,
        method: str,
        target: str,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes = b"",
    ) -> Reply:
        """Answer one request. `target` is the path as sent (percent-encoded, may carry a
        query string); `headers` are raw (name, value) byte pairs; `body` is only read by
        the control endpoints."""
        cut = target.find("?")
        path = target if cut < 0 else target[:cut]
        if path.startswith(CONTROL_PREFIX) and (
            len(path) == len(CONTROL_PREFIX) or path[len(CONTROL_PREFIX)] == "/"
        ):
            return control(
                self,
                method,
                path[len(CONTROL_PREFIX) :],
                target[cut + 1 :] if cut >= 0 else "",
                body,
            )
        key: bytes | None = None
        key_index = -1
        prefer: bytes | None = None
        key_header = self._key_header
        for index, (name, value) in enumerate(headers):
            lowered = name.lower()
            if lowered == key_header:
                key, key_index = value, index
            elif lowered == b"prefer":
                prefer = value if prefer is None else prefer + b"," + value
        operation, reply = self._dispatch(method, path, key, prefer)
        if self.self_check and reply.fault is None and reply.status:
            self._check(operation, reply)
        if method == "HEAD" and reply.body:
            reply = reply._replace(body=b"")
        self.journal.record(
            self.clock.now(),
            method,
            target,
            headers,
            key_index,
            reply.status,
            None if operation is None else operation.operation_id,
        )
        return reply

    def _dispatch(
        self, method: str, path: str, key: bytes | None, prefer: bytes | None
    ) -> tuple[OperationSpec | None, Reply]:
        base = self.base_path
        if base:
            if not path.startswith(base) or path[len(base) : len(base) + 1] != "/":
                return None, self._gateway(404, "Not found")
            path = path[len(base) :]
        segments = path.split("/")
        route = None
        for candidate in self._routes.get(len(segments), ()):
            for index, literal in candidate.literals:
                if segments[index] != literal:
                    break
            else:
                route = candidate
                break
        if route is None:
            return None, self._gateway(404, "Not found")
        operation = route.operations.get(method)
        if operation is None:
            if method == "HEAD":
                operation = route.operations.get("GET")
            elif method == "OPTIONS":
                return None, Reply(204, [(b"allow", route.allow), (b"content-length", b"0")], b"")
            if operation is None:
                return None, self._gateway(405, "Method not allowed", ((b"allow", route.allow),))
        values: dict[str, object] = {}
        invalid = False
        for param in route.params:
            text = segments[param.index]
            if "%" in text:
                text = unquote(text)
            value = param.check(text)
            if value is INVALID:
                invalid = True
            else:
                values[param.name] = value
        directive: Rule | None = None
        applied = b""
        if prefer is not None:
            directive, applied = self._prefer(prefer)
        if self._rules:
            rule = self._take_rule(operation, values)
            if rule is not None:
                directive = rule if directive is None else rule.merged(directive)
        if directive is None:
            return operation, self._serve(operation, values, invalid, key, self._style)
        reply = self._directed(operation, values, invalid, key, directive)
        if applied and reply.status:
            reply = reply._replace(headers=[*reply.headers, (b"preference-applied", applied)])
        return operation, reply

    def _key_ok(self, key: bytes) -> bool:
        if self.api_keys is not None:
            return key in self.api_keys
        return _KEY_SHAPE.fullmatch(key) is not None

    def _serve(
        self,
        operation: OperationSpec,
        values: Mapping[str, object],
        invalid: bool,
        key: bytes | None,
        style: WireStyle,
    ) -> Reply:
        """The contract's own behaviour: auth, then the parameter, then the record."""
        if key is None or not self._key_ok(key):
            return self._example(operation, 401, None, None, style) or self._gateway(
                401, "API Key not found"
            )
        if invalid:
            return self._api_error(operation, 400, operation.invalid_example, style)
        found = self._lookups[operation.operation_id](values)
        if found is None:
            return self._api_error(operation, 404, operation.not_found_example, style)
        cache_key, build = found
        cache_key = (*cache_key, style, self.store.version)
        reply = self._cache.get(cache_key)
        if reply is None:
            reply = self._json(200, build(style))
            self._remember(cache_key, reply)
        return reply

    def _binding(
        self, operation: OperationSpec
    ) -> Callable[
        [Mapping[str, object]], tuple[tuple[Any, ...], Callable[[WireStyle], Any]] | None
    ]:
        """How an operation finds its record: by the resource the spec says it returns, and by
        the field its parameter names (a parameter that is not a field is the primary key)."""
        if len(operation.params) != 1:
            raise ValueError(f"{operation.operation_id}: the mock serves one-parameter lookups")
        param = operation.params[0].name
        kinds = self.spec.property_kinds.get(operation.resource, {})
        store = self.store
        clock = self.clock
        if operation.resource == "Sms":
            index = store.references if param == "reference" and param in kinds else store.messages

            def find_message(values: Mapping[str, object]) -> Any:
                message = index.get(values[param])  # type: ignore[call-overload]
                if message is None:
                    return None
                now = clock.now()
                return (
                    ("Sms", message.id, message.phase(now)),
                    lambda style: render(kinds, message.view(now), style, self._no_error),
                )

            return find_message
        if operation.resource == "Task":

            def find_task(values: Mapping[str, object]) -> Any:
                task = store.tasks.get(values[param])  # type: ignore[call-overload]
                if task is None:
                    return None
                now = clock.now()
                return (
                    ("Task", task.task_id, store.task_phase(task, now)),
                    lambda style: render(kinds, self._task_view(task, now), style, self._no_error),
                )

            return find_task
        raise ValueError(f"{operation.operation_id}: no store for resource {operation.resource!r}")

    def _task_view(self, task: Task, now: float) -> dict[str, Any]:
        if isinstance(task, RecordedTask):
            return task.view()
        messages = list(self.store.task_messages(task))
        statuses = [m.status_at(now) for m in messages]
        view: dict[str, Any] = {
            "originator": task.originator,
            "body": task.body,
            "validity": task.validity,
            "currency": task.currency,
            "totalprice": sum((m.price for m in messages), Decimal(0)),
            "total": len(messages),
            # "sent" counts every message that reached the operator, delivered or not
            # (the vendor's example: sent 2 = delivered 1 + undeliverable 1).
            "sent": sum(1 for m in messages if m.time_sent is not None and m.time_sent <= now),
        }
        for name, kind in self.spec.property_kinds["Task"].items():
            if kind == "int" and name not in view:
                view[name] = statuses.count(name)  # counters named after statuses
        return view

    def _directed(
        self,
        operation: OperationSpec,
        values: Mapping[str, object],
        invalid: bool,
        key: bytes | None,
        rule: Rule,
    ) -> Reply:
        style = rule.style or self._style
        delay = rule.delay or 0.0
        if rule.fault in ("reset", "drop"):
            return Reply(0, [], b"", rule.fault, delay)
        reply: Reply | None = None
        if rule.error is not None:
            info = self.spec.errors.get(rule.error)
            description = info.description if info else f"Error {rule.error}"
            status = info.http_status if info else 200
            reply = self._api_error(
                operation, status, {"error": rule.error, "errorDescription": description}, style
            )
        elif rule.status is not None or rule.example is not None:
            reply = self._example(operation, rule.status, rule.example, rule.retry_after, style)
        if reply is None:
            reply = self._serve(operation, values, invalid, key, style)
        if rule.fault == "truncate":
            reply = reply._replace(fault="truncate")
        elif rule.fault == "malformed":
            cut = reply.body[: max(1, len(reply.body) // 2)]
            reply = self._raw(reply.status, reply.headers, cut)._replace(fault="malformed")
        return reply._replace(delay=delay) if delay else reply

    def _api_error(
        self, operation: OperationSpec, status: int, example: Mapping[str, Any], style: WireStyle
    ) -> Reply:
        """An API-shape error at `status`, or in a 200 body where the operation documents no
        error body at that status or the style asks for the real API's habit."""
        code = int(example["error"])
        cache_key = ("error", operation.operation_id, status, code, style)
        reply = self._cache.get(cache_key)
        if reply is None:
            in_200 = style.errors_in_200 or status == 200 or status not in operation.error_statuses
            if in_200 and not operation.error_in_200:
                in_200 = False  # nowhere to put it: keep the paired status
            description = str(example.get("errorDescription", self._no_error))
            body = error_body(code, description, style, in_200=in_200)
            reply = self._json(200 if in_200 else status, body)
            self._remember(cache_key, reply)
        return reply

    def _example(
        self,
        operation: OperationSpec,
        status: int | None,
        name: str | None,
        retry_after: str | None,
        style: WireStyle,
    ) -> Reply | None:
        """The operation's documented response: its named (or first) example, its headers."""
        if status is None:
            status = next((s for s, r in operation.responses.items() if name in r.examples), None)
            if status is None:
                return None
        response = operation.responses.get(status)
        if response is None:
            return None
        cache_key = ("example", operation.operation_id, status, name, retry_after, style)
        reply = self._cache.get(cache_key)
        if reply is not None:
            return reply
        if name is not None and name in response.examples:
            value = response.examples[name]
        elif response.examples:
            value = next(iter(response.examples.values()))
        else:
            value = None
        if isinstance(value, dict) and "error" in value and status != 200:
            return self._api_error(operation, status, value, style)
        extra = [
            (
                header.encode(),
                (retry_after if header == "retry-after" and retry_after else example).encode(),
            )
            for header, example in response.header_examples.items()
        ]
        reply = (
            Reply(status, [*extra, (b"content-length", b"0")], b"")
            if value is None
            else self._json(status, value, extra)
        )
        self._remember(cache_key, reply)
        return reply

    def _gateway(
        self, status: int, message: str, extra: Sequence[tuple[bytes, bytes]] = ()
    ) -> Reply:
        cache_key = ("gateway", status, tuple(extra))
        reply = self._cache.get(cache_key)
        if reply is None:
            reply = self._json(status, {"code": status, "message": message}, extra)
            self._remember(cache_key, reply)
        return reply

    def _json(self, status: int, value: Any, extra: Sequence[tuple[bytes, bytes]] = ()) -> Reply:
        return self._raw(status, [_JSON, *extra], dumps(value))

    @staticmethod
    def _raw(status: int, headers: Sequence[tuple[bytes, bytes]], body: bytes) -> Reply:
        kept = [h for h in headers if h[0] != b"content-length"]
        return Reply(status, [*kept, (b"content-length", str(len(body)).encode())], body)

    def _remember(self, key: tuple[Any, ...], reply: Reply) -> None:
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()  # bounded: memory stays flat whatever the traffic
        self._cache[key] = reply

    def _check(self, operation: OperationSpec | None, reply: Reply) -> None:
        if reply.status == 204:
            return
        key = (
            None if operation is None else operation.operation_id,
            reply.status,
            tuple(reply.headers),
            reply.body,
        )
        if key in self._checked:
            return
        try:
            self.spec.check_response(operation, reply.status, reply.headers, reply.body)
        except ContractBreach as breach:
            self.breaches.append(str(breach))
            raise
        if len(self._checked) >= _CACHE_LIMIT:
            self._checked.clear()
        self._checked.add(key)

    # --- Prefer ---------------------------------------------------------------------------

    def _prefer(self, header: bytes) -> tuple[Rule | None, bytes]:
        found = self._prefer_cache.get(header)
        if found is None:
            found = parse_prefer(header)
            if len(self._prefer_cache) < 1024 and len(header) < 512:
                self._prefer_cache[header] = found
        return found


def parse_prefer(header: bytes) -> tuple[Rule | None, bytes]:
    """Read mock choices from a `Prefer` header; unknown or bad preferences are ignored
    (RFC 7240). Returns the rule and the `Preference-Applied` value naming what was used.

    code=404 (alias status=), error=20, example=vendor, fault=reset|drop|truncate|malformed,
    delay=0.5, retry-after=3, style=vendor|canonical|flags.
    """
    rule = Rule()
    applied: list[str] = []
    text = header.decode("latin-1")
    for token in re.split(r"[,;]", text):
        name, sep, raw = token.partition("=")
        if not sep:
            continue
        name = name.strip().lower()
        value = raw.strip().strip('"')
        try:
            if name in ("code", "status") and _STATUS.fullmatch(value):
                rule.status = int(value)
            elif name == "error" and _CODE.fullmatch(value):
                rule.error = int(value)
            elif name == "example" and value and len(value) <= 100:
                rule.example = value
            elif name == "fault" and value in FAULTS:
                rule.fault = value
            elif name == "delay":
                seconds = float(value)
                if not 0 <= seconds <= MAX_DELAY:
                    continue
                rule.delay = seconds
            elif name in ("retry-after", "retry_after") and _SECONDS.fullmatch(value):
                rule.retry_after = value
            elif name == "style":
                rule.style = WireStyle.parse(value)
            else:
                continue
        except ValueError:
            continue
        applied.append(f"{name}={value}")
    if not applied:
        return None, b""
    return rule, ", ".join(applied).encode("latin-1")
