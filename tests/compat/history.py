"""What the repository says about versions: the releases file, the version, the changelog.

`RELEASES.json` (tracked, at the root) maps each released version to its commit, so a clone
without tags still knows its releases. The version has one source, `overlay/wwt_sms/_version.py`.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RELEASES = "RELEASES.json"
VERSION_FILE = "overlay/wwt_sms/_version.py"
CHANGELOG = "CHANGELOG.md"
VERSION_LINE = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
# A release heading: `## 0.2.0 - 2026-12-06` (or Keep a Changelog's `## [0.2.0] - ...`).
RELEASE_HEADING = re.compile(r"^## \[?(?P<version>[0-9]+\.[0-9]+\.[0-9]+)\]?", re.MULTILINE)


class HistoryError(Exception):
    """The repository's version records are missing or do not parse."""


def parse_version(text: str) -> tuple[int, int, int]:
    match = SEMVER.match(text)
    if match is None:
        raise HistoryError(f"not a MAJOR.MINOR.PATCH version: {text!r}")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def may_break(old: str, new: str) -> bool:
    """Whether going from `old` to `new` is a major bump (a minor one while below 1.0)."""
    old_major, old_minor, _ = parse_version(old)
    new_major, new_minor, _ = parse_version(new)
    if old_major == 0 and new_major == 0:
        return new_minor > old_minor
    return new_major > old_major


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise HistoryError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def read_at(root: Path, ref: str | None, path: str) -> str:
    """A tracked file's text at `ref`, or in the working tree when `ref` is None."""
    if ref is None:
        return (root / path).read_text(encoding="utf-8")
    return git(root, "show", f"{ref}:{path}")


def version_at(root: Path, ref: str | None) -> str:
    match = VERSION_LINE.search(read_at(root, ref, VERSION_FILE))
    if match is None:
        raise HistoryError(f'no `__version__ = "..."` line in {VERSION_FILE}')
    return match["version"]


def releases(root: Path) -> dict[str, str]:
    """Version -> commit, from the working tree's releases file ({} when there is none)."""
    path = root / RELEASES
    if not path.exists():
        return {}
    recorded = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(recorded, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in recorded.items()
    ):
        raise HistoryError(f"{RELEASES} must map versions to commits: {recorded!r}")
    return recorded


def latest_release(root: Path) -> tuple[str, str] | None:
    """(version, commit) of the highest recorded release, or None before the first one."""
    recorded = releases(root)
    if not recorded:
        return None
    version = max(recorded, key=parse_version)
    return version, recorded[version]


def record_release(root: Path, version: str, commit: str) -> None:
    recorded = releases(root)
    recorded[version] = commit
    ordered = dict(sorted(recorded.items(), key=lambda item: parse_version(item[0])))
    (root / RELEASES).write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")


def breaking_notes(changelog: str, since: str) -> str:
    """The text of every `### Breaking` part of the changelog above the `since` release."""
    newer = changelog
    for heading in RELEASE_HEADING.finditer(changelog):
        if heading["version"] == since:
            newer = changelog[: heading.start()]
            break
    parts = re.split(r"^(##+ .*)$", newer, flags=re.MULTILINE)
    notes = [
        body for title, body in zip(parts[1::2], parts[2::2], strict=True)
        if re.match(r"^### Breaking\b", title)
    ]  # fmt: skip
    return "\n".join(notes)
