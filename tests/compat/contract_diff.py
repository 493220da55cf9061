"""Contract breaks between two versions of openapi.yaml, found by oasdiff.

oasdiff's `breaking` rule set, with the rules in `oasdiff-levels.txt` raised to errors: it
rates some changes as notes (a removed optional response property, a removed error status, a
changed request pattern) that break a client generated from the previous spec.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.compat.breaks import Break

LEVELS = Path(__file__).with_name("oasdiff-levels.txt")
ERROR = 3  # oasdiff's JSON levels: 1 info, 2 warning, 3 error
TIMEOUT_SECONDS = 120


class ToolMissingError(Exception):
    """oasdiff is not installed."""


def oasdiff() -> str:
    """The oasdiff binary: $OASDIFF, else the one on PATH."""
    found = os.environ.get("OASDIFF") or shutil.which("oasdiff")
    if not found:
        raise ToolMissingError(
            "oasdiff is not installed: run `nox -s compat` (it installs the pinned oasdiff), "
            "or put oasdiff on PATH or in $OASDIFF"
        )
    return found


def _name(change: dict[str, object]) -> str:
    """The changed element a changelog entry names: the first `quoted` word of oasdiff's
    text that is not a location (`query`, `path`), else the path."""
    text = str(change.get("text", ""))
    quoted = [word for word in re.findall(r"`([^`]+)`", text) if word not in _LOCATIONS]
    return quoted[0] if quoted else str(change.get("path", ""))


_LOCATIONS = {"query", "path", "header", "cookie"}


def _receivers_unaffected(change: dict[str, object]) -> bool:
    """A webhook's request is sent by the API and read by the user's receiver, so oasdiff's
    request rules read it the wrong way round: sending fewer forms, or dropping a property,
    breaks no receiver. Such changes pass as notes."""
    return str(change.get("path", "")).startswith("webhook:") and str(
        change.get("id", "")
    ).startswith("request-")


def contract_changes(old_spec: Path, new_spec: Path) -> tuple[list[Break], list[str]]:
    """(breaks, warnings): oasdiff's errors, and its warnings as notes that pass."""
    command = [oasdiff(), "breaking", str(old_spec), str(new_spec), "--format", "json"]
    command += ["--severity-levels", str(LEVELS)]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"oasdiff failed ({done.returncode}): {done.stderr.strip()}")
    breaks: list[Break] = []
    warnings: list[str] = []
    for change in json.loads(done.stdout or "[]"):
        where = f"{change.get('operation', '')} {change.get('path', '')}".strip()
        text = f"{where}: {change['text']} [{change['id']}]"
        if change.get("level") == ERROR and not _receivers_unaffected(change):
            breaks.append(Break("contract", _name(change), text))
        else:
            warnings.append(text)
    return breaks, warnings
