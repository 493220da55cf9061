"""`wwt-sms sms get-many` (one request per ID): one row per line read, in the order read,
with at most `concurrency` requests in flight.

Lookups run on a thread pool; their futures wait in a window, in input order, and the row at
the front is written as soon as its lookup is done. The window holds at most
`REORDER_FACTOR * concurrency` lines, so memory stays flat however long the input is, and a
slow lookup holds back only that many finished ones.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Final

from ._exceptions import ClientValidationError, WwtError

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from ._cli_output import Progress, Rows
    from ._client import Client
    from ._models import Sms

REORDER_FACTOR: Final = 4
"""Lines waiting in the window per request in flight."""

_Outcome = tuple["Sms | None", "WwtError | None"]


def id_lines(source: IO[str]) -> Iterator[str]:
    """The IDs of a file, one a line, as read: blank lines and `#` comments skipped."""
    for line in source:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield stripped


def rows_in_order(
    client: Client, lines: Iterable[str], concurrency: int, rows: Rows, progress: Progress
) -> int:
    """A row for every line, in input order; returns how many rows are failures."""
    from concurrent.futures import ThreadPoolExecutor  # lazy: only `get-many` needs threads

    failed = 0
    window: deque[tuple[str, Future[_Outcome] | None]] = deque()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="wwt-sms") as pool:
        try:
            for line in lines:
                if len(window) >= REORDER_FACTOR * concurrency:
                    failed += _write_front(window, rows, progress)
                window.append((line, _submit(pool, client, line)))
            while window:
                failed += _write_front(window, rows, progress)
        finally:
            for _, future in window:  # an interrupted run leaves nothing queued behind it
                if future is not None:
                    future.cancel()
    return failed


def _submit(pool: ThreadPoolExecutor, client: Client, line: str) -> Future[_Outcome] | None:
    """The lookup of the line's ID, started; None for a line that is not a number."""
    try:
        id = int(line)
    except ValueError:
        return None
    return pool.submit(_lookup, client, id)


def _lookup(client: Client, id: int) -> _Outcome:
    try:
        return client.sms.get(id), None
    except WwtError as error:
        return None, _without_tracebacks(error)


def _without_tracebacks(error: WwtError) -> WwtError:
    """`error`, its own traceback and those of its causes dropped. Its row shows its type, code
    and text (and a cause's request); the traceback would keep every frame of the failed call
    alive, with the request, the response and its body, as long as the row waits in the
    window: tens of KB a failed row."""
    pending: list[BaseException] = [error]
    seen: set[int] = set()  # a chain may loop back on itself
    while pending:
        link = pending.pop()
        if id(link) not in seen:
            seen.add(id(link))
            link.__traceback__ = None
            pending.extend(e for e in (link.__cause__, link.__context__) if e is not None)
    return error


def _write_front(
    window: deque[tuple[str, Future[_Outcome] | None]], rows: Rows, progress: Progress
) -> bool:
    """Write the oldest line's row, waiting for its lookup; True if the row is a failure."""
    line, future = window.popleft()
    sms: Sms | None
    error: WwtError | None
    shown: int | str
    if future is None:
        sms, error, shown = None, ClientValidationError(f"not an ID: {line!r}"), line
    else:
        sms, error = future.result()
        shown = int(line)
    progress.wipe()
    rows.row(shown, sms, error)
    progress.step()
    return error is not None
