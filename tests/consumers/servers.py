"""The servers the consumers read, and how the driver talks to them.

* the contract mock (`python -m wwt_sms_mock serve --self-check`), started and stopped by the
  tests' process launcher;
* a loopback server sending the vendor's published example bodies as they are.
"""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests import launcher
from tests.consumers.steps import Failed
from tests.keys import KEY

HTTP_SECONDS = 10


def http(method: str, url: str, payload: Any = None) -> tuple[int, Any]:
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("X-API-KEY", KEY)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=HTTP_SECONDS) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"null")


@contextlib.contextmanager
def mock_server() -> Iterator[str]:
    """The contract mock over HTTP (tests/launcher.py: its own process group, stopped however
    the run ends), checking every response it sends against the spec; yields its root URL."""
    try:
        # --8<-- [start:serve]
        with launcher.wwt_sms_mock("serve", "--host", "127.0.0.1", "--self-check") as mock:
            # --8<-- [end:serve]
            yield mock.url.removesuffix(urllib.parse.urlsplit(mock.url).path)
    except launcher.NotReady as failure:
        raise Failed(f"the mock did not start: {failure}") from None


@contextlib.contextmanager
def vendor_server(cases: list[Mapping[str, Any]]) -> Iterator[str]:
    """A loopback server that answers each vendor case's path with its body, as it is."""
    answers = {path_for(c["operation"], c["argument"]): (c["status"], c["body"]) for c in cases}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = answers.get(self.path, (404, {"code": 404, "message": "Not found"}))
            if self.headers.get("X-API-KEY") != KEY:
                status, body = 401, {"code": 401, "message": "API Key not found"}
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the driver reports

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/rest"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def request_for(operation: str, argument: str) -> tuple[str, str, Any]:
    """How a case asks: method, path (with the base path) and JSON body. The mass-status
    operation's argument is its IDs, comma-separated."""
    if operation == "getSmsStatuses":
        return "POST", "/rest/sms/getStatus", {"ids": [int(id) for id in argument.split(",")]}
    return "GET", path_for(operation, argument), None


def path_for(operation: str, argument: str) -> str:
    template = {
        "getSmsById": "/rest/sms/{}",
        "getSmsByReference": "/rest/sms/reference/{}",
        "getTaskById": "/rest/sms/task/{}",
    }[operation]
    return template.format(urllib.parse.quote(argument, safe=""))
