"""Contract mock of the WWT SMS status API, driven by the `openapi.yaml` it ships with.

In-process (respx): `WwtMock`, or the pytest fixture `wwt_mock`. Over HTTP:
`wwt-sms-mock serve`, or `serve_in_thread()` in tests. Names load lazily so that importing
the package (the pytest plugin does, in every run) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._extra import missing_extra

if TYPE_CHECKING:
    from ._asgi import MockApp
    from ._core import FAULTS, MockCore, Rule
    from ._journal import Journal, JournalEntry
    from ._reply import Reply
    from ._respx import WwtMock
    from ._server import LiveServer, serve_in_thread
    from ._spec import ContractBreach
    from ._store import Message, Task
    from ._wire import WireStyle

__all__ = [
    "FAULTS",
    "ContractBreach",
    "Journal",
    "JournalEntry",
    "LiveServer",
    "Message",
    "MockApp",
    "MockCore",
    "Reply",
    "Rule",
    "Task",
    "WireStyle",
    "WwtMock",
    "serve_in_thread",
]

_HOMES = {
    "FAULTS": "_core",
    "ContractBreach": "_spec",
    "Journal": "_journal",
    "JournalEntry": "_journal",
    "LiveServer": "_server",
    "Message": "_store",
    "MockApp": "_asgi",
    "MockCore": "_core",
    "Reply": "_reply",
    "Rule": "_core",
    "Task": "_store",
    "WireStyle": "_wire",
    "WwtMock": "_respx",
    "serve_in_thread": "_server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'wwt_sms_mock' has no attribute {name!r}")
    try:
        module = importlib.import_module(f"{__name__}.{home}")
    except ModuleNotFoundError as exc:
        better = missing_extra(exc)
        if better is None:
            raise
        raise better from exc
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
