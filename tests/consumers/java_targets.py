"""The Java client: openapi-generator `java` (library `native`), with its consumer (`java/`).

`java/` is one Maven project: `pom.xml` pins the libraries the generated client imports and
the plugins that build it, the consumer program lives under `java/src`, and `.mvn/jvm.config`
starts Maven's JVM for a short run (the C1 compiler alone). The target copies the project into
the run's temporary folder, generates the client into `client/` there, and compiles both with
one `mvn compile`, which also writes the run-time class path: the consumer then runs as a plain
`java -cp` (no Maven start per run). The openapi-generator jar is the one the Python package
`openapi-generator-cli` brings (pinned in `noxfile.py`), as for the other targets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.consumers.steps import (
    HERE,
    Failed,
    Target,
    run_step,
    short_lived_jvm,
    without_webhooks,
)

PROJECT = HERE / "java"
CONSUMER_CLASS = "consumers.OpenApiGeneratorNative"

# --8<-- [start:generate]
GENERATE = ["openapi-generator-cli", "generate", "-g", "java", "--library", "native",
            "--api-package", "wwt.client.api", "--model-package", "wwt.client.model",
            "--invoker-package", "wwt.client", "--additional-properties",
            "openApiNullable=false,hideGenerationTimestamp=true"]  # fmt: skip
# --8<-- [end:generate]
# Offline first: with a warm ~/.m2 nothing needs the network; a cold one downloads once.
MAVEN = ["mvn", "-B", "-q", "compile"]


def build(spec: Path, work: Path) -> None:
    project = work / "java"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("client", "target"))
    spec = without_webhooks(spec, project / "openapi.yaml")
    run_step(
        [*GENERATE, "-i", str(spec), "-o", str(project / "client")], project, short_lived_jvm()
    )
    try:
        run_step([*MAVEN, "-o"], project)
    except Failed as offline:
        if "offline" not in str(offline):
            raise
        run_step(MAVEN, project)


def command(work: Path) -> list[str]:
    target = work / "java" / "target"
    libraries = (target / "classpath.txt").read_text().strip()
    class_path = f"{target / 'classes'}:{libraries}"
    return ["java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", class_path, CONSUMER_CLASS]


TARGETS = (Target("openapi-generator java (native)", build, command),)
