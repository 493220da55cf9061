"""A deliberate break passes only when declared: a breaking version bump over the base and a
`### Breaking` entry in CHANGELOG.md naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.compat.clone import Gate, git
from tests.compat.gate import _named
from tests.compat.history import (
    VERSION_LINE,
    breaking_notes,
    may_break,
    parse_version,
    version_at,
)

VERSION = "overlay/wwt_sms/_version.py"


def drop_currency(clone: Path) -> None:
    path = clone / "openapi.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("        currency:\n", text.index("    Sms:\n"))
    end = text.index("      if:\n", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def next_version(clone: Path, part: str) -> str:
    """The clone's version bumped: "breaking" (major; minor below 1.0) or "patch"."""
    major, minor, patch = parse_version(version_at(clone, None))
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor + 1}.0" if major == 0 else f"{major + 1}.0.0"


def bump(clone: Path, part: str) -> None:
    path = clone / VERSION
    text = path.read_text(encoding="utf-8")
    version = next_version(clone, part)
    path.write_text(VERSION_LINE.sub(f'__version__ = "{version}"', text), encoding="utf-8")


def declare(clone: Path, entry: str) -> None:
    path = clone / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("## Unreleased\n", f"## Unreleased\n\n### Breaking\n\n- {entry}\n", 1)
    )


def test_a_declared_break_passes(clone: Path, gate: Gate) -> None:
    drop_currency(clone)
    bump(clone, "breaking")
    declare(clone, "Message bodies no longer carry `currency`.")
    code, out = gate("base", "--only", "contract")
    assert code == 0, out
    assert "declared: contract: GET /sms/{id}" in out


def test_a_release_declares_with_the_version_it_is_about_to_stamp(clone: Path, gate: Gate) -> None:
    drop_currency(clone)
    declare(clone, "Message bodies no longer carry `currency`.")
    breaking, patch = next_version(clone, "breaking"), next_version(clone, "patch")
    assert gate("base", "--only", "contract", "--version", breaking)[0] == 0
    assert gate("base", "--only", "contract", "--version", patch)[0] == 1


@pytest.mark.parametrize(
    ("part", "entry"),
    [
        ("patch", "Message bodies no longer carry `currency`."),  # a patch cannot break
        ("breaking", "Message bodies changed."),  # the entry names nothing that broke
    ],
)
def test_a_break_not_fully_declared_fails(clone: Path, gate: Gate, part: str, entry: str) -> None:
    drop_currency(clone)
    bump(clone, part)
    declare(clone, entry)
    code, out = gate("base", "--only", "contract")
    assert code == 1, out
    assert "BREAK: contract: GET /sms/{id}" in out


def test_without_a_release_the_gate_passes_and_says_so(clone: Path, gate: Gate) -> None:
    (clone / "RELEASES.json").write_text("{}\n", encoding="utf-8")
    code, out = gate()
    assert code == 0
    assert "no release recorded" in out


def test_the_default_base_is_the_latest_release(clone: Path, gate: Gate) -> None:
    base = git(clone, "rev-parse", "base").strip()
    releases = {"0.0.9": "0000000000000000000000000000000000000000", "99.0.0": base}
    (clone / "RELEASES.json").write_text(json.dumps(releases), encoding="utf-8")
    drop_currency(clone)
    code, out = gate("--only", "contract")
    assert code == 1, out
    assert f"against {base}" in out


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [("0.1.0", "0.2.0", True), ("0.1.0", "0.1.9", False), ("0.9.0", "1.0.0", True),
     ("1.2.0", "1.9.0", False), ("1.2.0", "2.0.0", True)],
)  # fmt: skip
def test_which_bumps_may_break(old: str, new: str, expected: bool) -> None:
    assert may_break(old, new) is expected


def test_breaking_notes_stop_at_the_base_release() -> None:
    changelog = (
        "# Changelog\n\n## Unreleased\n\n### Breaking\n\n- `a` is gone\n\n### Added\n\n- `b`\n\n"
        "## 0.2.0 - 2026-12-01\n\n### Breaking\n\n- `c` is gone\n\n## 0.1.0 - 2026-11-01\n\n"
        "### Breaking\n\n- `d` is gone\n"
    )
    notes = breaking_notes(changelog, since="0.1.0")
    assert "`a`" in notes
    assert "`c`" in notes
    assert "`b`" not in notes
    assert "`d`" not in notes


@pytest.mark.parametrize(
    ("name", "notes", "expected"),
    [("id", "- A `provided` field is gone", False), ("id", "- `id` is a string now", True),
     ("wwt_sms.Client.close", "- `Client.close()` is gone", True),
     ("/sms/task/{task_id}", "- `/sms/task/{task_id}` is gone", True)],
)  # fmt: skip
def test_a_break_is_named_by_its_whole_name(name: str, notes: str, expected: bool) -> None:
    assert _named(name, notes) is expected
