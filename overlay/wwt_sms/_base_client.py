"""What `Client` and `AsyncClient` share: configuration, building requests, and the plans that
carry a call out (see `_retries`). The two clients differ only in the driver that runs a plan.
"""

from __future__ import annotations

import copy
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from ._constants import USER_AGENT
from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ClientValidationError,
    WaitTimeoutError,
)
from ._httpx_internals import is_plain_path, url_with_path
from ._raw import RAW_RESPONSE, RawResponse
from ._requests import Call
from ._retries import SYSTEM_CLOCK, Clock, Plan, RequestHeaders, send_plan
from ._transport import ACCEPT_ENCODING
from ._types import DriftMode, NotGiven, TimeoutTypes
from ._validate import (
    DEFAULT_TIMEOUT_CONFIG,
    check_api_key,
    check_api_timezone,
    check_base_url,
    check_max_response_bytes,
    check_max_retries,
    check_timeout,
)

if TYPE_CHECKING:
    from ._contract_drift import DriftCheck
    from ._models import Sms

T = TypeVar("T")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
_JSON = {"Content-Type": "application/json"}
_NO_HEADERS = httpx.Headers()


class BaseClient(Generic[HttpT]):
    _http: HttpT

    def __init__(
        self,
        api_key: str | None,
        *,
        base_url: str | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int,
        max_response_bytes: int,
        http_client: HttpT | None,
        api_timezone: tzinfo | str | None,
        clock: Clock | None,
        http_class: type[HttpT],
        on_contract_drift: DriftMode = "ignore",
    ):
        key = check_api_key(api_key)
        self._base_url = check_base_url(base_url)
        # Parsed once: each request's URL is this with its path appended (`_build`). A base URL
        # that parsing rewrites (a `..` segment, an upper-case host) is joined as text instead.
        parsed_base = httpx.URL(self._base_url)
        self._parsed_base = parsed_base if str(parsed_base) == self._base_url else None
        self._bodiless_template: tuple[httpx.Headers | None, httpx.Headers] = (None, _NO_HEADERS)
        self._timeout = check_timeout(timeout, DEFAULT_TIMEOUT_CONFIG)
        self._max_retries = check_max_retries(max_retries)
        self._max_response_bytes = check_max_response_bytes(max_response_bytes)
        self._zone = check_api_timezone(api_timezone)
        self._clock: Clock = clock or SYSTEM_CLOCK
        self._drift: DriftCheck | None = None  # "ignore": nothing to pay, nothing loaded
        if on_contract_drift != "ignore":
            from ._contract_drift import drift_check  # jsonschema and the spec, when asked for

            self._drift = drift_check(on_contract_drift)
        self._timeout_extension = self._timeout.as_dict()
        sdk_headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,  # what `_transport` decodes
        }
        self._headers = RequestHeaders(key, sdk_headers)
        if http_client is None:
            self._owns_http = True
            self._http = http_class(headers=sdk_headers, timeout=self._timeout)
        elif isinstance(http_client, http_class):
            # Injected: the user's client keeps its pool, transport, hooks and default headers;
            # the SDK's headers, timeout and retries still apply, per request.
            self._owns_http = False
            self._http = http_client
        else:
            raise ClientValidationError(
                f"http_client must be an {http_class.__module__}.{http_class.__name__}"
            )

    def _with_options(self, timeout: TimeoutTypes | NotGiven, max_retries: int | NotGiven) -> Self:
        """A copy of this client with other options, on the same http client (which it does
        not own: closing it leaves the pool open). The caller attaches its resources."""
        child = copy.copy(self)
        child._owns_http = False
        if not isinstance(timeout, NotGiven):
            child._timeout = check_timeout(timeout, self._timeout)
            child._timeout_extension = child._timeout.as_dict()
        if not isinstance(max_retries, NotGiven):
            child._max_retries = check_max_retries(max_retries)
        return child

    def _build(self, call: Call[Any], timeout: TimeoutTypes | NotGiven) -> httpx.Request:
        # The request is made directly rather than through `http.build_request`, whose merging
        # of URL, headers, cookies, params and timeout with the client's defaults would be
        # repeated on every call; the merged headers (key included) are cached in
        # `RequestHeaders`.
        http = self._http
        base = self._parsed_base
        url = self._base_url + call.path if base is None else url_with_path(base, call.path)
        given = not isinstance(timeout, NotGiven)
        limits = check_timeout(timeout, self._timeout) if given else self._timeout
        if not self._owns_http and (http.cookies or http.params):
            # Rare: let httpx merge an injected client's cookies and query parameters.
            headers = self._headers.own if call.body is None else {**self._headers.own, **_JSON}
            return http.build_request(
                call.method, url, headers=headers, content=call.body, timeout=limits
            )
        merged = self._headers.merged(http.headers)
        extensions = {"timeout": limits.as_dict() if given else self._timeout_extension}
        if call.body is None and base is not None:
            # A request without a body: its headers as `httpx.Request` would complete them (Host
            # first) come from a template made once, and the request is made from an empty
            # stream, which skips encoding a body and normalising every header again.
            request = httpx.Request(
                call.method,
                url,
                headers=self._bodiless_headers(merged, base),
                stream=httpx.ByteStream(b""),
                extensions=extensions,
            )
            request.read()  # `request.content` is there, as for a request made from content
            return request
        request = httpx.Request(
            call.method, url, headers=merged, content=call.body, extensions=extensions
        )
        if call.body is not None:
            request.headers.update(_JSON)
        return request

    def _bodiless_parts(
        self, call: Call[Any], timeout: TimeoutTypes | NotGiven
    ) -> tuple[str, httpx.Headers, dict[str, float | None]] | None:
        """The URL (as text), headers and timeout extension of the request `_build` makes for
        `call`, when it is one made from the header template (no body, a plain path, nothing
        for httpx to merge); `None` for any other. For sending without an `httpx.Request`; the
        headers are the template itself (never changed: a new one is made when they change)."""
        http = self._http
        base = self._parsed_base
        if call.body is not None or base is None or not is_plain_path(call.path):
            return None
        if not self._owns_http and (http.cookies or http.params):
            return None
        url = self._base_url + call.path
        headers = self._bodiless_headers(self._headers.merged(http.headers), base)
        if isinstance(timeout, NotGiven):
            return url, headers, self._timeout_extension
        return url, headers, check_timeout(timeout, self._timeout).as_dict()

    def _bodiless_headers(self, merged: httpx.Headers, base: httpx.URL) -> httpx.Headers:
        """`merged` with the Host header `httpx.Request` adds first (unless it is set already),
        made again only when `merged` is another object (the http client's headers changed)."""
        source, template = self._bodiless_template
        if source is not merged:
            host: list[tuple[bytes, bytes]] = [] if "host" in merged else [(b"Host", base.netloc)]
            template = httpx.Headers([*host, *merged.raw])
            self._bodiless_template = merged, template
        return template

    def _plan(self, call: Call[T], timeout: TimeoutTypes | NotGiven) -> Plan[T]:
        """The plan of one call: the model, or (under `with_raw_response`) the raw response."""
        if RAW_RESPONSE.get():
            return self._raw_plan(call, timeout)  # type: ignore[return-value]
        return self._parsed_plan(call, timeout)

    def _parsed_plan(
        self, call: Call[T], timeout: TimeoutTypes | NotGiven, deadline: float | None = None
    ) -> Plan[T]:
        request = self._build(call, timeout)
        response = yield from send_plan(request, self._max_retries, self._clock, deadline)
        if self._drift is not None:
            self._drift.check(call, response)
        return call.parse(response, self._zone)

    def _raw_plan(self, call: Call[T], timeout: TimeoutTypes | NotGiven) -> Plan[RawResponse[T]]:
        request = self._build(call, timeout)
        response = yield from send_plan(request, self._max_retries, self._clock)
        return RawResponse(response, call.parse, self._zone)

    def _wait_plan(
        self,
        call: Call[Sms],
        sms_id: int,
        timeout: float,
        poll_interval: float,
        request_timeout: TimeoutTypes | NotGiven,
    ) -> Plan[Sms]:
        """Poll until the status is final. Ends by `timeout` plus at most one attempt's time
        limit: no retry starts after the deadline, and a poll that times out or fails once the
        deadline has passed ends the wait with `WaitTimeoutError`."""
        clock = self._clock
        started = clock.monotonic()
        deadline = started + timeout
        last_status: str | None = None
        while True:
            try:
                sms = yield from self._parsed_plan(call, request_timeout, deadline)
            except APIConnectionError as exc:
                if isinstance(exc, APITimeoutError) or clock.monotonic() >= deadline:
                    raise _wait_timeout(sms_id, last_status, clock.monotonic() - started) from exc
                raise
            if sms.status.is_final:
                return sms
            last_status = sms.status.value
            remaining = deadline - clock.monotonic()
            if remaining <= 0:
                raise _wait_timeout(sms_id, last_status, timeout - remaining)
            yield min(poll_interval, remaining)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, "
            f"max_retries={self._max_retries}, timeout={self._timeout!r})"
        )


def _wait_timeout(sms_id: int, last_status: str | None, waited: float) -> WaitTimeoutError:
    state = f"still {last_status!r}" if last_status is not None else "not read"
    return WaitTimeoutError(
        f"SMS {sms_id} is {state} after {waited:g} s",
        sms_id=sms_id,
        last_status=last_status,
        waited=waited,
    )
