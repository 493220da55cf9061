"""The Python clients: openapi-generator's `python`, datamodel-code-generator's pydantic models
and openapi-python-client. Each consumer runs as `python -m tests.consumers.NAME CLIENT_DIR`
from the repository root (see `consumer_common.py`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from tests.consumers.steps import (
    GENERATE_SECONDS,
    Target,
    clients_folder,
    run_to_end,
    short_lived_jvm,
    without_webhooks,
)


def _openapi_generator_python(spec: Path, out: Path) -> list[str]:
    spec = without_webhooks(spec, out.parent / "openapi-python.yaml")
    return ["openapi-generator-cli", "generate", "-g", "python", "-i", str(spec), "-o", str(out),
            "--package-name", "og_client"]  # fmt: skip


def _datamodel_code_generator(spec: Path, out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    return ["datamodel-codegen", "--input", str(spec), "--input-file-type", "openapi",
            "--output-model-type", "pydantic_v2.BaseModel",
            "--output", str(out / "models.py")]  # fmt: skip


def _openapi_python_client(spec: Path, out: Path) -> list[str]:
    config = out.parent / "openapi-python-client.yaml"
    config.write_text("project_name_override: opc_client\npackage_name_override: opc_client\n")
    return ["openapi-python-client", "generate", "--path", str(spec), "--config", str(config),
            "--meta", "none", "--output-path", str(out / "opc_client")]  # fmt: skip


def python_target(
    name: str, folder: str, generate: Callable[[Path, Path], list[str]], consumer: str
) -> Target:
    """A client `generate` writes into `clients/FOLDER`, read by `tests/consumers/CONSUMER.py`."""

    def build(spec: Path, work: Path) -> None:
        clients = clients_folder(work)
        run_to_end(generate(spec, clients / folder), GENERATE_SECONDS, clients, short_lived_jvm())

    def command(work: Path) -> list[str]:
        return [sys.executable, "-m", f"tests.consumers.{consumer}", str(work / "clients" / folder)]

    return Target(name, build, command)


TARGETS = (
    python_target("openapi-generator python", "og_python", _openapi_generator_python,
                  "openapi_generator_python"),
    python_target("datamodel-code-generator", "datamodel", _datamodel_code_generator,
                  "datamodel_code_generator"),
    python_target("openapi-python-client", "opc", _openapi_python_client, "openapi_python_client"),
)  # fmt: skip
