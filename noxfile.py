"""Every build, check and benchmark of wwt-sms, one nox session each.

`nox` runs the default sessions, which are exactly what CI runs (`.ci/run`).
`nox -s generate` rewrites `generated/` from `openapi.yaml`; `nox -l` lists the rest.
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).parent
SPEC = ROOT / "openapi.yaml"
GENERATOR_CONFIG = ROOT / "openapi-python-client.yaml"
GENERATED_PACKAGE = ROOT / "generated" / "wwt_sms_api"

# The generator and the formatter its post-hooks run both shape committed output: pin exactly.
GENERATOR = ("openapi-python-client==0.29.1", "ruff==0.17.6")

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = [
    "spec",
    "generated_in_sync",
    "lint",
    "types",
    "tests",
]


def _generate(session: nox.Session, output: Path) -> None:
    """Run openapi-python-client from the spec into `output` (replaced if present)."""
    session.run(
        "openapi-python-client",
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(GENERATOR_CONFIG),
        "--meta",
        "none",
        "--output-path",
        str(output),
        "--overwrite",
    )
    # The ruff post-hooks leave a cache behind; it is not part of the output.
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)
    # The generator writes no PEP 561 marker with `--meta none`; the package is typed.
    (output / "py.typed").write_text("")


def _differences(left: Path, right: Path) -> list[str]:
    """Paths (relative to `left`) that differ between two trees, recursively."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"only in {cmp.left}: {prefix}{name}" for name in cmp.left_only)
        found.extend(f"only in {cmp.right}: {prefix}{name}" for name in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            cmp.left, cmp.right, cmp.common_files, shallow=False
        )
        found.extend(f"differs: {prefix}{name}" for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"]), "")
    return found


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated/wwt_sms_api from openapi.yaml."""
    session.install(*GENERATOR)
    _generate(session, GENERATED_PACKAGE)


@nox.session
def generated_in_sync(session: nox.Session) -> None:
    """Fail when generated/ is not exactly what the spec generates (stale or hand-edited)."""
    session.install(*GENERATOR)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "wwt_sms_api"
        _generate(session, fresh)
        differences = _differences(GENERATED_PACKAGE, fresh)
    if differences:
        session.error(
            "generated/ is out of sync with openapi.yaml; run `nox -s generate` and commit:\n  "
            + "\n  ".join(differences)
        )


@nox.session
def spec(session: nox.Session) -> None:
    """Validate openapi.yaml: prance, openapi-spec-validator, Redocly lint, every example."""
    session.install("prance[osv]>=23.6", "openapi-spec-validator>=0.7", "pyyaml>=6.0")
    session.run("openapi-spec-validator", str(SPEC))
    session.run("prance", "validate", "--backend", "openapi-spec-validator", str(SPEC))
    _npm_ci(session)
    session.run("npx", "--no-install", "redocly", "lint", str(SPEC), external=True)
    session.install("-e", ".[dev]")
    session.run("pytest", "-q", "--no-cov", "-p", "no:cacheprovider", "tests/contract/test_spec.py")


def _npm_ci(session: nox.Session) -> None:
    """Install the pinned Node tools (Redocly, Prism, openapi-typescript) from package-lock.json."""
    if not (ROOT / "node_modules" / ".package-lock.json").exists():
        session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the hand-written code."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def types(session: nox.Session) -> None:
    """mypy --strict over the hand-written packages and the typing tests."""
    session.install("-e", ".[dev]")
    session.run("mypy", "overlay/wwt_sms", "mock_server/wwt_sms_mock", "tests/typing")


@nox.session
def tests(session: nox.Session) -> None:
    """The pytest suite, with branch coverage of the hand-written packages."""
    session.install("-e", ".[dev]")
    session.run(
        "pytest",
        "--cov",
        "--cov-report=term",
        *session.posargs,
    )
