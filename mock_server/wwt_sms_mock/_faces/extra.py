"""What to tell someone who installed the package without the `mock` extra."""

from __future__ import annotations

from typing import Final

__all__ = ["MOCK_EXTRA_INSTALL", "missing_extra"]

MOCK_EXTRA_INSTALL: Final = 'pip install "wwt-sms[mock]"'
_MOCK_DEPENDENCIES: Final = frozenset(
    {"respx", "yaml", "jsonschema", "referencing", "uvicorn", "h11", "httpx"}
)


def missing_extra(exc: ModuleNotFoundError) -> ModuleNotFoundError | None:
    """The error to raise instead of `exc` when what is missing comes with the `mock` extra."""
    missing = (exc.name or "").split(".")[0]
    if missing not in _MOCK_DEPENDENCIES:
        return None
    return ModuleNotFoundError(
        f"the contract mock needs {missing!r}, which comes with the package's mock extra: "
        f"{MOCK_EXTRA_INSTALL}",
        name=exc.name,
    )
