"""Who may use the controls over HTTP: on loopback, requests from this machine that no
browser made cross-site; elsewhere, holders of the control token."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

__all__ = [
    "TOKEN_ENV",
    "TOKEN_HEADER",
    "ControlGuard",
    "check_token",
    "is_loopback",
    "new_token",
]

TOKEN_ENV: Final = "WWT_SMS_MOCK_CONTROL_TOKEN"
TOKEN_HEADER: Final = "x-mock-token"
_LOOPBACK_NAMES: Final = frozenset({"localhost", "localhost.", "ip6-localhost"})
# Sec-Fetch-Site values a browser sends for requests a page on another site started.
_CROSS_SITE: Final = frozenset({b"cross-site", b"same-site"})


def is_loopback(host: str) -> bool:
    """`host` (a name or an address, IPv6 with or without brackets) is this machine only."""
    name = host.strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


def check_token(token: str | None, source: str) -> str | None:
    """`token` if it is one a client can send, else ValueError naming `source` (the flag,
    variable or argument it came from). An empty token (`--control-token "$UNSET"`) is an
    error, never "no token": it would open the controls to an empty header."""
    if token is None:
        return None
    if not token.strip():
        raise ValueError(
            f"{source} is empty: give a control token, or leave {source} unset "
            "(on loopback no token is needed; elsewhere a fresh one is made)"
        )
    if token != token.strip():
        raise ValueError(f"{source} starts or ends with spaces, which a header cannot carry")
    return token


def _hostname(value: str) -> str | None:
    """The host part of a Host header (`name`, `name:port`, `[v6]:port`), or None."""
    parts = urlsplit("//" + value)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
    except ValueError:
        return None
    return parts.hostname


@dataclass(frozen=True, slots=True)
class ControlGuard:
    """`token`: required in the `X-Mock-Token` header (or `Authorization: Bearer`) when set.
    `loopback`: the server listens on loopback only, so `Host` and `Origin` must name it."""

    token: str | None
    loopback: bool

    def __post_init__(self) -> None:
        check_token(self.token, "the control token")

    def refusal(self, headers: Sequence[tuple[bytes, bytes]]) -> tuple[int, str] | None:
        """(status, message) when the request may not use the controls, else None."""
        found: dict[bytes, bytes] = {}
        for name, value in headers:
            found.setdefault(name.lower(), value)
        if self.token is not None and not self._token_ok(found):
            return 401, "the controls need the control token in the X-Mock-Token header"
        if self.loopback:
            return self._local_refusal(found)
        return None

    def _token_ok(self, found: dict[bytes, bytes]) -> bool:
        assert self.token is not None
        given = found.get(TOKEN_HEADER.encode())
        bearer = found.get(b"authorization", b"")
        if given is None and bearer[:7].lower() == b"bearer ":
            given = bearer[7:].strip()
        return given is not None and hmac.compare_digest(given, self.token.encode())

    @staticmethod
    def _local_refusal(found: dict[bytes, bytes]) -> tuple[int, str] | None:
        host = found.get(b"host")
        name = None if host is None else _hostname(host.decode("latin-1"))
        if name is None or not is_loopback(name):
            return 403, "the controls answer only requests addressed to a loopback host"
        origin = found.get(b"origin")
        if origin is not None:
            parts = urlsplit(origin.decode("latin-1"))
            if parts.scheme not in ("http", "https") or not is_loopback(parts.hostname or ""):
                return 403, "the controls refuse requests from web pages on other origins"
        if found.get(b"sec-fetch-site", b"").lower() in _CROSS_SITE:
            return 403, "the controls refuse requests that a web page made cross-site"
        return None
