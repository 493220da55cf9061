"""The spec's own paths: auth, then the parameter (or the request body), then the record; rules
bend the answer."""

from __future__ import annotations

import re
from typing import Final

from wwt_sms_mock._contract.routing import Match, Miss, Router
from wwt_sms_mock._contract.spec import OperationSpec

from .mass_status import BODY_LIMIT, BadBody, IdsRule, read_ids
from .prefer import PreferReader
from .records import Records
from .replies import Replies, json_reply, raw_reply
from .reply import Reply
from .rules import Rule, RuleBook
from .styles import WireStyle

__all__ = ["ApiPaths"]

# Keys look like test_... or live_...; the spec says so only in prose (securitySchemes).
_KEY_SHAPE: Final = re.compile(rb"(?:test|live)_[\x21-\x7e]+")
_KEYS_SEEN: Final = 64  # well-formed keys remembered, so the shape is checked once per key


class ApiPaths:
    """Answers requests on the spec's paths (anything else gets the gateway's 404)."""

    def __init__(
        self,
        router: Router,
        records: Records,
        rules: RuleBook,
        replies: Replies,
        api_keys: frozenset[bytes] | None,
    ) -> None:
        self.router = router
        self.records = records
        self.rules = rules
        self.replies = replies
        self.api_keys = api_keys
        self._prefer = PreferReader()
        served = ", ".join(sorted({f"{op.method} {op.template}" for op in records.operations}))
        self._outside = f"this route is not part of this contract, which serves {served}"
        self._ids_rules: dict[str, IdsRule] = {}
        self._keys_seen: set[bytes] = set()

    def answer(
        self,
        method: str,
        path: str,
        key: bytes | None,
        prefer: bytes | None,
        style: WireStyle,
        body: bytes = b"",
    ) -> tuple[OperationSpec | None, Reply]:
        """The reply, and the operation it answered (None off the spec's paths). `body` is
        read only by an operation that takes one."""
        found = self.router.resolve(method, path)
        if isinstance(found, Miss):
            return None, self._miss(found)
        directive, offered = (None, {}) if prefer is None else self._prefer.read(prefer)
        if self.rules:
            rule = self.rules.take(found.operation, found.values)
            if rule is not None:
                directive = rule if directive is None else rule.merged(directive)
        if directive is None:
            return found.operation, self._serve(found, key, style, body)
        reply, used = self._directed(found, key, directive, style, body)
        applied = ", ".join(text for name, text in offered.items() if name in used)
        if applied and reply.status:
            echo = (b"preference-applied", applied.encode("latin-1"))
            reply = reply._replace(headers=[*reply.headers, echo])
        return found.operation, reply

    def _miss(self, miss: Miss) -> Reply:
        if miss.status == 204:
            assert miss.allow is not None
            return Reply(204, [(b"allow", miss.allow), (b"content-length", b"0")], b"")
        if miss.neighbour:
            return self.replies.gateway(404, self._outside)
        if miss.status == 405:
            assert miss.allow is not None
            return self.replies.gateway(405, "Method not allowed", ((b"allow", miss.allow),))
        return self.replies.gateway(404, "Not found")

    def _key_ok(self, key: bytes) -> bool:
        if self.api_keys is not None:
            return key in self.api_keys
        if key in self._keys_seen:
            return True
        if _KEY_SHAPE.fullmatch(key) is None:
            return False
        if len(self._keys_seen) < _KEYS_SEEN:
            self._keys_seen.add(key)  # a client sends the same key on every request
        return True

    def _serve(self, found: Match, key: bytes | None, style: WireStyle, body: bytes) -> Reply:
        """The contract's own behaviour: auth, then the parameter, then the record."""
        operation = found.operation
        if operation.body_schema is not None and len(body) > BODY_LIMIT:
            return self.replies.gateway(413, "Payload too large")  # refused before anything
        if key is None or not self._key_ok(key):
            return self.replies.example(operation, 401, None, None, style) or (
                self.replies.gateway(401, "API Key not found")
            )
        if operation.body_schema is not None:
            return self._statuses(operation, body, style)
        if found.invalid:
            return self.replies.api_error(operation, 400, operation.invalid_example, style)
        record = self.records.find(operation, found.values)
        if record is None:
            assert operation.not_found_example is not None  # every lookup by key has a 404
            return self.replies.api_error(operation, 404, operation.not_found_example, style)
        cache_key, render = record
        return self.replies.rendered((cache_key, style, self.records.store.version), render, style)

    def _statuses(self, operation: OperationSpec, body: bytes, style: WireStyle) -> Reply:
        """The mass-status operation: the IDs of the body (or a 400 saying what is wrong with
        it), then one item per message on record. Not cached: each answer is a new mix."""
        rule = self._ids_rules.get(operation.operation_id)
        if rule is None:
            assert operation.body_schema is not None
            rule = self._ids_rules[operation.operation_id] = IdsRule.from_schema(
                operation.body_schema
            )
        try:
            ids = read_ids(body, rule)
        except BadBody as bad:
            return self.replies.bad_request(operation, str(bad), style)
        _, render = self.records.statuses(ids)
        return json_reply(200, render(style))

    def _directed(
        self, found: Match, key: bytes | None, rule: Rule, style: WireStyle, body: bytes
    ) -> tuple[Reply, set[str]]:
        """What a rule or a `Prefer` header asks for, else the contract's own answer; and the
        names of the rule's fields that shaped the reply."""
        used = {name for name in ("style", "delay", "fault") if getattr(rule, name) is not None}
        style = rule.style or style
        delay = rule.delay or 0.0
        if rule.fault in ("reset", "drop"):
            return Reply(0, [], b"", rule.fault, delay), used
        reply, forced = self._forced(found.operation, rule, style)
        used |= forced
        if reply is None:
            reply = self._serve(found, key, style, body)
        if rule.fault == "truncate":
            reply = reply._replace(fault="truncate")
        elif rule.fault == "malformed":
            cut = reply.body[: max(1, len(reply.body) // 2)]
            reply = raw_reply(reply.status, reply.headers, cut)._replace(fault="malformed")
        return (reply._replace(delay=delay) if delay else reply), used

    def _forced(
        self, operation: OperationSpec, rule: Rule, style: WireStyle
    ) -> tuple[Reply | None, set[str]]:
        if rule.error is not None:
            return self.replies.api_error_code(operation, rule.error, style), {"error"}
        if rule.status is None and rule.example is None:
            return None, set()
        reply = self.replies.example(operation, rule.status, rule.example, rule.retry_after, style)
        if reply is None:
            return None, set()
        used = {"status"} if rule.status is not None else set()
        if rule.example is not None and any(
            rule.example in response.examples
            for status, response in operation.responses.items()
            if rule.status in (None, status)
        ):
            used.add("example")
        if rule.retry_after is not None and (
            (b"retry-after", rule.retry_after.encode()) in reply.headers
        ):
            used.add("retry_after")
        return reply, used
