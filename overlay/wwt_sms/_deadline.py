"""The total time limit of one attempt, for sync clients: every socket read and write of the
attempt waits at most until its deadline, so a server that drips one byte at a time cannot keep
a call alive past it. (Async attempts are bounded by `asyncio.timeout` instead.)

httpx's own timeouts bound each read, not the whole; httpx has no hook between reads, so the
deadline is applied one level down, by wrapping the network backend of httpx's standard
transports (`install`; the wrappers are in `_deadline_streams`). The wrappers do nothing
outside an attempt (`within`).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpcore
    import httpx

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "wwt_sms_deadline", default=None
)


@contextmanager
def within(seconds: float | None) -> Iterator[float | None]:
    """Run the block under a deadline `seconds` from now (`None`: no deadline); yields the
    deadline on the `time.monotonic()` clock."""
    deadline = None if seconds is None else time.monotonic() + seconds
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def _limited(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    """`timeout` shortened to what is left before the deadline; `error` if nothing is left."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise error("the attempt's total time limit ran out")
    return remaining if timeout is None else min(timeout, remaining)


def install(http: httpx.Client) -> None:
    """Wrap the network backend of each standard transport of `http` (once). Transports of
    other kinds (in-memory, custom) are left alone: their attempts are still checked against
    the deadline between the chunks of the body."""
    pools = [
        getattr(transport, "_pool", None) for transport in [http._transport, *http._mounts.values()]
    ]
    if all(pool is None for pool in pools):
        return  # no httpcore pool (an in-memory or custom transport): nothing to wrap or load
    from ._deadline_streams import wrap  # lazy: httpcore loads with httpx's first real pool

    for pool in pools:
        if pool is not None:
            wrap(pool)
