"""Contract mock of the WWT SMS status API, driven by the `openapi.yaml` it ships with.

In-process (respx): `WwtMock`, or the pytest fixture `wwt_mock`. Delivery reports (to a
message's `callback_url`): POSTed over HTTP by the server, or handed in-process to
`WwtMock(deliver_to=app)`; each attempt is journaled (`DeliveryAttempt`). Over HTTP:
`wwt-sms-mock serve`, or `serve_in_thread()` in tests. In front of the real API:
`wwt-sms-mock proxy`, whose recordings the mock replays (`fixtures=`, `serve --fixtures`).
Names load lazily so that importing the package (the pytest plugin does, in every run) stays
cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._faces.extra import missing_extra

if TYPE_CHECKING:
    from ._contract.spec import ContractBreach
    from ._core.callbacks import DeliveryAttempt, DeliveryJournal, DeliveryPolicy
    from ._core.core import FAULTS, MockCore, Rule
    from ._core.dlr import DELIVERY_FAULTS, DeliveryRule
    from ._core.fixtures import FixtureError, FixtureWarning
    from ._core.journal import Journal, JournalEntry
    from ._core.reply import Reply
    from ._core.store import Message, Task
    from ._core.styles import WireStyle
    from ._faces.asgi import MockApp
    from ._faces.respx import WwtMock
    from ._faces.server import LiveServer, serve_in_thread

__all__ = [
    "DELIVERY_FAULTS",
    "FAULTS",
    "ContractBreach",
    "DeliveryAttempt",
    "DeliveryJournal",
    "DeliveryPolicy",
    "DeliveryRule",
    "FixtureError",
    "FixtureWarning",
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
    "DELIVERY_FAULTS": "_core.dlr",
    "FAULTS": "_core.core",
    "ContractBreach": "_contract.spec",
    "DeliveryAttempt": "_core.callbacks",
    "DeliveryJournal": "_core.callbacks",
    "DeliveryPolicy": "_core.callbacks",
    "DeliveryRule": "_core.dlr",
    "FixtureError": "_core.fixtures",
    "FixtureWarning": "_core.fixtures",
    "Journal": "_core.journal",
    "JournalEntry": "_core.journal",
    "LiveServer": "_faces.server",
    "Message": "_core.store",
    "MockApp": "_faces.asgi",
    "MockCore": "_core.core",
    "Reply": "_core.reply",
    "Rule": "_core.core",
    "Task": "_core.store",
    "WireStyle": "_core.styles",
    "WwtMock": "_faces.respx",
    "serve_in_thread": "_faces.server",
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
