"""The mock's core: plain values in (method, path, headers), plain values out.

Nothing here knows respx, httpx or ASGI. Faults that need a socket come back as values
(`Reply.fault`) that each face carries out as its medium allows. The work is done by the
parts it holds: the spec's paths (`api`), the rules (`rules`), the records (`records`),
the replies (`replies`) and the journal (`journal`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from wwt_sms_mock._contract.compile import load_spec
from wwt_sms_mock._contract.routing import Router
from wwt_sms_mock._contract.spec import Spec

from .api import ApiPaths
from .delivering import DeliveryReports
from .fixtures import FixtureProblem, FixtureWarning, load_fixtures
from .journal import Journal, JournalEntry
from .prefer import MAX_PREFER
from .records import Records
from .replies import Replies
from .reply import Reply
from .rules import FAULTS, Rule, RuleBook
from .selfcheck import SelfCheck
from .store import Clock, Message, Store, Task
from .styles import API, WireStyle

__all__ = ["FAULTS", "MockCore", "Reply", "Rule"]


class MockCore(DeliveryReports):
    """The contract mock's state and behaviour, shared by every face.

    Python controls: `advance`, `force`, `fault`, `latency`, `style`, the record methods,
    `journal` and its assertion helpers, and those of delivery reports (`DeliveryReports`).
    The same controls are served over HTTP under
    `/__mock/...` by the control face (`_faces/control.py`).
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        style: WireStyle | str = API,
        self_check: bool = False,
        base_path: str | None = None,
        spec_path: str | Path | None = None,
        realtime: bool = False,
        journal_size: int = 10_000,
        api_keys: Iterable[str] | None = None,
        demo: bool = True,
        fixtures: str | Path | None = None,
        skip_invalid: bool = False,
    ) -> None:
        self.spec: Spec = load_spec(spec_path, base_path=base_path)
        self.base_path = self.spec.base_path
        self.self_check = self_check
        self.journal = Journal(journal_size, key_header=self.spec.key_header)
        self.clock = Clock(realtime=realtime)
        self.store = Store()
        self._style = self._starting_style = WireStyle.parse(style)
        self._seed = seed
        self._demo = demo
        self._check = SelfCheck(self.spec)
        self._rules = RuleBook(self.spec)
        self._replies = Replies(self.spec)
        self._records = Records(self.spec, self.store, self.clock)
        keys = None if api_keys is None else frozenset(k.encode() for k in api_keys)
        self._api = ApiPaths(Router(self.spec), self._records, self._rules, self._replies, keys)
        self._key_header = self.spec.key_header.lower().encode()
        self._start_deliveries(journal_size)
        # Recorded records (`wwt-sms-mock proxy --record`), checked once here: they come back
        # after every reset, over the demo records.
        self._fixtures = (
            None
            if fixtures is None
            else load_fixtures(fixtures, self.spec, skip_invalid=skip_invalid)
        )
        if self._fixtures is not None and self._fixtures.skipped:
            warnings.warn(FixtureWarning(list(self._fixtures.skipped)), stacklevel=2)
        self._seed_records()

    @property
    def skipped_fixtures(self) -> tuple[FixtureProblem, ...]:
        """Recordings not served under `skip_invalid=True`, each with its file and reason."""
        return () if self._fixtures is None else self._fixtures.skipped

    def _seed_records(self) -> None:
        if self._demo:
            self._records.seed(self._seed)
        if self._fixtures is not None:
            self.store.load(self._fixtures.messages, self._fixtures.tasks)

    # --- time, style, state ---------------------------------------------------------------

    @property
    def now(self) -> float:
        """Virtual seconds since the mock's start (see `advance`)."""
        return self.clock.now()

    def advance(self, seconds: float) -> float:
        """Move virtual time forward: in-flight messages move on (their delivery reports
        fall due). Returns the new time."""
        now = self.clock.advance(seconds)
        self._deliveries_due()
        return now

    @property
    def style(self) -> WireStyle:
        return self._style

    @style.setter
    def style(self, value: WireStyle | str) -> None:
        self._style = WireStyle.parse(value)

    @property
    def breaches(self) -> list[str]:
        """Contract breaches the self-check caught (each also raised `ContractBreach`)."""
        return self._check.breaches

    def reset(self, seed: int | None = None) -> None:
        """Back to a fresh start: demo records (for `seed`), no rules, empty journal, t=0,
        and the wire style the mock was created with."""
        if seed is not None:
            self._seed = seed
        self._style = self._starting_style
        self.store.clear()
        self._seed_records()
        self.clear_rules()
        self.journal.clear()
        self._clear_deliveries()
        self.clock.reset()
        self._replies.clear()
        self.breaches.clear()

    def clear(self) -> None:
        """Remove every message and campaign (the demo records too)."""
        self.store.clear()
        self._replies.clear()

    # --- records ----------------------------------------------------------------------------

    def add_message(self, message: Message | None = None, /, **fields: Any) -> Message:
        """Add a message (a `Message`, or its fields as keywords); its id must be new. A
        `callback_url` must pass the host guard (`callback_hosts`)."""
        return self.store.add_message(self._guarded(message or Message(**fields)))

    def replace_message(self, message: Message | None = None, /, **fields: Any) -> Message:
        """Add or replace a message by id (a new status is a status change)."""
        return self.store.add_message(self._guarded(message or Message(**fields)), replace=True)

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

    def check_record(self, record: Message | Task) -> None:
        """Raise ValueError if the contract does not allow `record` as the mock would send it.

        The HTTP controls check every record they are given; the Python methods above do
        not, so that a test can build a record the contract forbids on purpose.
        """
        if isinstance(record, Message):
            self._guarded(record)
        error = self._records.contract_error(record)
        if error is not None:
            kind = "message" if isinstance(record, Message) else "campaign"
            raise ValueError(f"the contract does not allow this {kind}: {error}")

    # --- rules ------------------------------------------------------------------------------

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
        """Force an outcome for the next `times` requests; by default (`times=None`) until
        `clear_rules` or `reset`. (`fault()` defaults to one request instead: see there.)

        `status`: answer with the operation's documented response for that HTTP status (its
        example, plus declared headers such as `Retry-After`). `error`: answer with that API
        error code, at the HTTP status the spec pairs with it (or in a 200 body where the
        operation does not document that status). `example`: serve the spec's example of that
        name. `fault`: one of FAULTS. `delay`: seconds before answering. Keywords named after
        a path parameter (`id=211`, `reference="ext19"`, `task_id=77`) or `operation=` (an
        operationId) limit the rule to matching requests.
        """
        rule = self._rules.build(
            status=status,
            error=error,
            example=example,
            fault=fault,
            delay=delay,
            retry_after=retry_after,
            style=style,
            times=times,
            operation=operation,
            match=match,
        )
        return self._rules.add(rule)

    def fault(self, kind: str, *, times: int | None = 1, **match: object) -> Rule:
        """A connection-level fault (one of FAULTS) for the next request only by default:
        unlike `force` and `latency`, whose rules stay until cleared. Pass `times=N` for N
        requests, `times=None` for every request until `clear_rules`."""
        return self.force(fault=kind, times=times, **match)  # type: ignore[arg-type]

    def latency(self, seconds: float, *, times: int | None = None, **match: object) -> Rule:
        """Answer after `seconds`: until `clear_rules` unless `times` is given."""
        return self.force(delay=seconds, times=times, **match)  # type: ignore[arg-type]

    @property
    def rules(self) -> list[Rule]:
        return list(self._rules)

    def clear_rules(self) -> None:
        self._rules.clear()

    # --- journal helpers --------------------------------------------------------------------

    def assert_called(self, **criteria: Any) -> list[JournalEntry]:
        return self.journal.assert_called(**criteria)

    def assert_called_once(self, **criteria: Any) -> JournalEntry:
        return self.journal.assert_called_once(**criteria)

    def assert_not_called(self, **criteria: Any) -> None:
        self.journal.assert_not_called(**criteria)

    # --- the handler ------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        target: str,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes = b"",
    ) -> Reply:
        """Answer one request on the API. `target` is the path as sent (percent-encoded, may
        carry a query string); `headers` are raw (name, value) byte pairs; `body` is read by
        an operation that takes one (a face passes at most `BODY_LIMIT + 1` bytes of it: more
        is refused with 413 either way)."""
        cut = target.find("?")
        path = target if cut < 0 else target[:cut]
        key: bytes | None = None
        prefer: bytes | None = None
        key_header = self._key_header
        head_bytes = 0  # for the journal's bound, counted in the one pass over the headers
        for name, value in headers:
            head_bytes += len(name) + len(value)
            lowered = name.lower()
            if lowered == key_header:
                key = value
            elif lowered == b"prefer" and (prefer is None or len(prefer) < MAX_PREFER):
                prefer = value if prefer is None else prefer + b"," + value
        operation, reply = self._api.answer(method, path, key, prefer, self._style, body)
        if self.self_check:
            self._check(operation, reply)
        if method == "HEAD" and reply.body:
            reply = reply._replace(body=b"")
        self.journal.keep(
            self.clock.now(),
            method,
            target,
            headers,
            reply.status,
            None if operation is None else operation.operation_id,
            head_bytes,
        )
        return reply
