"""Go clients: oapi-codegen (v2) and ogen, each with its consumer program (`go/`).

`go/` is one Go module: `go.mod` pins both generators as tools (`go tool NAME` builds the
pinned version, cached) and the runtime libraries their code imports, `go.sum` their hashes.
Each target copies the module into the run's temporary folder, generates its client into
`clients/` there and builds its consumer with `-trimpath`, so that Go's build cache serves every
run after the first whatever the folder's name.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from tests.consumers.steps import HERE, Target, run_step

MODULE = HERE / "go"
# One Go command at a time: two cold builds would each compile the same standard library and
# modules (the build cache is shared, but not work in progress); warm, each takes seconds.
_ONE_AT_A_TIME = threading.Lock()


def _environment() -> dict[str, str]:
    # The toolchain on the machine builds everything: never fetch another one.
    return {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=readonly -buildvcs=false"}


def _module_copy(work: Path, folder: str) -> Path:
    """A fresh copy of the consumers' Go module (sources, go.mod, go.sum) for one target."""
    module = work / folder
    shutil.rmtree(module, ignore_errors=True)
    shutil.copytree(MODULE, module, ignore=shutil.ignore_patterns("clients", "bin"))
    return module


# --8<-- [start:oapi-codegen]
OAPI_CODEGEN = ["go", "tool", "oapi-codegen", "-config", "oapi-codegen.yaml",
                "-o", "clients/oapi/client.gen.go"]  # fmt: skip
# --8<-- [end:oapi-codegen]
# --8<-- [start:ogen]
OGEN = ["go", "tool", "ogen", "-package", "ogen", "-target", "clients/ogen", "-clean"]
# --8<-- [end:ogen]


def _build(folder: str, generate: list[str], consumer: str, spec: Path, work: Path) -> None:
    module = _module_copy(work, folder)
    (module / "clients" / "oapi").mkdir(parents=True)  # oapi-codegen makes no folders
    env = _environment()
    with _ONE_AT_A_TIME:
        run_step([*generate, str(spec)], module, env)
        run_step(["go", "build", "-trimpath", "-o", "bin/", f"./{consumer}"], module, env)


def build_oapi_codegen(spec: Path, work: Path) -> None:
    _build("go_oapi_codegen", OAPI_CODEGEN, "oapicodegen", spec, work)


def build_ogen(spec: Path, work: Path) -> None:
    _build("go_ogen", OGEN, "ogen", spec, work)


TARGETS = (
    Target(
        "oapi-codegen (Go)",
        build_oapi_codegen,
        lambda work: [str(work / "go_oapi_codegen" / "bin" / "oapicodegen")],
    ),
    Target("ogen (Go)", build_ogen, lambda work: [str(work / "go_ogen" / "bin" / "ogen")]),
)
