"""Headless Chromium driven over the DevTools protocol, through a pipe (no debugging port).

Only what the docs tests need: open a page, wait until a script says it is ready, read values
from it, and record every request the page tried to make and every uncaught script error.
Every wait has a deadline; the browser is killed however the test ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

# Any host but loopback resolves to nothing, so a request that would leave the machine fails
# fast and visibly instead of waiting on the network.
LOOPBACK_ONLY = "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"


class BrowserError(Exception):
    """Chromium is missing, died, or did not answer in time."""


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    raise BrowserError(
        "no Chromium on PATH: install Debian's `chromium` package (`nox -s docs` does, as root)"
    )


@dataclass
class Page:
    """One tab: the requests it made and the script errors it raised, as they arrive."""

    browser: Chromium
    session_id: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def navigate(self, url: str) -> None:
        self.browser.call("Page.navigate", {"url": url}, self.session_id)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of `expression` evaluated in the page (promises are awaited)."""
        reply = self.browser.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            self.session_id,
        )
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression!r} raised: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float) -> None:
        """Poll until `expression` is truthy in the page, at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise BrowserError(f"not true after {timeout} s: {expression}")
            time.sleep(0.1)


class Chromium:
    """`with Chromium() as browser: page = browser.open(url)`."""

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._incoming: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._pages: dict[str, Page] = {}
        self._profile = tempfile.TemporaryDirectory(prefix="wwt-docs-chromium-")
        self._log = (Path(self._profile.name) / "chromium.log").open("wb")
        # The browser reads commands from its fd 3 and writes answers to its fd 4.
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        command = [
            find_chromium(),
            "--headless",
            "--no-sandbox",  # CI runs as root, where the sandbox cannot start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--metrics-recording-only",
            f"--host-resolver-rules={LOOPBACK_ONLY}",
            f"--user-data-dir={self._profile.name}",
            "--remote-debugging-pipe",
            "about:blank",
        ]

        def wire_fds() -> None:
            # Move both ends out of the way first: either may already sit on fd 3 or 4.
            high_r, high_w = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            pass_fds=(3, 4),  # kept open through exec: wire_fds puts the pipes there
            preexec_fn=wire_fds,  # only dup2 before exec: safe with the test's threads
            start_new_session=True,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        threading.Thread(target=self._read, daemon=True).start()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        # The browser's renderer and zygote processes share its process group and keep writing
        # to the profile after the main process dies: end them all before removing it.
        group = self._process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        self._process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        os.close(self._to_browser)
        self._profile.cleanup()

    def open(self, url: str) -> Page:
        """A new tab that records requests and errors, navigated to `url`."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session_id = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = self._pages[session_id] = Page(self, session_id)
        for domain in ("Network", "Page", "Runtime"):
            self.call(f"{domain}.enable", {}, session_id)
        page.navigate(url)
        return page

    def call(
        self, method: str, params: dict[str, Any], session_id: str | None = None
    ) -> dict[str, Any]:
        """Send one command and wait (at most `timeout`) for its answer."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session_id is not None:
            message["sessionId"] = session_id
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while self._next_id not in self._replies:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"{method}: no answer in {self.timeout} s")
            try:
                incoming = self._incoming.get(timeout=left)
            except queue.Empty:
                continue
            if incoming is None:
                raise BrowserError(f"{method}: Chromium exited ({self._process.poll()})")
            self._dispatch(incoming)
        reply = self._replies.pop(self._next_id)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message:
            self._replies[message["id"]] = message
            return
        page = self._pages.get(message.get("sessionId", ""))
        if page is None:
            return
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            page.requests.append(params["request"]["url"])
        elif message.get("method") == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            page.errors.append(details.get("exception", {}).get("description") or details["text"])

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_browser, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    self._incoming.put(json.loads(raw))
        self._incoming.put(None)
