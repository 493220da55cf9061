"""Running the validating proxy under uvicorn: in the foreground (`wwt-sms-mock proxy`) or in
a thread (tests)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

from wwt_sms_mock._contract.check import ContractChecker
from wwt_sms_mock._contract.compile import load_spec
from wwt_sms_mock._faces.server import run_foreground, run_in_thread

from .app import ProxyApp, ProxyLimits
from .report import ProxyLog, Recorder, Report
from .style_check import StyleCheck

__all__ = ["LiveProxy", "build_proxy", "proxy_in_thread", "serve_proxy"]

# The proxy's own server settings: lifespan opens and closes the upstream client; no Date
# header of its own, so the upstream's passes alone.
_SERVER_OPTIONS: Final[dict[str, Any]] = {"lifespan": "on", "date_header": False}


def build_proxy(
    upstream: str,
    *,
    report: str | Path | None = None,
    record: str | Path | None = None,
    style_check: bool = False,
    limits: ProxyLimits | None = None,
    client: str = "aiohttp",
) -> ProxyApp:
    """The proxy's ASGI app, checking against the spec the mock ships with."""
    spec = load_spec()
    log = ProxyLog(
        spec.key_header,
        report=None if report is None else Report(report),
        recorder=None if record is None else Recorder(record),
        style=StyleCheck(spec) if style_check else None,
    )
    return ProxyApp(upstream, ContractChecker(spec), log, limits or ProxyLimits(), client)


def serve_proxy(
    app: ProxyApp, *, host: str = "127.0.0.1", port: int = 4011, out: TextIO | None = None
) -> int:
    """Serve until SIGINT or SIGTERM; print a readiness line, then the summary on exit."""
    stream = out if out is not None else sys.stdout
    base_path = app.checker.spec.base_path

    def ready(url: str) -> None:
        print(f"wwt-sms-mock proxy ready: {url}{base_path}", file=stream, flush=True)

    try:
        started = run_foreground(app, ready, host=host, port=port, **_SERVER_OPTIONS)
    finally:
        app.log.close()
    if not started:
        return 1
    print(app.log.summary(), file=stream, flush=True)
    return 0


@dataclass(frozen=True, slots=True)
class LiveProxy:
    """A running proxy: `url` is its base URL (with the base path), `log` what it saw."""

    url: str
    log: ProxyLog


@contextlib.contextmanager
def proxy_in_thread(app: ProxyApp, *, host: str = "127.0.0.1") -> Iterator[LiveProxy]:
    """The proxy on a free loopback port in a background thread (closes its log on exit)."""
    try:
        with run_in_thread(app, host=host, **_SERVER_OPTIONS) as root:
            yield LiveProxy(root + app.checker.spec.base_path, app.log)
    finally:
        app.log.close()
