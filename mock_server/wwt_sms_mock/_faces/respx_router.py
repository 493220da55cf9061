"""respx's router, bounded: what `WwtMock` patches httpx with while it is active."""

from __future__ import annotations

from typing import Final

import httpx
import respx

__all__ = ["MAX_CALLS", "BoundedRouter"]

MAX_CALLS: Final = 1000
"""respx calls kept (`mock.router.calls`, each route's `calls`): the newest, at least this
many and at most twice as many. The journal keeps more, in less memory."""


class BoundedRouter(respx.MockRouter):
    """respx's router, keeping only the newest calls: it records every request and response
    whole, so a long run would otherwise grow without end."""

    def record(
        self,
        request: httpx.Request,
        *,
        response: httpx.Response | None = None,
        route: respx.Route | None = None,
    ) -> None:
        super().record(request, response=response, route=route)
        for calls in (self.calls, route.calls if route is not None else None):
            if calls is not None and len(calls) > 2 * MAX_CALLS:  # trimmed now and then: cheap
                del calls[:-MAX_CALLS]
