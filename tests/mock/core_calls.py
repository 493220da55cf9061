"""Requests to the mock's core as its faces hand them over, and its replies read back.

The `core` fixture (a fresh core) is in conftest.py.
"""

from __future__ import annotations

import json
from typing import Any

from tests.keys import KEY
from wwt_sms_mock import MockCore, Reply


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


def get(core: MockCore, path: str, key: str | None = KEY, **extra: str) -> Reply:
    return core.handle("GET", core.base_path + path, raw_headers(key, **extra))
