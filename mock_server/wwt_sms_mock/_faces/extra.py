"""What to tell someone who installed the package without the `mock` extra."""

from __future__ import annotations

from importlib.util import find_spec
from typing import Final

__all__ = ["MOCK_EXTRA_INSTALL", "missing_extra", "require_extra"]

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


def require_extra() -> None:
    """Raise ModuleNotFoundError (see `missing_extra`) if a dependency of the `mock` extra is
    not installed. The mock loads some of them only when first needed (a cached compiled spec
    needs no yaml; jsonschema waits for the first check): a server must not find out then."""
    for name in sorted(_MOCK_DEPENDENCIES):
        if find_spec(name) is None:
            found = missing_extra(ModuleNotFoundError(f"No module named {name!r}", name=name))
            assert found is not None
            raise found
