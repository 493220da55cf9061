"""What the Go and Java consumer targets share: a target's parts, and one bounded build step.

A target is a client in another language: `build` generates it from the spec and compiles its
consumer program inside the run's temporary folder; `command` is how that program then runs
(its arguments follow: base URL, cases file, API key; see `common.ts` for the protocol).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# A cold build downloads the toolchain's dependencies (Go modules, Maven artifacts) and compiles
# them (the Go generators and the standard library included) before anything is cached; on a
# busy 2-core machine that can take many minutes. Warm, a build takes seconds.
BUILD_SECONDS = 1500


def short_lived_jvm() -> dict[str, str]:
    """The environment for a one-shot Java tool: the C1 compiler alone starts and finishes a
    short run in a fraction of the time (the openapi-generator wrapper passes `JAVA_OPTS`)."""
    return {**os.environ, "JAVA_OPTS": "-XX:TieredStopAtLevel=1"}


class BuildFailed(Exception):
    """A generator or compiler that could not make a target's consumer."""


@dataclass(frozen=True)
class Target:
    """A client in another language, and the consumer program that reads through it."""

    name: str
    build: Callable[[Path, Path], None]  # (spec, the run's temporary folder); raises BuildFailed
    command: Callable[[Path], list[str]]  # (the run's temporary folder) -> consumer command


def run_step(
    command: list[str], cwd: Path, env: Mapping[str, str] | None = None,
    seconds: float = BUILD_SECONDS,
) -> str:  # fmt: skip
    """Run one build command to its end (at most `seconds`); its output, or `BuildFailed`
    with the tail of what it printed."""
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=seconds,
            check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise BuildFailed(f"{command[0]} did not finish in {seconds:.0f} s") from None
    except FileNotFoundError:
        raise BuildFailed(f"{command[0]} is not installed") from None
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        name = " ".join(Path(part).name for part in command[:2])
        raise BuildFailed(f"{name} exited {done.returncode}:\n  " + "\n  ".join(tail))
    return done.stdout


def without_webhooks(spec: Path, copy: Path) -> Path:
    """The spec without `webhooks`, for openapi-generator: it writes each webhook as a client
    method whose body type it leaves empty (Python that does not import, TypeScript that does
    not compile), in the file of the webhook's tag, over that tag's real operations. A client
    sends no webhook, so the client loses nothing."""
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    if "webhooks" not in document:
        return spec
    del document["webhooks"]
    copy.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return copy
