"""What the mock was asked, for assertions: method, path, headers (secrets redacted).

Bounded twice: by entries and by bytes (what a request's path and headers take), so a client
sending huge headers cannot make the journal grow past `max_bytes`. A request is kept as it
came, and read into a `JournalEntry` when asked for: credentials redacted, the path cut at
`MAX_PATH` characters, at most `MAX_HEADERS` headers, each value cut at `MAX_VALUE` bytes. No
entry ever shows a credential; recording stays a tuple and a size on the request's path.
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
_MAX_METHOD: Final = 32
_ENTRY_OVERHEAD: Final = 200  # bytes an entry costs beyond its text, roughly
SECRET_HEADERS: Final = frozenset(
    {b"x-api-key", b"authorization", b"proxy-authorization", b"cookie", b"x-mock-token"}
)
"""Headers that carry credentials (the API key, the control token, ...), lower case: redacted
whatever their position or number (with the journal's `key_header`, if another)."""


_Request = tuple[float, str, str, tuple[tuple[bytes, bytes], ...], int, str | None, bool]
"""A request as kept: at, method, path, headers, status, operation, whether it was cut."""


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
        self._entries: deque[tuple[_Request, int]] = deque()
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
        """Keep one request; its entry."""
        return self._entry(self._keep(at, method, path, headers, status, operation))

    def keep(
        self,
        at: float,
        method: str,
        path: str,
        headers: Sequence[tuple[bytes, bytes]],
        status: int,
        operation: str | None,
        head_bytes: int | None = None,
    ) -> None:
        """Keep one request, as `record` does, without reading it into an entry (the mock's
        hot path). `head_bytes`: the headers' names and values in bytes, when the caller has
        counted them already."""
        self._keep(at, method, path, headers, status, operation, head_bytes)

    def _keep(
        self,
        at: float,
        method: str,
        path: str,
        headers: Sequence[tuple[bytes, bytes]],
        status: int,
        operation: str | None,
        head_bytes: int | None = None,
    ) -> _Request:
        if head_bytes is None:
            head_bytes = sum(len(name) + len(value) for name, value in headers)
        if head_bytes <= MAX_VALUE and len(path) <= MAX_PATH and len(method) <= _MAX_METHOD:
            request: _Request = (at, method, path, tuple(headers), status, operation, False)
        else:  # a bound may be passed: cut now, so the journal keeps only what it shows
            method, path, kept, cut = self._cut(method, path, headers)
            head_bytes = sum(len(name) + len(value) for name, value in kept)
            request = (at, method, path, kept, status, operation, cut)
        cost = _ENTRY_OVERHEAD + len(method) + len(path) + head_bytes
        with self._lock:
            self._entries.append((request, cost))
            self._bytes += cost
            while len(self._entries) > self._size or self._bytes > self._max_bytes:
                self._bytes -= self._entries.popleft()[1]
        return request

    def _cut(
        self, method: str, path: str, headers: Sequence[tuple[bytes, bytes]]
    ) -> tuple[str, str, tuple[tuple[bytes, bytes], ...], bool]:
        """The request cut to an entry's bounds (credentials redacted), and whether anything
        was cut."""
        cut = len(headers) > MAX_HEADERS
        kept: list[tuple[bytes, bytes]] = []
        for name, value in headers[:MAX_HEADERS]:
            if name.lower() in self._secrets:
                value = _REDACTED_BYTES
            elif len(value) > MAX_VALUE or len(name) > MAX_VALUE:
                name, value, cut = name[:MAX_VALUE], value[:MAX_VALUE] + _CUT, True
            kept.append((name, value))
        if len(path) > MAX_PATH:
            path, cut = path[:MAX_PATH] + _CUT.decode(), True
        if len(method) > _MAX_METHOD:
            method, cut = method[:_MAX_METHOD], True
        return method, path, tuple(kept), cut

    def _entry(self, request: _Request) -> JournalEntry:
        """The entry of a request as kept: credentials redacted."""
        at, method, path, headers, status, operation, cut = request
        secrets, key_header = self._secrets, self._key_header
        shown: list[tuple[bytes, bytes]] = []
        key_sent = False
        for name, value in headers:
            lowered = name.lower()
            if lowered in secrets:
                key_sent = key_sent or lowered == key_header
                value = _REDACTED_BYTES  # a credential is never shown
            shown.append((name, value))
        return JournalEntry(at, method, path, tuple(shown), status, operation, key_sent, cut)

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
            requests = [request for request, _ in self._entries]
        if limit is not None:
            requests = requests[len(requests) - limit :] if limit > 0 else []
        return [self._entry(request) for request in requests]

    @property
    def last(self) -> JournalEntry:
        with self._lock:
            if not self._entries:
                raise AssertionError("the mock received no request")
            request = self._entries[-1][0]
        return self._entry(request)

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
