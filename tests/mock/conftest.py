"""Shared helpers for the mock's tests: a fresh core, and headers as the core takes them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wwt_sms_mock import MockCore, Reply

KEY = "test_mocksuite"


def raw_headers(key: str | None = KEY, **extra: str) -> list[tuple[bytes, bytes]]:
    """Headers as raw byte pairs; `prefer="code=404"` becomes `Prefer: code=404`."""
    headers = [(b"host", b"api.wwt.world"), (b"accept", b"*/*")]
    if key is not None:
        headers.append((b"x-api-key", key.encode()))
    headers += [(name.replace("_", "-").encode(), value.encode()) for name, value in extra.items()]
    return headers


def body(reply: Reply) -> Any:
    return json.loads(reply.body)


def header(reply: Reply, name: str) -> str | None:
    wanted = name.lower().encode()
    return next((v.decode() for k, v in reply.headers if k.lower() == wanted), None)


@pytest.fixture
def core() -> MockCore:
    """A fresh core in the canonical style (errors at their HTTP status, as the spec's
    examples pair them), self-check on: any response outside the contract raises. The
    default style, the real API's, has its own tests (test_api_style.py)."""
    return MockCore(self_check=True, style="canonical")


def get(core: MockCore, path: str, key: str | None = KEY, **extra: str) -> Reply:
    return core.handle("GET", core.base_path + path, raw_headers(key, **extra))
