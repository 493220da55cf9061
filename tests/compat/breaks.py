"""One incompatible change, as both halves of the gate report it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Break:
    """An edit that can break someone who relies on the previous release.

    `name` is what a `### Breaking` changelog entry must mention to declare it: a property,
    parameter or status code of the contract, or the dotted public name in the SDK or mock.
    """

    side: str  # "contract" or "sdk"
    name: str
    text: str

    def __str__(self) -> str:
        return f"{self.side}: {self.text}"
