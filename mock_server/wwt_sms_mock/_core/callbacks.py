"""Where delivery reports may go, and what became of each one sent.

`callback_url` checks a message's callback URL; `CallbackHosts` is the host guard (loopback
only unless more hosts are allowed), so the mock is no request cannon; `DeliveryJournal`
keeps every attempt, bounded. Plain values: the faces do the sending.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

__all__ = [
    "MAX_CALLBACK_URL",
    "OUTCOMES",
    "CallbackHosts",
    "DeliveryAttempt",
    "DeliveryJournal",
    "DeliveryPolicy",
    "callback_url",
]

MAX_CALLBACK_URL: Final = 2048
"""Characters a callback URL may have."""
_AGAIN: Final = frozenset({408, 429})  # answers that ask to try again later
_LOOPBACK_NAMES: Final = frozenset({"localhost", "localhost.", "ip6-localhost"})

OUTCOMES: Final = ("delivered", "retrying", "gave_up", "refused", "dropped", "undeliverable")
"""delivered: a 2xx. retrying: failed, another attempt follows. gave_up: the last attempt
failed. refused: the receiver answered 4xx (not retried). dropped: a `drop` delivery fault.
undeliverable: never sent (the host guard, a full queue, no receiver, the mock stopped)."""


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """How a face delivers reports: each attempt's deadline, how often to try, how long to
    wait between tries, and its bounds. A retry follows a connection error, a timeout, a
    5xx, 408 or 429 answer; a 2xx delivers; any other answer refuses the report."""

    timeout: float = 5.0  # seconds for a whole attempt: connect, send, answer
    max_attempts: int = 5
    backoff: float = 0.25  # seconds before the first retry, doubling for each next one
    max_backoff: float = 10.0
    queue_size: int = 10_000  # reports waiting to be sent; beyond, a report is undeliverable
    concurrency: int = 8  # attempts in flight (each message's reports still go in order)
    tick: float = 0.05  # seconds between looks at the clock (the wall clock in real time)

    def __post_init__(self) -> None:
        for name in ("timeout", "backoff", "max_backoff", "tick"):
            value = getattr(self, name)
            if not 0 <= value <= 600:  # NaN fails too
                raise ValueError(f"{name} must be between 0 and 600 seconds, got {value!r}")
        for name in ("max_attempts", "queue_size", "concurrency"):
            if not 1 <= getattr(self, name) <= 1_000_000:
                raise ValueError(f"{name} must be between 1 and 1000000")

    def outcome(self, attempt: int, response_status: int | None) -> str:
        """What an attempt's answer (None: no answer) makes of the report."""
        if response_status is not None and 200 <= response_status < 300:
            return "delivered"
        if response_status is not None and response_status < 500 and response_status not in _AGAIN:
            return "refused"
        return "retrying" if attempt < self.max_attempts else "gave_up"

    def wait_before(self, attempt: int) -> float:
        """Seconds to wait before attempt number `attempt` (2 and on)."""
        return min(self.max_backoff, self.backoff * 2.0 ** max(0, min(attempt - 2, 30)))


def callback_url(value: Any) -> str:
    """An http or https URL with a host, of visible ASCII, at most `MAX_CALLBACK_URL` long."""
    if not isinstance(value, str):
        raise ValueError(f"callback_url must be a string, got {type(value).__name__}")
    if not 0 < len(value) <= MAX_CALLBACK_URL:
        raise ValueError(f"callback_url must be 1 to {MAX_CALLBACK_URL} characters long")
    if not value.isascii() or not value.isprintable() or " " in value:
        raise ValueError("callback_url must be visible ASCII (percent-encode anything else)")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
    except ValueError as exc:
        raise ValueError(f"callback_url is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("callback_url must be an http:// or https:// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("callback_url must not carry a user name or password")
    return value


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class CallbackHosts:
    """The host guard: callback URLs on loopback, or on one of `allowed` (`anywhere`: no
    guard, for in-process delivery, where no report leaves the process)."""

    allowed: frozenset[str] = frozenset()
    anywhere: bool = False

    @classmethod
    def of(cls, hosts: Iterable[str] = ()) -> CallbackHosts:
        return cls(frozenset(h.strip().strip("[]").lower() for h in hosts if h.strip()))

    def refusal(self, url: str) -> str | None:
        """Why a report may not go to `url`, or None."""
        host = (urlsplit(url).hostname or "").lower()
        if self.anywhere or _is_loopback(host) or host in self.allowed:
            return None
        return (
            f"callback_url host {host!r} is not on loopback: the mock sends delivery reports "
            "only to loopback hosts (127.0.0.0/8, ::1, localhost) and to hosts it was started "
            f"with (--allow-callback-host {host}, or serve_in_thread(allow_callback_hosts=...))"
        )

    def check(self, url: str) -> None:
        refusal = self.refusal(url)
        if refusal is not None:
            raise ValueError(refusal)


@dataclass(frozen=True, slots=True)
class DeliveryAttempt:
    """One attempt to deliver a report (or the note that it was never sent: attempt 0)."""

    message_id: int
    status: str  # the message status the report tells
    url: str
    attempt: int  # 1 for the first try; 0 when nothing was sent
    outcome: str  # one of OUTCOMES
    response_status: int | None = None  # the receiver's HTTP status, if it answered
    error: str | None = None  # why it failed, if it did
    at: float = 0.0  # the mock's virtual seconds
    time: float = 0.0  # wall-clock seconds since the Unix epoch

    def as_dict(self) -> dict[str, Any]:
        return {
            "message_id": str(self.message_id),
            "status": self.status,
            "url": self.url,
            "attempt": self.attempt,
            "outcome": self.outcome,
            "response_status": self.response_status,
            "error": self.error,
            "at": self.at,
            "time": self.time,
        }


class DeliveryJournal:
    """Every delivery attempt, oldest first, the oldest falling off beyond `size`."""

    def __init__(self, size: int = 10_000) -> None:
        self._entries: deque[DeliveryAttempt] = deque(maxlen=size)
        self._lock = threading.Lock()

    def record(
        self,
        message_id: int,
        status: str,
        url: str,
        *,
        attempt: int,
        outcome: str,
        at: float,
        response_status: int | None = None,
        error: str | None = None,
    ) -> DeliveryAttempt:
        entry = DeliveryAttempt(
            message_id,
            status,
            url,
            attempt,
            outcome,
            response_status,
            None if error is None else error[:300],
            at,
            time.time(),
        )
        with self._lock:
            self._entries.append(entry)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def entries(self) -> list[DeliveryAttempt]:
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[DeliveryAttempt]:
        return iter(self.entries())

    def __getitem__(self, index: int) -> DeliveryAttempt:
        return self.entries()[index]

    def filter(
        self,
        *,
        message_id: int | None = None,
        status: str | None = None,
        outcome: str | None = None,
    ) -> list[DeliveryAttempt]:
        """The attempts matching every given criterion."""
        return [
            e
            for e in self
            if (message_id is None or e.message_id == message_id)
            and (status is None or e.status == status)
            and (outcome is None or e.outcome == outcome)
        ]
