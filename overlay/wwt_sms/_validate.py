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
    REFERENCE_FORBIDDEN,
    REFERENCE_MAX_LENGTH,
)
from ._exceptions import ClientValidationError
from ._types import NotGiven

DEFAULT_TIMEOUT_CONFIG = httpx.Timeout(DEFAULT_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)
# Not a safe single path segment: anything but printable ASCII, a space, or a forbidden mark.
_UNSAFE_IN_REFERENCE = re.compile(f"[^\\x21-\\x7e]|[{re.escape(REFERENCE_FORBIDDEN)}]")
REFERENCE_RULE = (
    f"a reference is 1 to {REFERENCE_MAX_LENGTH} printable ASCII characters, without spaces "
    f"or any of {' '.join(REFERENCE_FORBIDDEN)}, and not . or .."
)


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
    """A reference that can travel as one path segment. Letters, digits, underscores and the
    other marks the vendor's references use pass; what would change the path does not."""
    if not isinstance(value, str):
        raise ClientValidationError(f"reference must be a str, not {type(value).__name__}")
    if (
        not 0 < len(value) <= REFERENCE_MAX_LENGTH
        or _UNSAFE_IN_REFERENCE.search(value)
        or value in (".", "..")
    ):
        raise ClientValidationError(f"Invalid reference {_shown(value)}: {REFERENCE_RULE}")
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


def check_max_response_bytes(value: object) -> int:
    if type(value) is int and value >= 1:
        return value
    raise ClientValidationError(f"max_response_bytes must be a positive int: {value!r}")


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
        raise ClientValidationError(f"base_url must be an http(s) URL: {_shown(url)}")
    if parsed.userinfo:
        # Not shown: the user-info may hold a password.
        raise ClientValidationError(
            "base_url must not contain a user name or password (user:pass@); "
            "the API key goes in api_key"
        )
    if parsed.query or parsed.fragment or "?" in url or "#" in url:
        raise ClientValidationError(
            f"base_url must not have a query (?...) or a fragment (#...): {_shown(url)}"
        )
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
