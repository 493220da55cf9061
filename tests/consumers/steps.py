"""What every consumer target is made of, and the one way the driver runs a tool.

A `Target` is one client generated from the spec: `build` writes it (and compiles its consumer
where the language needs it) into the run's work folder, `command` is how its consumer program
runs; the driver appends the base URL, the cases file and the API key to that command. Each
consumer prints one JSON line per case (see `consumer_common.py` and `common.ts`).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NODE_BIN = ROOT / "node_modules" / ".bin"

GENERATE_SECONDS = 300  # openapi-generator starts a JVM: ~10 s here, much more on a busy machine
# A cold Go or Maven build downloads its dependencies and compiles them (the Go generators and
# the standard library included) before anything is cached: many minutes on a busy 2-core
# machine. Warm, a build takes seconds.
BUILD_SECONDS = 1500


def short_lived_jvm() -> dict[str, str]:
    """The environment for a one-shot Java tool: the C1 compiler alone starts and finishes a
    short run in a fraction of the time (the openapi-generator wrapper passes `JAVA_OPTS`)."""
    return {**os.environ, "JAVA_OPTS": "-XX:TieredStopAtLevel=1"}


def without_webhooks(spec: Path, copy: Path) -> Path:
    """The spec without `webhooks`, for openapi-generator: it writes each webhook as a client
    method whose body type it leaves empty (Python that does not import, TypeScript that does
    not compile), in the file of the webhook's tag, over that tag's real operations. A client
    sends no webhook, so the client loses nothing."""
    import yaml

    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    if "webhooks" not in document:
        return spec
    del document["webhooks"]
    copy.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return copy


class Failed(Exception):
    """A step that could not run (a generator, the compiler, a server)."""


@dataclass(frozen=True)
class Target:
    """One generated client: its name, how to build it, how its consumer runs."""

    name: str
    build: Callable[[Path, Path], None]  # (spec, work folder); raises Failed
    command: Callable[[Path], list[str]]  # (work folder) -> the consumer's command


def run_to_end(
    command: list[str],
    seconds: float,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """Run a command to its end (at most `seconds`); its output, or `Failed` with its tail."""
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=seconds,
            check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise Failed(f"{command[0]} did not finish in {seconds:.0f} s") from None
    except FileNotFoundError:
        raise Failed(f"{command[0]} is not installed") from None
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise Failed(f"{Path(command[0]).name} exited {done.returncode}:\n  " + "\n  ".join(tail))
    return done.stdout


def run_step(command: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """One build step of a compiled client (a generator, `go build`, Maven), bounded."""
    return run_to_end(command, BUILD_SECONDS, cwd, env)


def clients_folder(work: Path) -> Path:
    """Where every generator writes its client: `work/clients/NAME`."""
    folder = work / "clients"
    folder.mkdir(exist_ok=True)
    return folder
