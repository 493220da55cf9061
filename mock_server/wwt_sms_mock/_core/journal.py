"""What the mock was asked, for assertions: method, path, headers (secrets redacted).

Bounded twice: by entries and by bytes. One entry keeps at most `MAX_PATH` characters of the
path and `MAX_HEADERS` headers, each value cut at `MAX_VALUE` bytes, so a client sending
huge headers cannot make the journal grow past `max_bytes`.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

__all__ = [
    "MAX_HEADERS",
    "MAX_PATH",
    "MAX_VALUE",
    "REDACTED",
    "SECRET_HEADERS",
    "Journal",
    "JournalEntry",
]

REDACTED: Final = "[redacted]"
_REDACTED_BYTES: Final = REDACTED.encode()
MAX_PATH: Final = 2048
MAX_HEADERS: Final = 64
MAX_VALUE: Final = 1024
_CUT: Final = b"[...]"
_ENTRY_OVERHEAD: Final = 200  # bytes an entry costs beyond its text, roughly
SECRET_HEADERS: Final = frozenset(
    {b"x-api-key", b"authorization", b"proxy-authorization", b"cookie", b"x-mock-token"}
)
"""Headers that carry credentials (the API key, the control token, ...), lower case: redacted
whatever their position or number (with the journal's `key_header`, if another)."""


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One request. `headers` keeps the order and case the client sent; the key is redacted."""

    at: float  # virtual seconds when it arrived
    method: str
    path: str  # as sent, percent-encoding kept, query string included
    raw_headers: tuple[tuple[bytes, bytes], ...]  # secrets already replaced
    status: int  # 0 when the mock dropped or reset the connection
    operation: str | None  # the spec's operationId, None off the spec's paths
    key_sent: bool
    truncated: bool = False  # the path, a header value or the header list was cut short

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        # Decoded on demand: recording stays cheap on the hot path.
        return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in self.raw_headers)

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


class Journal:
    """A bounded record of requests (the oldest fall off), with assertion helpers."""

    def __init__(
        self, size: int = 10_000, *, max_bytes: int = 8 << 20, key_header: str = "x-api-key"
    ) -> None:
        self._entries: deque[tuple[JournalEntry, int]] = deque()
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0
        self._key_header = key_header.lower().encode()
        self._secrets = SECRET_HEADERS | {self._key_header}
        self._lock = threading.Lock()

    @property
    def size_in_bytes(self) -> int:
        """Roughly what the entries kept take, in bytes (bounded by `max_bytes`)."""
        return self._bytes

    def record(
        self,
        at: float,
        method: str,
        path: str,
        headers: Sequence[tuple[bytes, bytes]],
        status: int,
        operation: str | None,
    ) -> JournalEntry:
        """Keep one request: every credential header redacted, the rest cut to the bounds."""
        kept, key_sent, cut, size = self._headers(headers)
        if len(path) > MAX_PATH:
            path, cut = path[:MAX_PATH] + _CUT.decode(), True
        if len(method) > 32:
            method, cut = method[:32], True
        entry = JournalEntry(at, method, path, kept, status, operation, key_sent, cut)
        cost = _ENTRY_OVERHEAD + len(path) + size
        with self._lock:
            self._entries.append((entry, cost))
            self._bytes += cost
            while len(self._entries) > self._size or self._bytes > self._max_bytes:
                self._bytes -= self._entries.popleft()[1]
        return entry

    def _headers(
        self, headers: Sequence[tuple[bytes, bytes]]
    ) -> tuple[tuple[tuple[bytes, bytes], ...], bool, bool, int]:
        """The headers to keep, whether the key was sent, whether any was cut, their size."""
        kept: list[tuple[bytes, bytes]] = []
        key_sent = False
        cut = len(headers) > MAX_HEADERS
        size = 0
        for name, value in headers[:MAX_HEADERS] if cut else headers:
            lowered = name.lower()
            if lowered in self._secrets:
                key_sent = key_sent or lowered == self._key_header
                value = _REDACTED_BYTES  # a secret: it never enters the journal
            elif len(value) > MAX_VALUE or len(name) > MAX_VALUE:
                name, value, cut = name[:MAX_VALUE], value[:MAX_VALUE] + _CUT, True
            kept.append((name, value))
            size += len(name) + len(value)
        return tuple(kept), key_sent, cut, size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.entries())

    def __getitem__(self, index: int) -> JournalEntry:
        return self.entries()[index]

    def entries(self, limit: int | None = None) -> list[JournalEntry]:
        """The entries, oldest first; with `limit`, only the newest `limit`."""
        with self._lock:
            kept = [entry for entry, _ in self._entries]
        if limit is None:
            return kept
        return kept[len(kept) - limit :] if limit > 0 else []

    @property
    def last(self) -> JournalEntry:
        with self._lock:
            if not self._entries:
                raise AssertionError("the mock received no request")
            return self._entries[-1][0]

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
        entries = self.entries(10)
        return "[" + ", ".join(f"{e.method} {e.path} -> {e.status}" for e in entries) + "]"
