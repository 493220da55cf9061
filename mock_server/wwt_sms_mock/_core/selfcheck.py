"""The self-check: every reply held against the spec before it leaves (a breach is a bug)."""

from __future__ import annotations

from collections.abc import Hashable

from wwt_sms_mock._contract.spec import ContractBreach, OperationSpec, Spec

from .replies import CACHE_LIMIT
from .reply import Reply

__all__ = ["SelfCheck"]


class SelfCheck:
    """Raises `ContractBreach` for a reply the contract does not allow, and keeps its text."""

    def __init__(self, spec: Spec, *, limit: int = CACHE_LIMIT) -> None:
        self.breaches: list[str] = []
        self._spec = spec
        self._passed: set[Hashable] = set()  # replies already checked: served again unchecked
        self._limit = limit

    def __call__(self, operation: OperationSpec | None, reply: Reply) -> None:
        if reply.fault is not None or not reply.status or reply.status == 204:
            return
        key = (
            None if operation is None else operation.operation_id,
            reply.status,
            tuple(reply.headers),
            reply.body,
        )
        if key in self._passed:
            return
        try:
            self._spec.check_response(operation, reply.status, reply.headers, reply.body)
        except ContractBreach as breach:
            self.breaches.append(str(breach))
            raise
        if len(self._passed) >= self._limit:
            self._passed.clear()
        self._passed.add(key)
