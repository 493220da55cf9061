"""Every build, check and benchmark of wwt-sms, one nox session each.

`nox` runs the default sessions, which are exactly what CI runs (`.ci/run`).
`nox -s generate` rewrites `generated/` from `openapi.yaml`; `nox -l` lists the rest.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import queue
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
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
    "contract",
    "prism",
    "typescript",
    "docs",
    "wheel",
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
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
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
    session.install("prance[osv,cli]>=23.6", "openapi-spec-validator>=0.7", "pyyaml>=6.0")
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
    """mypy --strict over the hand-written packages and the tests (tests/typing pins what a
    type checker sees of the SDK)."""
    session.install("-e", ".[dev]")
    session.run("mypy", "overlay/wwt_sms", "mock_server/wwt_sms_mock", "tests")


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


# --- the contract against tools nobody here wrote ------------------------------------------------


@contextlib.contextmanager
def _background(session: nox.Session, command: list[str], ready: re.Pattern[str]) -> Iterator[str]:
    """Start a server, wait (at most a minute) for a line of its output matching `ready`, yield
    that match's `url` group, and stop the server (SIGTERM, then SIGKILL) however the session
    ends. Its output is read all along, so a chatty server never blocks on a full pipe."""
    session.log("starting: " + " ".join(command))
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PATH": f"{session.bin}{os.pathsep}{os.environ['PATH']}"},
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)  # the server's output ended: it has exited

    threading.Thread(target=pump, daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        seen: list[str] = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            seen.append(line)
            if match := ready.search(line):
                yield match.group("url")
                return
        session.error("server did not start:\n" + "".join(seen[-20:]))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@nox.session
def contract(session: nox.Session) -> None:
    """schemathesis CLI against the standalone mock over HTTP: every check, both modes."""
    session.install("-e", ".[dev]")
    _schemathesis(session, max_examples=int(os.environ.get("WWT_CONTRACT_EXAMPLES", "50")))


@nox.session
def contract_long(session: nox.Session) -> None:
    """The contract session with many more examples (opt-in; several minutes)."""
    session.install("-e", ".[dev]")
    _schemathesis(session, max_examples=1000)
    session.run(
        "pytest", "--no-cov", "-q", "tests/contract", "--hypothesis-profile=long", *session.posargs
    )


def _schemathesis(session: nox.Session, max_examples: int) -> None:
    serve = ["wwt-sms-mock", "serve", "--host", "127.0.0.1", "--port", "0"]
    with _background(session, serve, re.compile(r"(?P<url>http://127\.0\.0\.1:\d+)")) as url:
        session.run(
            "schemathesis",
            "run",
            str(SPEC),
            "--url",
            f"{url}/rest",
            "--header",
            "X-API-KEY: test_schemathesis0001",
            "--checks",
            "all",
            "--mode",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(max_examples),
            "--seed",
            "20261126",
            "--workers",
            "2",
            "--no-color",
        )


@nox.session
def prism(session: nox.Session) -> None:
    """The SDK's integration tests against Prism: a second, independent mock of the contract."""
    session.install("-e", ".[dev]")
    _npm_ci(session)
    port = _free_port()
    command = [
        "npx",
        "--no-install",
        "prism",
        "mock",
        str(SPEC),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
    ]
    ready = re.compile(r"Prism is listening on (?P<url>http://127\.0\.0\.1:\d+)")
    with _background(session, command, ready) as url:
        # Prism serves the spec's paths without the server's /rest base path.
        session.run(
            "pytest",
            "--no-cov",
            "-q",
            "tests/integration",
            env={"WWT_INTEGRATION_SERVER": "prism", "WWT_INTEGRATION_BASE_URL": url},
        )


@nox.session
def typescript(session: nox.Session) -> None:
    """openapi-typescript types from the spec, and a typed consumer that tsc must accept."""
    _npm_ci(session)
    build = ROOT / "tests" / "typescript" / "build"
    build.mkdir(exist_ok=True)
    session.run(
        "npx", "--no-install", "openapi-typescript", str(SPEC),
        "-o", str(build / "wwt-sms.d.ts"),
        external=True,
    )  # fmt: skip
    session.run(
        "npx", "--no-install", "tsc", "-p", str(ROOT / "tests" / "typescript" / "tsconfig.json"),
        external=True,
    )  # fmt: skip


@nox.session
def docs(session: nox.Session) -> None:
    """The HTML API reference, built by Redocly from the spec into build/docs/index.html."""
    _npm_ci(session)
    output = ROOT / "build" / "docs" / "index.html"
    session.run(
        "npx", "--no-install", "redocly", "build-docs", str(SPEC), "-o", str(output),
        external=True,
    )  # fmt: skip
    if output.stat().st_size < 10_000:
        session.error(f"{output} is suspiciously small")
    session.log(f"API reference: {output}")


@nox.session
def wheel(session: nox.Session) -> None:
    """Build the wheel, install it into a fresh venv, and smoke-test it from outside the repo."""
    session.install("build>=1.2")
    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp) / "dist"
        session.run("python", "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT))
        (built,) = dist.glob("wwt_sms-*.whl")
        venv = Path(tmp) / "venv"
        session.run("python", "-m", "venv", str(venv))
        python = str(venv / "bin" / "python")
        session.run(python, "-m", "pip", "install", "-q", f"{built}[mock,cli]", external=True)
        smoke = ROOT / "tests" / "wheel" / "smoke.py"
        session.run(
            python, str(smoke), external=True, env={"PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
        )


@nox.session
def bench(session: nox.Session) -> None:
    """Every benchmark, each printing the ratios it measured in one run.

    Opt-in (not in the default sessions): it takes ~10 minutes and its numbers depend on the
    machine. Needs wrk (installed with apt-get when running as root) and Prism (npm ci).
    Results and how to read them: benchmarks/README.md.
    """
    if shutil.which("wrk") is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            session.run("apt-get", "update", "-qq", external=True)
            session.run("apt-get", "install", "-y", "-qq", "wrk", external=True)
        else:
            session.error("wrk is missing: install it (e.g. `sudo apt-get install wrk`) and rerun")
    _npm_ci(session)
    # aiohttp: the raw aiohttp loop and the SDK's optional aiohttp transport (bench_async),
    # and seeding 100,000 messages into the mock (bench_bulk);
    # uv: bench_import builds its clean venv with it.
    session.install("-e", ".[dev]", "aiohttp>=3.10", "uv")
    for script in (
        "bench_sdk.py",
        "bench_import.py",
        "bench_mock.py",
        "bench_async.py",
        "bench_bulk.py",
    ):
        session.log(f"--- benchmarks/{script}")
        session.run("python", str(ROOT / "benchmarks" / script))
