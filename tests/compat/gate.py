"""The compatibility gate: `python -m tests.compat.gate [BASE]` (what `nox -s compat` runs).

Compares the working tree with BASE (a git ref; by default the latest release recorded in
RELEASES.json) and exits non-zero naming each break of the contract (`openapi.yaml`, by
oasdiff) or of the SDK and mock's public names (by griffe). A break passes only when it is
declared: the version is a major bump over BASE's (a minor one while below 1.0) and a
`### Breaking` entry of CHANGELOG.md, above BASE's release, names it.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tests.compat.breaks import Break
from tests.compat.contract_diff import ToolMissingError, contract_changes
from tests.compat.history import (
    CHANGELOG,
    ROOT,
    HistoryError,
    breaking_notes,
    git,
    latest_release,
    may_break,
    read_at,
    version_at,
)
from tests.compat.sdk_diff import sdk_changes

SPEC = "openapi.yaml"


def find_breaks(root: Path, base: str, sides: Sequence[str]) -> tuple[list[Break], list[str]]:
    """(breaks, notes) of the working tree against `base`."""
    breaks: list[Break] = []
    notes: list[str] = []
    if "contract" in sides:
        with tempfile.TemporaryDirectory() as tmp:
            old_spec = Path(tmp) / SPEC
            old_spec.write_text(read_at(root, base, SPEC), encoding="utf-8")
            found, notes = contract_changes(old_spec, root / SPEC)
        breaks.extend(found)
    if "sdk" in sides:
        breaks.extend(sdk_changes(root, base))
    return breaks, notes


def undeclared(
    root: Path, base: str, breaks: list[Break], version: str | None = None
) -> tuple[list[Break], str]:
    """The breaks that are not declared, and why not (empty when all are). `version` is the
    one being released, when it is not yet in the working tree."""
    if not breaks:
        return [], ""
    old, new = version_at(root, base), version or version_at(root, None)
    if not may_break(old, new):
        return breaks, f"the version {new} is not a breaking bump over {old} (the base's)"
    notes = breaking_notes(read_at(root, None, CHANGELOG), since=old)
    missing = [each for each in breaks if not _named(each.name, notes)]
    return missing, f"CHANGELOG.md's `### Breaking` entries above {old} do not name them"


def _named(name: str, notes: str) -> bool:
    """Whether `notes` mention `name` as a whole word: `id` is not named by "provided";
    `wwt_sms.Client.close` is named by `Client.close` too."""
    short = name.split(".", 1)[1] if name.startswith("wwt_sms") and "." in name else name
    return any(re.search(rf"(?<!\w){re.escape(each)}(?!\w)", notes) for each in {name, short})


def _resolve_base(root: Path, given: str | None) -> str | None:
    if given:
        return given
    latest = latest_release(root)
    return None if latest is None else latest[1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.compat.gate", description=__doc__)
    parser.add_argument("base", nargs="?", help="git ref (default: the latest release)")
    parser.add_argument("--only", choices=["contract", "sdk"], help="check one side only")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository")
    parser.add_argument(
        "--version", help="judge declared breaks as if this were the version (a release's)"
    )
    args = parser.parse_args(argv)
    base = _resolve_base(args.root, args.base)
    if base is None:
        print(
            "compat: no release recorded in RELEASES.json yet, so nothing to compare with; "
            "passing. Compare with any ref: `nox -s compat -- REF`."
        )
        return 0
    sides = [args.only] if args.only else ["contract", "sdk"]
    try:
        git(args.root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
        breaks, notes = find_breaks(args.root, base, sides)
    except (HistoryError, ToolMissingError) as exc:
        print(f"compat: cannot compare with {base}: {exc}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"note (passes): contract: {note}")
    missing, why = undeclared(args.root, base, breaks, args.version)
    for each in breaks:
        if each in missing:
            print(f"BREAK: {each} (a Breaking entry names it as `{each.name}`)")
        else:
            print(f"declared: {each}")
    if missing:
        print(
            f"compat: {len(missing)} undeclared break(s) against {base}: {why}. Declare a "
            "deliberate break: bump the version (major; minor below 1.0) and name each under "
            "`### Breaking` in CHANGELOG.md's Unreleased section.",
            file=sys.stderr,
        )
        return 1
    print(f"compat: no undeclared break against {base} ({len(breaks)} declared).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
