"""What every Python consumer shares: its arguments, the loop over cases, one JSON line each.

A consumer runs as `python -m tests.consumers.NAME CLIENT_DIR BASE_URL CASES_JSON API_KEY`
(from the repository root). For each case
(`{"name", "operation", "argument"}`) it calls the operation through its generated client and
prints `{"case", "status", "body"}`, where `body` is rebuilt from the client's typed model (wire
names, values as the model holds them): a field the client dropped is missing from it. A call
that raises prints `{"case", "failure"}` instead.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Call = Callable[[str, str], tuple[int, dict[str, Any]]]  # (operation, argument) -> status, body
TIMEOUT_SECONDS = 10


def arguments() -> tuple[Path, str, list[dict[str, str]], str]:
    client, base_url, cases, api_key = sys.argv[1:5]
    sys.path.insert(0, client)  # the generated package
    return Path(client), base_url, json.loads(Path(cases).read_text()), api_key


def run(cases: list[dict[str, str]], call: Call) -> None:
    for case in cases:
        try:
            status, body = call(case["operation"], case["argument"])
            line: dict[str, Any] = {"case": case["name"], "status": status, "body": body}
        except Exception as exc:  # a crash is the finding: report it, go on
            text = " / ".join(f"{type(exc).__name__}: {exc}".splitlines())
            line = {"case": case["name"], "failure": text[:500]}
        print(json.dumps(line, default=str), flush=True)
