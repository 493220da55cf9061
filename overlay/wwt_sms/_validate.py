"""Every check of a caller's argument, made before any request is sent.

Each `check_*` takes the value as given and returns it in the type the SDK works with, or raises
`ClientValidationError` with a message that names the argument and states the rule.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, tzinfo

import httpx

from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_TIMEOUT,
    ID_MAX,
    ID_MIN,
    REFERENCE_PATTERN,
)
from ._exceptions import ClientValidationError
from ._types import NotGiven

DEFAULT_TIMEOUT_CONFIG = httpx.Timeout(DEFAULT_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)
_REFERENCE = re.compile(REFERENCE_PATTERN)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_id(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ClientValidationError(f"{name} must be an int, not {type(value).__name__}")
    if not ID_MIN <= value <= ID_MAX:
        raise ClientValidationError(f"{name} must be between {ID_MIN} and {ID_MAX}: {value}")
    return int(value)


def check_reference(value: object) -> str:
    if not isinstance(value, str) or not _REFERENCE.match(value) or value.endswith("\n"):
        raise ClientValidationError(
            f"reference must be 1 to 32 letters and digits: {_shown(value)}"
        )
    return value


def check_seconds(value: object, name: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    raise ClientValidationError(f"{name} must be a non-negative number of seconds: {value!r}")


def check_poll_interval(value: object) -> float:
    interval = check_seconds(value, "poll_interval")
    if interval <= 0:
        raise ClientValidationError(f"poll_interval must be positive: {value!r}")
    return interval


def check_concurrency(value: object) -> int:
    if type(value) is int and value >= 1:
        return value
    raise ClientValidationError(f"concurrency must be a positive int: {value!r}")


def check_max_retries(value: object) -> int:
    if type(value) is int and value >= 0:
        return value
    raise ClientValidationError(f"max_retries must be an int >= 0: {value!r}")


def check_api_key(value: str | None) -> str:
    """The key passed, else the one in the environment."""
    key = value if value is not None else os.environ.get(API_KEY_ENV)
    if not key:
        raise ClientValidationError(
            f"No API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
        )
    if not isinstance(key, str) or not key.isascii() or not key.isprintable() or " " in key:
        # The message must not show the key, not even a malformed one.
        raise ClientValidationError("The API key must be printable ASCII without spaces")
    return key


def check_base_url(value: str | None) -> str:
    """The URL passed, else the one in the environment, else the vendor's; without a trailing
    slash (paths are appended to it)."""
    url = value or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise ClientValidationError(f"base_url must be an http(s) URL: {url!r}")
    return url.rstrip("/")


def check_api_timezone(value: tzinfo | str | None) -> tzinfo:
    if value is None:
        return UTC
    if isinstance(value, tzinfo):
        return value
    if isinstance(value, str):
        import zoneinfo  # lazy: only for zone names

        try:
            return zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    raise ClientValidationError(f"api_timezone must be a tzinfo or an IANA zone name: {value!r}")


def check_timeout(value: object, default: httpx.Timeout) -> httpx.Timeout:
    """`NOT_GIVEN` → `default`; `None` → no time limit; seconds → that for every phase."""
    if isinstance(value, NotGiven):
        return default
    if value is None:
        return httpx.Timeout(None)
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return httpx.Timeout(float(value))
    raise ClientValidationError(
        f"timeout must be positive seconds, an httpx.Timeout or None: {value!r}"
    )
