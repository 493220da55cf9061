"""The steps of `nox -s release -- X.Y.Z`, one sub-command each, in the order nox runs them.

check X.Y.Z    the tree is clean and X.Y.Z is above every recorded release
stamp X.Y.Z    the version into _version.py and openapi.yaml's info.version; CHANGELOG's
               "Unreleased" becomes "X.Y.Z - DATE" under a new, empty "Unreleased"
build DIR      sdist and wheel into DIR; the wheel installed in a fresh venv, smoke-tested
commit X.Y.Z   commit the stamped files, tag vX.Y.Z on that commit, record it in
               RELEASES.json and commit that (never pushes)
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.compat.history import (
    CHANGELOG,
    RELEASES,
    ROOT,
    VERSION_FILE,
    VERSION_LINE,
    HistoryError,
    git,
    parse_version,
    record_release,
    releases,
)

SPEC = "openapi.yaml"
STAMPED = (VERSION_FILE, SPEC, CHANGELOG, "generated")
SPEC_VERSION = re.compile(r"^(info:\n(?:  .*\n|\n)*?  version: ).*$", re.MULTILINE)
UNRELEASED = re.compile(r"^## Unreleased\n", re.MULTILINE)
SMOKE = Path("tests") / "wheel" / "smoke.py"


def check(root: Path, version: str) -> None:
    parse_version(version)
    dirty = git(root, "status", "--porcelain", "--untracked-files=normal").strip()
    if dirty:
        raise HistoryError(f"the working tree is not clean; commit or stash first:\n{dirty}")
    higher = [old for old in releases(root) if parse_version(old) >= parse_version(version)]
    if higher:
        raise HistoryError(f"{version} is not above the recorded release(s) {higher}")
    if git(root, "tag", "--list", f"v{version}").strip():
        raise HistoryError(f"the tag v{version} exists already")


def stamp(root: Path, version: str, today: datetime.date) -> None:
    (root / VERSION_FILE).write_text(
        VERSION_LINE.sub(f'__version__ = "{version}"', (root / VERSION_FILE).read_text()),
    )
    spec = (root / SPEC).read_text(encoding="utf-8")
    stamped, count = SPEC_VERSION.subn(rf"\g<1>{version}", spec, count=1)
    if count != 1:
        raise HistoryError(f"no `info.version` line in {SPEC}")
    (root / SPEC).write_text(stamped, encoding="utf-8")
    changelog = (root / CHANGELOG).read_text(encoding="utf-8")
    moved, count = UNRELEASED.subn(
        f"## Unreleased\n\n## {version} - {today.isoformat()}\n", changelog, count=1
    )
    if count != 1:
        raise HistoryError(f"no `## Unreleased` heading in {CHANGELOG}")
    (root / CHANGELOG).write_text(moved, encoding="utf-8")


def build(root: Path, dist: Path) -> None:
    """Build the sdist, then the wheel from it; install the wheel alone and smoke-test it."""
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(root)], check=True)
    (wheel,) = dist.glob("wwt_sms-*.whl")
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = str(venv / "bin" / "python")
        install = [python, "-m", "pip", "install", "-q", f"{wheel}[mock,cli]"]
        subprocess.run(install, check=True)
        path = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
        subprocess.run([python, str(root / SMOKE)], check=True, env={**os.environ, "PATH": path})


def commit(root: Path, version: str) -> str:
    git(root, "add", "--", *STAMPED)
    git(root, "commit", "--quiet", "-m", f"Release {version}")
    released = git(root, "rev-parse", "HEAD").strip()
    git(root, "tag", "-a", f"v{version}", "-m", f"wwt-sms {version}", released)
    record_release(root, version, released)
    git(root, "add", "--", RELEASES)
    git(root, "commit", "--quiet", "-m", f"{RELEASES}: {version} is {released[:12]}")
    return released


def restore(root: Path) -> None:
    git(root, "checkout", "--", *STAMPED)
    git(root, "clean", "-fdq", "--", "generated")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"check", "stamp", "build", "commit", "restore"}:
        print(__doc__, file=sys.stderr)
        return 2
    step, value = argv
    try:
        if step == "check":
            check(ROOT, value)
        elif step == "stamp":
            stamp(ROOT, value, datetime.datetime.now(datetime.UTC).date())
        elif step == "build":
            build(ROOT, Path(value))
        elif step == "restore":
            restore(ROOT)
        else:
            released = commit(ROOT, value)
            print(f"released {value}: tag v{value} on {released} (not pushed)")
    except HistoryError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
