"""`wwt-sms --mock`: the embedded contract mock, kept lean for a one-shot command.

The mock is made for test suites, which read back what it was asked: it journals every request
(10,000 by default, ~600 bytes each), and as a started `WwtMock` it patches httpx through
respx, which keeps calls of its own. A command reads none of that, and `get-many` may send
millions of requests; so the command's mock keeps a short journal and is never started: the
command's http client reaches it through its transport (no respx, no connection pool).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from ._constants import DEFAULT_BASE_URL

if TYPE_CHECKING:
    import httpx

    from wwt_sms_mock import WwtMock

MOCK_JOURNAL_SIZE: Final = 100
"""Requests (and delivery attempts) the command's mock journals: nobody reads them."""


def demo_mock(base_url: str | None) -> WwtMock | None:
    """The embedded mock with its demo data; None when it is not installed."""
    try:
        from wwt_sms_mock import WwtMock
    except ImportError:
        return None
    # The demo answers are the contract's own; checking each against the spec (for test
    # suites) would load a schema validator for a one-shot command.
    return WwtMock(base_url or DEFAULT_BASE_URL, self_check=False, journal_size=MOCK_JOURNAL_SIZE)


def demo_mock_http_client(mock: WwtMock) -> httpx.Client:
    """An http client answered by `mock` in-process."""
    import httpx

    return httpx.Client(transport=mock.transport)
