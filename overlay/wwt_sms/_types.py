"""Types shared by the client modules: the "not passed" sentinel, the accepted timeouts, the
contract-drift modes."""

from __future__ import annotations

from typing import Final, Literal

import httpx

TimeoutTypes = float | httpx.Timeout | None
"""Seconds for every phase, an `httpx.Timeout`, or `None` for no time limit at all."""

DriftMode = Literal["ignore", "warn", "raise"]
"""What a client does with a response that breaks the contract (`on_contract_drift`)."""


class NotGiven:
    """The type of `NOT_GIVEN`: an argument left out, as opposed to one passed as `None`.

    `client.sms.get(1, timeout=None)` means "no time limit"; leaving `timeout` out means "the
    client's timeout". Use it to forward an optional argument without choosing its default:
    `client.sms.get(1, timeout=my_timeout if ... else wwt_sms.NOT_GIVEN)`.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
