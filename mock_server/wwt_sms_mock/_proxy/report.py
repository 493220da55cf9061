"""What the validating proxy keeps of each exchange: a JSON-lines report of violations, a
summary per operation, recordings of distinct responses, and the style tally.

The API key never reaches any of them: it is not written, and any text that would carry its
value (a message quoting a body that echoes it, a recorded body) has it replaced by `***`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Final

from wwt_sms_mock._contract.check import Located, Violation

from .exact_json import exact_json_dumps, exact_json_loads
from .style_check import StyleCheck

__all__ = ["Exchange", "ProxyLog", "Recorder", "Report", "Unchecked"]

REDACTED: Final = "***"
OFF_SPEC: Final = "(off the spec)"
_SHOWN_FAILURES: Final = 20
SHOWN_CHARS: Final = 300  # of a message in the report: cut after the key is redacted
_SAFE_NAME: Final = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}")


@dataclass(slots=True)
class Exchange:
    """One request through the proxy and what came back."""

    method: str
    path: str
    located: Located
    request_headers: Sequence[tuple[bytes, bytes]]
    status: int
    violations: list[Violation]
    response_headers: Sequence[tuple[bytes, bytes]] = ()
    body: bytes | None = None  # decoded response body (None: the proxy answered itself)
    failure: str | None = None  # why the upstream gave no answer

    @property
    def operation_id(self) -> str | None:
        return None if self.located.operation is None else self.located.operation.operation_id


@dataclass(frozen=True, slots=True)
class Unchecked:
    """What the log needs of an exchange whose check could not finish."""

    method: str
    path: str
    request_headers: Sequence[tuple[bytes, bytes]]
    status: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _redact(value: Any, secret: str | None) -> Any:
    """`value` (text, or JSON-like data) with every occurrence of `secret` replaced."""
    if not secret:
        return value
    if isinstance(value, str):
        return value.replace(secret, REDACTED)
    if isinstance(value, list):
        return [_redact(v, secret) for v in value]
    if isinstance(value, dict):
        return {_redact(k, secret): _redact(v, secret) for k, v in value.items()}
    return value


def _shown(text: str, secret: str | None) -> str:
    """Text as the report shows it: the key redacted first, then cut, so a cut can never
    leave part of the key standing."""
    text = _redact(text, secret)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


class Report:
    """Violations as JSON lines, one object each, up to `limit` lines (then counted only)."""

    def __init__(self, path: str | Path, limit: int = 100_000) -> None:
        self.path = Path(path)
        self.limit = limit
        self.written = 0
        self.dropped = 0
        # A lone surrogate (from a body's "\ud800") is written as that JSON escape.
        self._file: IO[str] = self.path.open(
            "a", encoding="utf-8", errors="backslashreplace", buffering=1
        )

    def write(self, entry: dict[str, Any]) -> None:
        if self.written >= self.limit:
            self.dropped += 1
            return
        self._file.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.written += 1

    def close(self) -> None:
        if self.dropped:
            note = {"time": _now(), "kind": "truncated", "dropped": self.dropped}
            self._file.write(json.dumps(note) + "\n")
        self._file.close()


class Recorder:
    """Each distinct response (status and body) of an operation as a fixture file:
    `DIR/<operationId>/<parameter value>.<status>.<digest>.json` (see `_core/fixtures.py`)."""

    def __init__(self, directory: str | Path, limit: int = 10_000) -> None:
        self.directory = Path(directory)
        self.limit = limit
        self.written = 0
        self.skipped = 0  # responses not recorded: the limit was reached
        self.failed: list[str] = []  # responses that could not be written, and why
        self._seen: set[str] = set()

    def record(self, exchange: Exchange, secret: str | None) -> None:
        operation = exchange.located.operation
        if operation is None or exchange.body is None or exchange.method != "GET":
            return
        digest = hashlib.sha256(b"%d\n" % exchange.status + exchange.body).hexdigest()[:16]
        params = dict(exchange.located.params)
        name = ".".join([*(_file_name(v) for v in params.values()), str(exchange.status), digest])
        if name in self._seen:
            return
        if self.written >= self.limit:
            self.skipped += 1
            return
        self._seen.add(name)
        target = self.directory / operation.operation_id / f"{name}.json"
        if target.exists():
            return
        content_type = next(
            (
                v.decode("latin-1")
                for k, v in exchange.response_headers
                if k.lower() == b"content-type"
            ),
            None,
        )
        record: dict[str, Any] = {
            "operation": operation.operation_id,
            "params": params,
            "status": exchange.status,
            "content_type": content_type,
            "recorded_at": _now(),
        }
        try:
            record["body"] = exact_json_loads(exchange.body)
        except (ValueError, RecursionError):
            record["body_text"] = exchange.body.decode("utf-8", "replace")
        try:
            self._write(target, exact_json_dumps(_redact(record, secret)))
        except (OSError, ValueError, RecursionError) as exc:
            self.failed.append(f"{target.name}: {exc}")
            return
        self.written += 1

    @staticmethod
    def _write(target: Path, text: str) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        try:
            partial.write_text(text, encoding="ascii")  # non-ASCII is escaped: any string fits
            os.replace(partial, target)  # a reader never sees half a file
        finally:
            partial.unlink(missing_ok=True)


def _file_name(value: str) -> str:
    if _SAFE_NAME.fullmatch(value):
        return value
    return "_" + hashlib.sha256(value.encode()).hexdigest()[:16]


@dataclass(slots=True)
class _Tally:
    requests: int = 0
    violations: int = 0
    failures: int = 0


@dataclass(slots=True)
class ProxyLog:
    """Where every exchange goes after the client has its answer."""

    key_header: str
    report: Report | None = None
    recorder: Recorder | None = None
    style: StyleCheck | None = None
    tallies: dict[str, _Tally] = field(default_factory=dict)
    _key: bytes = b""

    def __post_init__(self) -> None:
        self._key = self.key_header.lower().encode()

    def observe(self, exchange: Exchange) -> None:
        secret = next(
            (v.decode("latin-1") for k, v in exchange.request_headers if k.lower() == self._key),
            None,
        )
        tally = self.tallies.setdefault(exchange.operation_id or OFF_SPEC, _Tally())
        tally.requests += 1
        tally.violations += len(exchange.violations)
        if exchange.failure is not None:
            tally.failures += 1
        if self.report is not None:
            for entry in self._entries(exchange):
                entry["message"] = _shown(entry["message"], secret)
                self.report.write(_redact(entry, secret))
        if exchange.failure is not None:
            return
        if self.recorder is not None:
            self.recorder.record(exchange, secret)
        if self.style is not None and exchange.body is not None:
            self.style.observe(exchange.located.operation, exchange.status, exchange.body)

    def unchecked(self, exchange: Unchecked, reason: str) -> None:
        """An exchange whose check raised: still counted and reported, with the reason."""
        message = f"the proxy could not check this exchange: {reason}"
        problem = Violation("response", "body", "", message)
        located = Located(None, {})
        headers = exchange.request_headers
        self.observe(
            Exchange(exchange.method, exchange.path, located, headers, exchange.status, [problem])
        )

    def _entries(self, exchange: Exchange) -> list[dict[str, Any]]:
        common = {
            "operation": exchange.operation_id,
            "method": exchange.method,
            "path": exchange.path,
            "status": exchange.status,
        }
        entries = [
            {
                "time": _now(),
                "kind": "violation",
                **common,
                "side": v.side,
                "location": v.location,
                "pointer": v.pointer,
                "message": v.message,
            }
            for v in exchange.violations
        ]
        if exchange.failure is not None:
            entries.append(
                {
                    "time": _now(),
                    "kind": "upstream-failure",
                    **common,
                    "side": "response",
                    "location": "status",
                    "pointer": "",
                    "message": exchange.failure,
                }
            )
        return entries

    def close(self) -> None:
        if self.report is not None:
            if self.style is not None:
                self.report.write({"time": _now(), "kind": "style", **self.style.as_dict()})
            self.report.close()

    def summary(self) -> str:
        """The table printed on exit: requests, violations and upstream failures per operation."""
        width = max([len("operation"), *(len(name) for name in self.tallies)])
        lines = [f"{'operation':<{width}} {'requests':>9} {'violations':>11} {'failures':>9}"]
        total = _Tally()
        for name, tally in sorted(self.tallies.items()):
            lines.append(
                f"{name:<{width}} {tally.requests:>9} {tally.violations:>11} {tally.failures:>9}"
            )
            total.requests += tally.requests
            total.violations += tally.violations
            total.failures += tally.failures
        lines.append(
            f"{'total':<{width}} {total.requests:>9} {total.violations:>11} {total.failures:>9}"
        )
        if self.report is not None and self.report.dropped:
            lines.append(f"report full: {self.report.dropped} more violations not written")
        if self.recorder is not None:
            lines.append(f"recorded {self.recorder.written} responses to {self.recorder.directory}")
            if self.recorder.skipped:
                lines.append(f"recording limit reached: {self.recorder.skipped} not recorded")
            for failure in self.recorder.failed[:_SHOWN_FAILURES]:
                lines.append(f"not recorded: {failure}")
            if len(self.recorder.failed) > _SHOWN_FAILURES:
                lines.append(
                    f"... and {len(self.recorder.failed) - _SHOWN_FAILURES} more not recorded"
                )
        if self.style is not None:
            lines += self.style.summary_lines()
        return "\n".join(lines)
