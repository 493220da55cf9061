"""The built documentation site, opened in headless Chromium.

These tests need the site that `nox -s docs` builds with mkdocs (it passes its folder in
`WWT_DOCS_SITE`) and, for most of them, a Chromium. A plain `pytest` run without them reports
each test as skipped, with the reason.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.docs.chromium import BrowserError, Chromium, find_chromium


@pytest.fixture(scope="session")
def site() -> Path:
    if not os.environ.get("WWT_DOCS_SITE"):
        pytest.skip("no built site: `nox -s docs` builds it with mkdocs and runs these tests")
    folder = Path(os.environ["WWT_DOCS_SITE"])
    if not (folder / "index.html").is_file():
        pytest.fail(f"no built site in {folder}: run `nox -s docs`")
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on loopback, as a reader's browser would get it; its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Chromium]:
    try:
        find_chromium()
    except BrowserError as missing:
        pytest.skip(str(missing))
    with Chromium(timeout=30.0) as chromium:
        yield chromium
