"""The TypeScript clients: openapi-generator's `typescript-fetch`, @hey-api/openapi-ts and
openapi-typescript with openapi-fetch (the Node tools of package-lock.json).

Each consumer (`NAME.ts` beside this file, with `common.ts`) is copied next to the generated
clients and compiled by tsc, so the names it reads are checked against the generated types;
node then runs the compiled file, finding openapi-fetch through NODE_PATH (set by the driver).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from tests.consumers.steps import (
    GENERATE_SECONDS,
    HERE,
    NODE_BIN,
    ROOT,
    Target,
    clients_folder,
    run_to_end,
    short_lived_jvm,
    without_webhooks,
)

TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "target": "ES2022",
        "module": "commonjs",
        "moduleResolution": "node",
        "lib": ["ES2022", "DOM", "DOM.Iterable"],
        "types": [],
        "skipLibCheck": True,
        "outDir": "build",
        "rootDir": ".",
        "baseUrl": ".",
        "paths": {"openapi-fetch": [str(ROOT / "node_modules" / "openapi-fetch")]},
    },
}
_SHARED = threading.Lock()  # two clients are built at once; `common.ts` is copied once


def _openapi_generator_typescript_fetch(spec: Path, out: Path) -> list[str]:
    spec = without_webhooks(spec, out.parent / "openapi-typescript-fetch.yaml")
    # --8<-- [start:openapi-generator]
    return ["openapi-generator-cli", "generate", "-g", "typescript-fetch", "-i", str(spec),
            "-o", str(out)]  # fmt: skip
    # --8<-- [end:openapi-generator]


def _hey_api(spec: Path, out: Path) -> list[str]:
    return [str(NODE_BIN / "openapi-ts"), "-i", str(spec), "-o", str(out),
            "-c", "@hey-api/client-fetch", "--silent", "--no-log-file"]  # fmt: skip


def _openapi_typescript(spec: Path, out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    return [str(NODE_BIN / "openapi-typescript"), str(spec), "-o", str(out / "schema.d.ts")]


def compile_consumer(work: Path, consumer: str, folder: str) -> None:
    """Copy `consumer` (and `common.ts`) to `work/consumers` and compile it with tsc."""
    consumers = work / "consumers"
    with _SHARED:
        consumers.mkdir(exist_ok=True)
        if not (consumers / "common.ts").exists():
            (consumers / "common.ts").write_text((HERE / "common.ts").read_text())
    (consumers / consumer).write_text((HERE / consumer).read_text())
    config = {**TSCONFIG, "files": ["consumers/common.ts", f"consumers/{consumer}"]}
    tsconfig = work / f"tsconfig.{folder}.json"
    tsconfig.write_text(json.dumps(config, indent=2))
    run_to_end([str(NODE_BIN / "tsc"), "-p", str(tsconfig)], GENERATE_SECONDS)


def typescript_target(
    name: str, folder: str, generate: Callable[[Path, Path], list[str]], consumer: str
) -> Target:
    """A client `generate` writes into `clients/FOLDER`, read by `tests/consumers/CONSUMER`."""

    def build(spec: Path, work: Path) -> None:
        clients = clients_folder(work)
        run_to_end(generate(spec, clients / folder), GENERATE_SECONDS, clients, short_lived_jvm())
        compile_consumer(work, consumer, folder)

    def command(work: Path) -> list[str]:
        return ["node", str(work / "build" / "consumers" / consumer.replace(".ts", ".js"))]

    return Target(name, build, command)


TARGETS = (
    typescript_target("openapi-generator typescript-fetch", "og_typescript_fetch",
                      _openapi_generator_typescript_fetch, "openapi_generator_typescript_fetch.ts"),
    typescript_target("@hey-api/openapi-ts", "hey_api", _hey_api, "hey_api.ts"),
    typescript_target("openapi-typescript + openapi-fetch", "openapi_typescript",
                      _openapi_typescript, "openapi_fetch.ts"),
)  # fmt: skip
