"""Every build, check and benchmark of wwt-sms, one nox session each.

`nox` runs the default sessions, which are exactly what CI runs (`.ci/run`).
`nox -s generate` rewrites `generated/` from `openapi.yaml`; `nox -l` lists the rest.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nox

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT))  # the tests' process launcher and API key, shared with the sessions
from tests import launcher, session_tools  # noqa: E402
from tests.keys import KEY  # noqa: E402

SPEC = ROOT / "openapi.yaml"
GENERATOR_CONFIG = ROOT / "openapi-python-client.yaml"
GENERATED_PACKAGE = ROOT / "generated" / "wwt_sms_api"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
# Every extra: the suite exercises the mock, the CLI, the aiohttp transport, the SDK's contract
# check and the proxy.
EDITABLE_WITH_EXTRAS = ("-e", f"{ROOT}[mock,cli,aiohttp,contract,proxy]")

# What mypy --strict checks.
TYPED = ("overlay/wwt_sms", "overlay/wwt_sms_contract", "mock_server/wwt_sms_mock", "tests")

# The generator and the formatter its post-hooks run both shape committed output: pin exactly.
GENERATOR = ("openapi-python-client==0.29.1", "ruff==0.17.6")

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = [
    "spec", "generated_in_sync", "lint", "types", "tests", "contract", "prism", "typescript",
    "docs", "wheel", "tests_lowest", "consumers", "compat",
]  # fmt: skip


def _generate(session: nox.Session, output: Path) -> None:
    """Run openapi-python-client from the spec into `output` (replaced if present)."""
    session.run(
        "openapi-python-client", "generate", "--path", str(SPEC), "--config", str(GENERATOR_CONFIG),
        "--meta", "none", "--output-path", str(output), "--overwrite",
    )  # fmt: skip
    # The ruff post-hooks leave a cache behind; it is not part of the output.
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)
    # The generator writes no PEP 561 marker with `--meta none`; the package is typed.
    (output / "py.typed").write_text("")


def _install_dev(session: nox.Session, *args: str) -> None:
    """The package (editable, every extra) and the `dev` dependency group of pyproject.toml."""
    session.install(*args, *EDITABLE_WITH_EXTRAS, *nox.project.dependency_groups(PYPROJECT, "dev"))


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
        differences = session_tools.differences(GENERATED_PACKAGE, fresh)
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
    _install_dev(session)
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
    _install_dev(session)
    session.run("mypy", *TYPED)


@nox.session
def quick(session: nox.Session) -> None:
    """The edit-and-test loop (not a default session; `nox` before pushing): lint, types and
    the tests not marked `network`, none of which needs Node, Java or Chromium."""
    _install_dev(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", *TYPED)
    # tests/cli/test_cli.py starts the command line as a process per test (slow on a busy
    # machine); test_coverage_cli_in_process.py runs the same paths in-process.
    cli_processes = str(ROOT / "tests" / "cli" / "test_cli.py")
    session.run("pytest", "--no-cov", "-q", "-m", "not network", "--ignore", cli_processes,
                *session.posargs)  # fmt: skip


@nox.session
def tests(session: nox.Session) -> None:
    """The pytest suite, with branch coverage of the hand-written packages."""
    _install_dev(session)
    session.run("pytest", "--cov", "--cov-report=term", *session.posargs)


# --- the contract against tools nobody here wrote ------------------------------------------------


@contextlib.contextmanager
def _background(session: nox.Session, command: list[str], ready: re.Pattern[str]) -> Iterator[str]:
    """Start a server with the session's tools on PATH (tests/launcher.py: its own process
    group, a minute to print a line matching `ready`), yield that match's `url` group, and stop
    the server and everything it started however the session ends."""
    session.log("starting: " + " ".join(command))
    path = {"PATH": f"{session.bin}{os.pathsep}{os.environ['PATH']}"}
    try:
        server = launcher.launched(command, ready=ready, env=path, merge_stderr=True)
        with server as started:
            yield started.url
    except launcher.NotReady as failure:
        session.error(f"server did not start: {failure}")


@nox.session
def contract(session: nox.Session) -> None:
    """schemathesis CLI against the standalone mock over HTTP: every check, both modes."""
    _install_dev(session)
    _schemathesis(session, max_examples=int(os.environ.get("WWT_CONTRACT_EXAMPLES", "50")))


@nox.session
def contract_long(session: nox.Session) -> None:
    """The contract session with many more examples (opt-in; several minutes)."""
    _install_dev(session)
    _schemathesis(session, max_examples=1000)
    session.run(
        "pytest", "--no-cov", "-q", "tests/contract", "--hypothesis-profile=long", *session.posargs
    )


def _schemathesis(session: nox.Session, max_examples: int) -> None:
    serve = ["wwt-sms-mock", "serve", "--host", "127.0.0.1", "--port", "0"]
    with _background(session, serve, re.compile(r"(?P<url>http://127\.0\.0\.1:\d+)")) as url:
        session.run(
            "schemathesis", "run", str(SPEC), "--url", f"{url}/rest",
            "--header", f"X-API-KEY: {KEY}", "--checks", "all", "--mode", "all",
            "--phases", "examples,coverage,fuzzing,stateful", "--max-examples", str(max_examples),
            "--seed", "20261126", "--workers", "2", "--no-color",
        )  # fmt: skip


@nox.session
def prism(session: nox.Session) -> None:
    """The SDK's integration tests against Prism: a second, independent mock of the contract."""
    _install_dev(session)
    _npm_ci(session)
    port = launcher.free_port()
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
        server = {"WWT_INTEGRATION_SERVER": "prism", "WWT_INTEGRATION_BASE_URL": url}
        session.run("pytest", "--no-cov", "-q", "tests/integration", env=server)


@nox.session
def typescript(session: nox.Session) -> None:
    """openapi-typescript types from the spec, and a typed consumer that tsc must accept."""
    _npm_ci(session)
    build = ROOT / "tests" / "typescript" / "build"
    build.mkdir(exist_ok=True)
    session.run("npx", "--no-install", "openapi-typescript", str(SPEC),
                "-o", str(build / "wwt-sms.d.ts"), external=True)  # fmt: skip
    tsconfig = ROOT / "tests" / "typescript" / "tsconfig.json"
    session.run("npx", "--no-install", "tsc", "-p", str(tsconfig), external=True)


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site (MkDocs) into build/site, then checked in headless Chromium.

    Guides from docs/, the SDK and mock references from their docstrings (mkdocstrings), the
    HTTP reference rendered from openapi.yaml. tests/docs opens the built pages with the
    network cut off and fails on any request that would leave the machine. Needs Chromium
    (Debian's `chromium`, installed with apt-get when running as root).
    """
    _install_dev(session, *nox.project.dependency_groups(PYPROJECT, "docs"))
    site = ROOT / "build" / "site"
    session.run("mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
                "--site-dir", str(site), env={"NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
    _apt_install(session, "chromium", "chromium", "chromium-browser", "google-chrome")
    session.run("pytest", "--no-cov", "-p", "no:cacheprovider", "-p", "no:randomly",
                str(ROOT / "tests" / "docs"), env={"WWT_DOCS_SITE": str(site)})  # fmt: skip
    session.log(f"documentation: {site / 'index.html'}")


def _apt_install(session: nox.Session, package: str, *commands: str) -> None:
    """Debian's `package` when none of `commands` is on PATH: installed with apt-get when
    running as root, otherwise a clear error."""
    if any(shutil.which(name) for name in commands):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        session.error(f"{package} is missing: install it (`sudo apt-get install {package}`)")
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", package,
                external=True, env={"DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip


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


# --- what a version promises ------------------------------------------------------------------

# The contract's diff tool, built by Go from its pinned module (the Go module proxy only).
OASDIFF = "github.com/oasdiff/oasdiff@v1.39.0"


def _install_compat(session: nox.Session) -> None:
    """The dev group (griffe), build, and oasdiff (built once into the session's bin/, which is
    on its PATH)."""
    _install_dev(session, "build>=1.2")
    if not (Path(session.bin) / "oasdiff").exists():
        session.run("go", "install", OASDIFF, env={"GOBIN": session.bin}, external=True)


@nox.session
def compat(session: nox.Session) -> None:
    """Fail on an undeclared break of the contract, SDK or mock: `nox -s compat -- [BASE]`
    (BASE: a git ref, by default the latest release in RELEASES.json); then the gate's tests."""
    _install_compat(session)
    session.run("python", "-m", "tests.compat.gate", *session.posargs)
    session.run("pytest", "-q", "--no-cov", "-p", "no:cacheprovider", "tests/compat")


@nox.session
def release(session: nox.Session) -> None:
    """`nox -s release -- X.Y.Z`: gate, stamp, regenerate, build and smoke-test, commit, tag."""
    if len(session.posargs) != 1:
        session.error("usage: nox -s release -- X.Y.Z")
    version = session.posargs[0]
    _install_compat(session)
    session.install(*GENERATOR)
    step = ("python", "-m", "tests.compat.release")
    session.run(*step, "check", version)
    session.run("python", "-m", "tests.compat.gate", "--version", version)
    session.run(*step, "stamp", version)
    try:
        _generate(session, GENERATED_PACKAGE)
        shutil.rmtree(ROOT / "dist", ignore_errors=True)
        session.run(*step, "build", str(ROOT / "dist"))
        session.run(*step, "commit", version)
    except BaseException:
        session.run(*step, "restore", version)  # nothing half-released stays behind
        raise


@nox.session
def bench(session: nox.Session) -> None:
    """Every benchmark, each printing the ratios it measured in one run.

    Opt-in (not in the default sessions): it takes ~15 minutes and its numbers depend on the
    machine. Needs wrk (installed with apt-get when running as root) and Prism (npm ci).
    Results and how to read them: benchmarks/README.md.
    """
    _apt_install(session, "wrk", "wrk")
    _npm_ci(session)
    # uv: bench_import builds its clean venv with it. (aiohttp comes with the extras: the raw
    # aiohttp loop and the SDK's aiohttp transport in bench_async, and bench_bulk's seeding.)
    _install_dev(session, "uv")
    runs = [("bench_sdk.py",), ("bench_import.py",), ("bench_mock.py",), ("bench_async.py",),
            ("bench_bulk.py",), ("bench_dlr.py",), ("bench_dlr_delivery.py",),
            ("bench_proxy.py", "--floor"), ("bench_upstream.py",),
            ("bench_cli_memory.py",)]  # fmt: skip
    for script, *options in runs:
        session.log(f"--- benchmarks/{script} {' '.join(options)}")
        session.run("python", str(ROOT / "benchmarks" / script), *options)


@nox.session(venv_backend="uv")
def tests_lowest(session: nox.Session) -> None:
    """The suite against the lowest versions of our dependencies that pyproject.toml allows.

    Other projects install wwt-sms beside their own pins, so every lower bound must really work.
    uv resolves our direct dependencies (the package's and its extras') to their lowest allowed
    versions; those pins constrain the install, and the test tools come as new as they permit.
    """
    resolved = Path(session.create_tmp()) / "lowest-direct.txt"
    session.run_install(
        "uv", "pip", "compile", str(ROOT / "pyproject.toml"),
        "--extra", "mock", "--extra", "aiohttp", "--extra", "contract", "--extra", "proxy",
        "--resolution", "lowest-direct", "--no-header", "--no-annotate",
        "--python", str(Path(session.bin) / "python"), "--quiet",
        "--output-file", str(resolved),
    )  # fmt: skip
    direct = session_tools.direct_dependency_names(PYPROJECT)
    pins = [
        line
        for line in resolved.read_text().splitlines()
        if session_tools.canonical(line.split("==")[0]) in direct
    ]
    constraints = resolved.with_name("constraints.txt")
    constraints.write_text("\n".join(pins) + "\n")
    session.log("lowest direct dependencies: " + ", ".join(pins))
    # nox itself needs a newer attrs than our floor (its metadata does not say so): leave out
    # nox and the one test of the noxfile's own machinery, which is not part of the package.
    tools = [
        requirement
        for requirement in nox.project.dependency_groups(PYPROJECT, "dev")
        if session_tools.requirement_name(requirement) != "nox"
    ]
    session.install("--constraint", str(constraints), *EDITABLE_WITH_EXTRAS, *tools)
    session.run(
        "pytest", "--no-cov", "-p", "no:cacheprovider",
        "--ignore", str(ROOT / "tests" / "test_noxfile.py"),
        *session.posargs,
    )  # fmt: skip


# Generators other teams use on the spec, pinned exactly (the Node ones are in package-lock.json),
# and what the Python clients they write need to run.
CONSUMER_GENERATORS = (
    "openapi-generator-cli==7.26.0",  # brings the openapi-generator jar; runs on Java 17
    "datamodel-code-generator==0.89.0",
    "openapi-python-client==0.29.1",
)
CONSUMER_RUNTIME = ("pydantic>=2.5", "python-dateutil>=2.8", "urllib3>=2.1", "httpx>=0.27")


@nox.session
def consumers(session: nox.Session) -> None:
    """Clients generated from the spec by the tools other teams use, each reading the mock in
    every wire style and the vendor's example bodies (tests/consumers/run.py says how)."""
    session.install("-e", ".[mock]", *CONSUMER_GENERATORS, *CONSUMER_RUNTIME)
    _npm_ci(session)
    session.run("python", "-m", "tests.consumers.run", *session.posargs)
