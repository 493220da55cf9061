"""Replies built from the spec: API errors, gateway errors, named examples, JSON bodies.

Built replies are immutable values, so they are cached (within a bound) and served again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, Final

from wwt_sms_mock._contract.spec import OperationSpec, Spec

from .reply import Reply
from .styles import WireStyle, dumps, error_body

__all__ = ["CACHE_LIMIT", "Replies", "json_reply", "raw_reply"]

CACHE_LIMIT: Final = 20_000
_JSON: Final = (b"content-type", b"application/json")


def raw_reply(status: int, headers: Sequence[tuple[bytes, bytes]], body: bytes) -> Reply:
    """A reply whose Content-Length is the body's (any other Content-Length dropped)."""
    kept = [h for h in headers if h[0] != b"content-length"]
    return Reply(status, [*kept, (b"content-length", str(len(body)).encode())], body)


def json_reply(status: int, value: Any, extra: Sequence[tuple[bytes, bytes]] = ()) -> Reply:
    return raw_reply(status, [_JSON, *extra], dumps(value))


class Replies:
    """The replies the spec describes, each built once per distinct input."""

    def __init__(self, spec: Spec, *, limit: int = CACHE_LIMIT) -> None:
        self._errors = spec.errors
        self._no_error = spec.errors[0].description
        self._cache: dict[Hashable, Reply] = {}
        self._limit = limit

    def __len__(self) -> int:
        return len(self._cache)

    def clear(self) -> None:
        self._cache.clear()

    def cached(self, key: Hashable, build: Callable[[], Reply]) -> Reply:
        reply = self._cache.get(key)
        if reply is None:
            reply = build()
            if len(self._cache) >= self._limit:
                self._cache.clear()  # bounded: memory stays flat whatever the traffic
            self._cache[key] = reply
        return reply

    def rendered(
        self, key: Hashable, render: Callable[[WireStyle], Any], style: WireStyle
    ) -> Reply:
        """A record's 200, rendered in `style` once per `key`."""
        reply = self._cache.get(key)
        if reply is None:
            reply = self.cached(key, lambda: json_reply(200, render(style)))
        return reply

    def gateway(
        self, status: int, message: str, extra: Sequence[tuple[bytes, bytes]] = ()
    ) -> Reply:
        """The gateway's own shape, `{code, message}`: off the spec's paths, or no key."""
        return self.cached(
            ("gateway", status, message, tuple(extra)),
            lambda: json_reply(status, {"code": status, "message": message}, extra),
        )

    def api_error(
        self,
        operation: OperationSpec,
        status: int,
        example: Mapping[str, Any],
        style: WireStyle,
        *,
        asked_status: bool = False,
    ) -> Reply:
        """An API-shape error at `status`, or in a 200 body where the operation documents no
        error body at that status or the style asks for the real API's habit (a "not found"
        only moves into a 200 when the status was not asked for by name)."""
        code = int(example["error"])
        description = str(example.get("errorDescription", self._no_error))

        def build() -> Reply:
            in_200 = _in_200(operation, status, style, asked_status=asked_status)
            body = error_body(code, description, style, in_200=in_200)
            return json_reply(200 if in_200 else status, body)

        key = ("error", operation.operation_id, status, code, description, style, asked_status)
        return self.cached(key, build)

    def bad_request(self, operation: OperationSpec, detail: str, style: WireStyle) -> Reply:
        """The operation's 400 error code (its first 400 example's) with `detail` after the
        code's description: what is wrong with the request."""
        code = int(operation.invalid_example["error"])
        info = self._errors.get(code)
        description = f"{info.description if info else f'Error {code}'}: {detail}"
        return self.api_error(
            operation, 400, {"error": code, "errorDescription": description}, style
        )

    def api_error_code(self, operation: OperationSpec, code: int, style: WireStyle) -> Reply:
        """Error `code` at the HTTP status the spec pairs with it (200 for unknown codes)."""
        info = self._errors.get(code)
        description = info.description if info else f"Error {code}"
        status = info.http_status if info else 200
        return self.api_error(
            operation, status, {"error": code, "errorDescription": description}, style
        )

    def example(
        self,
        operation: OperationSpec,
        status: int | None,
        name: str | None,
        retry_after: str | None,
        style: WireStyle,
    ) -> Reply | None:
        """The operation's documented response: its named (or first) example, its headers."""
        if status is None:
            status = next((s for s, r in operation.responses.items() if name in r.examples), None)
            if status is None:
                return None
        response = operation.responses.get(status)
        if response is None:
            return None
        if name is not None and name in response.examples:
            value = response.examples[name]
        elif response.examples:
            value = next(iter(response.examples.values()))
        else:
            value = None
        if isinstance(value, dict) and "error" in value and status != 200:
            return self.api_error(operation, status, value, style, asked_status=True)

        def build() -> Reply:
            extra = [
                (
                    header.encode(),
                    (retry_after if header == "retry-after" and retry_after else example).encode(),
                )
                for header, example in response.header_examples.items()
            ]
            if value is None:
                return Reply(status, [*extra, (b"content-length", b"0")], b"")
            return json_reply(status, value, extra)

        return self.cached(
            ("example", operation.operation_id, status, name, retry_after, style), build
        )


def _in_200(operation: OperationSpec, status: int, style: WireStyle, *, asked_status: bool) -> bool:
    if not operation.error_in_200:
        return False  # the 200 schema has no room for an error: keep the paired status
    if status == 200 or status not in operation.error_statuses or style.errors_in_200:
        return True
    return style.not_found_in_200 and status == 404 and not asked_status
