"""A proxy in a thread in front of any upstream, and its report read back."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wwt_sms_mock._proxy.app import ProxyLimits
from wwt_sms_mock._proxy.server import LiveProxy, build_proxy, proxy_in_thread


@contextlib.contextmanager
def proxy_to(
    upstream: str,
    tmp_path: Path,
    *,
    limits: ProxyLimits | None = None,
    style_check: bool = False,
    client: str = "httptools",
) -> Iterator[LiveProxy]:
    """A proxy in a thread in front of `upstream`, reporting and recording under `tmp_path`;
    `client` names its upstream client (one of `wwt_sms_mock._upstream.CLIENTS`)."""
    app = build_proxy(
        upstream,
        report=tmp_path / "report.jsonl",
        record=tmp_path / "recorded",
        style_check=style_check,
        limits=limits,
        client=client,
    )
    with proxy_in_thread(app) as proxy:
        yield proxy


def report_lines(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "report.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def violations(tmp_path: Path) -> list[dict[str, Any]]:
    return [line for line in report_lines(tmp_path) if line["kind"] == "violation"]
