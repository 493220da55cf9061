"""`wwt-sms --mock`: the embedded contract mock, kept lean for a one-shot command.

The mock is made for test suites, which read back what it was asked: it journals every request
(10,000 by default, ~600 bytes each), and respx, under it, keeps every call's request and
response whole (up to 2,000 of them). A command reads none of that, and `get-many` may send
millions of requests; so the command's mock keeps a short journal, and the calls respx has
recorded are forgotten as the IDs are read (`forgetting_calls`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Final

from ._constants import DEFAULT_BASE_URL

if TYPE_CHECKING:
    from wwt_sms_mock import WwtMock

MOCK_JOURNAL_SIZE: Final = 100
"""Requests (and delivery attempts) the command's mock journals: nobody reads them."""

FORGET_CALLS_EVERY: Final = 100
"""Lines read between two clearings of respx's calls: it holds at most this many, plus the
requests in flight."""


def start_mock(stack: ExitStack, base_url: str | None) -> WwtMock | None:
    """The embedded mock, active until `stack` closes; None when it is not installed."""
    try:
        from wwt_sms_mock import WwtMock
    except ImportError:
        return None
    # The demo answers are the contract's own; checking each against the spec (for test
    # suites) would load a schema validator for a one-shot command.
    mock = WwtMock(base_url or DEFAULT_BASE_URL, self_check=False, journal_size=MOCK_JOURNAL_SIZE)
    return stack.enter_context(mock)


def forgetting_calls(lines: Iterable[str], mock: WwtMock) -> Iterator[str]:
    """`lines` as they are, clearing respx's record of the mock's calls every
    `FORGET_CALLS_EVERY` lines. Lookups may be recording meanwhile on other threads: clearing
    and appending are each one list operation, atomic."""
    for count, line in enumerate(lines, 1):
        if count % FORGET_CALLS_EVERY == 0:
            mock.router.reset()
        yield line
