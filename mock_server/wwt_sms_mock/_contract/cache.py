"""The compiled spec's cache file: the spec as JSON plus the facts only jsonschema can tell.

Parsing `openapi.yaml` and asking jsonschema which responses admit the error envelope takes
most of the mock's start. Both depend only on the spec's bytes, so their result is written
once, as plain JSON, to the user's cache directory (`$XDG_CACHE_HOME/wwt-sms`, by default
`~/.cache/wwt-sms`) and read back on later starts. The file is named after the spec's hash,
the package version and this format's number, and carries a hash of its own payload: a file
that does not match (corrupt, cut short, foreign, another version) is ignored and rebuilt.
It is written to a temporary file and renamed, so concurrent starts never read half a file.
A directory that cannot be written only costs the rebuild at every start.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Final

__all__ = ["CACHE_DIR_ENV", "FORMAT", "cache_dir", "read_compiled", "write_compiled"]

FORMAT: Final = 1
"""The payload's shape; a change to what `compile.precompute` stores must raise it."""

CACHE_DIR_ENV: Final = "WWT_SMS_MOCK_CACHE_DIR"
"""Overrides the cache directory; set to an empty string to keep no cache."""

_MAX_FILE: Final = 16 * 1024 * 1024  # a cache file larger than this is not ours
_MAKERS: Final = ("compile.py", "cache.py", "params.py")  # the modules the payload depends on


def cache_dir() -> Path | None:
    """Where compiled specs are kept, or None when caching is turned off."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wwt-sms"


def package_version() -> str:
    """The installed wwt-sms version, read without importing the SDK or importlib.metadata
    (each would cost more than the cache saves)."""
    found = find_spec("wwt_sms")
    locations = None if found is None else found.submodule_search_locations
    if not locations:
        return "unknown"
    try:
        text = (Path(next(iter(locations))) / "_version.py").read_text("utf-8")
    except OSError:
        return "unknown"
    match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.M)
    return match.group(1) if match else "unknown"


def _path(directory: Path, spec_digest: str) -> Path:
    return directory / f"mock-spec-v{FORMAT}-{spec_digest[:32]}.json"


@functools.cache
def _code_digest() -> str:
    """A digest of the code that makes the payload: a file an edited compiler made (an
    editable install keeps its version) is not trusted either."""
    digest = hashlib.sha256()
    for name in _MAKERS:
        try:
            digest.update((Path(__file__).parent / name).read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


def _header(spec_digest: str, payload: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "spec_sha256": spec_digest,
        "version": package_version(),
        "code_sha256": _code_digest(),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }


def read_compiled(spec_digest: str) -> dict[str, Any] | None:
    """The payload cached for the spec with this SHA-256, or None (absent or not to be
    trusted: every field of the header must match, and the payload its hash)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with open(_path(directory, spec_digest), "rb") as file:
            raw = file.read(_MAX_FILE + 1)
    except OSError:
        return None
    head, newline, payload = raw.partition(b"\n")
    if not newline or len(raw) > _MAX_FILE:
        return None
    try:
        header = json.loads(head)
        if header != _header(spec_digest, payload):
            return None
        loaded = json.loads(payload)
    except ValueError:  # not JSON, or not UTF-8
        return None
    return loaded if isinstance(loaded, dict) else None


def write_compiled(spec_digest: str, payload: dict[str, Any]) -> None:
    """Cache `payload` (plain JSON data) for the spec with this SHA-256; quietly does nothing
    where the directory cannot be written."""
    directory = cache_dir()
    if directory is None:
        return
    body = json.dumps(payload, separators=(",", ":"), allow_nan=False).encode()
    header = json.dumps(_header(spec_digest, body), sort_keys=True).encode()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".mock-spec-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(header + b"\n" + body)
            os.replace(temporary, _path(directory, spec_digest))  # atomic: no half file is read
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return
