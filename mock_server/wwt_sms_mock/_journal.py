"""What the mock was asked, for assertions: method, path, headers (the key redacted)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

__all__ = ["REDACTED", "Journal", "JournalEntry"]

REDACTED: Final = "[redacted]"
_REDACTED_BYTES: Final = REDACTED.encode()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One request. `headers` keeps the order and case the client sent; the key is redacted."""

    at: float  # virtual seconds when it arrived
    method: str
    path: str  # as sent, percent-encoding kept, query string included
    raw_headers: tuple[tuple[bytes, bytes], ...]  # the key's value already replaced
    status: int  # 0 when the mock dropped or reset the connection
    operation: str | None  # the spec's operationId, None off the spec's paths
    key_sent: bool

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        # Decoded on demand: recording stays cheap on the hot path.
        return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in self.raw_headers)

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


class Journal:
    """A bounded record of requests (the oldest fall off), with assertion helpers."""

    def __init__(self, size: int = 10_000) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=size)
        self._lock = threading.Lock()

    def record(
        self,
        at: float,
        method: str,
        path: str,
        headers: Sequence[tuple[bytes, bytes]],
        key_index: int,
        status: int,
        operation: str | None,
    ) -> None:
        kept = tuple(headers)
        if key_index >= 0:
            # The key never enters the journal: it is a secret.
            listed = list(kept)
            listed[key_index] = (listed[key_index][0], _REDACTED_BYTES)
            kept = tuple(listed)
        self._entries.append(
            JournalEntry(at, method, path, kept, status, operation, key_index >= 0)
        )

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(list(self._entries))

    def __getitem__(self, index: int) -> JournalEntry:
        return list(self._entries)[index]

    @property
    def last(self) -> JournalEntry:
        if not self._entries:
            raise AssertionError("the mock received no request")
        return self._entries[-1]

    def filter(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        status: int | None = None,
    ) -> list[JournalEntry]:
        """Entries matching every given criterion (`path` without the query string)."""
        return [
            e
            for e in self
            if (method is None or e.method == method)
            and (path is None or e.path.split("?", 1)[0] == path)
            and (operation is None or e.operation == operation)
            and (status is None or e.status == status)
        ]

    def assert_called(
        self,
        *,
        times: int | None = None,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        status: int | None = None,
    ) -> list[JournalEntry]:
        found = self.filter(method=method, path=path, operation=operation, status=status)
        wanted = {"method": method, "path": path, "operation": operation, "status": status}
        described = ", ".join(f"{k}={v!r}" for k, v in wanted.items() if v is not None)
        if times is None and not found:
            raise AssertionError(f"no request matched ({described or 'any'}); got {self._brief()}")
        if times is not None and len(found) != times:
            raise AssertionError(
                f"{len(found)} requests matched ({described or 'any'}), expected {times}; "
                f"got {self._brief()}"
            )
        return found

    def assert_called_once(self, **criteria: str | int | None) -> JournalEntry:
        return self.assert_called(times=1, **criteria)[0]  # type: ignore[arg-type]

    def assert_not_called(self, **criteria: str | int | None) -> None:
        self.assert_called(times=0, **criteria)  # type: ignore[arg-type]

    def assert_all_authenticated(self) -> None:
        """Every request carried the key header (its value is never kept)."""
        missing = [e for e in self if not e.key_sent]
        if missing:
            raise AssertionError(
                f"requests without a key: {[f'{e.method} {e.path}' for e in missing]}"
            )

    def _brief(self) -> str:
        entries = list(self._entries)[-10:]
        return "[" + ", ".join(f"{e.method} {e.path} -> {e.status}" for e in entries) + "]"
