"""The core's answer, as plain values every face can carry out."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Reply"]


class Reply(NamedTuple):
    """What to answer. `status` 0 with a `fault` of reset/drop means: no HTTP response.

    `fault` "truncate": send the headers (whose Content-Length promises the whole body), half
    the body, then close. "malformed" is informational: the body is already cut short.
    """

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    fault: str | None = None
    delay: float = 0.0  # seconds to wait before answering
