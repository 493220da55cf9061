"""The delivery report controls under `/__mock/deliveries`, as rows of the route table.

`control_routes` turns each row of `DELIVERY_ROUTES` into a `ControlRoute`, so `GET /__mock`
lists them with the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol

from wwt_sms_mock._core.checks import whole
from wwt_sms_mock._core.core import MockCore
from wwt_sms_mock._core.dlr import DELIVERY_FAULTS

__all__ = ["DELIVERY_ROUTES", "FAULT_FIELDS", "MAX_DELIVERIES_LIMIT"]

MAX_DELIVERIES_LIMIT: Final = 10_000
FAULT_FIELDS: Final = ("fault", "delay", "times", "id", "status")


class _Request(Protocol):
    """What these handlers read of a `ControlRequest`."""

    @property
    def args(self) -> Mapping[str, Any]: ...


def _deliveries(core: MockCore, request: _Request) -> tuple[int, Any]:
    limit = whole(request.args.get("limit", 100), "limit", low=0, high=MAX_DELIVERIES_LIMIT)
    entries = core.deliveries.entries()
    kept = entries[len(entries) - limit :] if limit else []
    return 200, {
        "total": len(entries),
        "held": core.deliveries_held,
        "entries": [entry.as_dict() for entry in kept],
    }


def _clear_deliveries(core: MockCore, request: _Request) -> tuple[int, Any]:
    core.deliveries.clear()
    return 200, {"total": 0, "held": core.deliveries_held, "entries": []}


def _faults(core: MockCore, request: _Request) -> tuple[int, Any]:
    return 200, {"faults": [rule.as_dict() for rule in core.delivery_rules]}


def _add_fault(core: MockCore, request: _Request) -> tuple[int, Any]:
    args = dict(request.args)
    if "fault" not in args:
        raise ValueError(f"fault is required: one of {DELIVERY_FAULTS}")
    fault = args.pop("fault")
    if "times" in args and args["times"] in ("", "none", "null"):
        args["times"] = None  # until cleared (a query string cannot say null)
    return 201, {"fault": core.delivery_fault(fault, **args).as_dict()}


def _clear_faults(core: MockCore, request: _Request) -> tuple[int, Any]:
    core.clear_delivery_rules()
    return _faults(core, request)


Row = tuple[str, str, str, Callable[[MockCore, _Request], tuple[int, Any]], tuple[str, ...], bool]

DELIVERY_ROUTES: Final[tuple[Row, ...]] = (
    (
        "GET",
        "/deliveries",
        f"limit=N: the newest N delivery report attempts (message_id, status, url, attempt, "
        f"outcome, response_status, error, at, time; default 100, at most "
        f"{MAX_DELIVERIES_LIMIT}), and how many reports a fault holds back",
        _deliveries,
        ("limit",),
        True,
    ),
    ("DELETE", "/deliveries", "forget the delivery report attempts", _clear_deliveries, (), False),
    ("GET", "/deliveries/faults", "the delivery faults in force", _faults, (), False),
    (
        "POST",
        "/deliveries/faults",
        f"add a delivery fault: fault={'|'.join(DELIVERY_FAULTS)}, delay (seconds, for delay), "
        "times (default 1; none: until cleared), limited to a message id and a status",
        _add_fault,
        FAULT_FIELDS,
        False,
    ),
    ("DELETE", "/deliveries/faults", "remove every delivery fault", _clear_faults, (), False),
)
