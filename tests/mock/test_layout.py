"""The package's layers stay visible and one-way.

The mock is built in layers, one folder each, bottom first: `_contract` (the spec, compiled),
`_core` (`MockCore`), `_faces` (respx, ASGI, the server, the control plane) and `_proxy`; the
top level (`__init__`, `__main__`, `_cli`, `pytest_plugin`) sits above them all. A module
imports only its own layer and the layers below, with no cycles; the contract and the core
load no I/O library, so every face shares them as they are; and every module stays short.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import wwt_sms_mock

PACKAGE = Path(wwt_sms_mock.__file__).parent
NAME = wwt_sms_mock.__name__
LAYERS = ("_contract", "_core", "_faces", "_proxy")  # bottom first
TOP = len(LAYERS)  # the package's own modules, above every layer
IO_FREE_LAYERS = ("_contract", "_core")
IO_LIBRARIES = ("httpx", "respx", "uvicorn", "httptools", "asyncio", "socket", "ssl", "aiohttp")
LONGEST = 350


def _dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((NAME, *parts))


MODULES = {_dotted(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else TOP


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute name `from ... import` reads from, inside `module`."""
    if node.level == 0:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


def _known(name: str) -> str | None:
    """The package module `name` is, or lives in (`a.b.Thing` -> `a.b`), if any."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str) -> set[str]:
    """Package modules `module` imports: at run time, lazily or for type checking alike."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            names.update(f"{source}.{alias.name}" for alias in node.names)
    found = {_known(name) for name in names if name == NAME or name.startswith(NAME + ".")}
    return {imported for imported in found if imported is not None and imported != module}


GRAPH = {module: _imports(module) for module in MODULES}


def test_the_layers_are_folders() -> None:
    assert {module.split(".")[1] for module in MODULES if _layer(module) < TOP} == set(LAYERS)


def test_each_layer_imports_only_itself_and_the_layers_below() -> None:
    upward = sorted(
        f"{module} ({LAYERS[_layer(module)] if _layer(module) < TOP else 'top level'}) imports "
        f"{imported}"
        for module, imported_modules in GRAPH.items()
        for imported in imported_modules
        if _layer(imported) > _layer(module)
    )
    assert upward == []


def test_the_layer_test_sees_the_imports() -> None:
    # The two rules above pass trivially if the imports are not found: check some known ones.
    assert f"{NAME}._contract.spec" in GRAPH[f"{NAME}._core.core"]  # absolute, another layer
    assert f"{NAME}._core.store" in GRAPH[f"{NAME}._core.core"]  # relative, same layer
    assert f"{NAME}._faces.respx" in GRAPH[f"{NAME}.pytest_plugin"]  # type checking and lazy
    assert f"{NAME}._core.core" in GRAPH[NAME]  # in a package's `__init__`


def test_no_import_cycle() -> None:
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        for imported in sorted(GRAPH[module]):
            if imported in trail:
                cycles.append([*trail[trail.index(imported) :], imported])
            elif imported not in done:
                visit(imported, [*trail, imported])
        done.add(module)

    for module in MODULES:
        visit(module, [module])
    assert cycles == []


# Imports the I/O-free layers in a fresh interpreter and names, for each I/O library that gets
# loaded, the innermost package module on the stack when it was first asked for. What the
# interpreter loaded before (coverage's subprocess hook loads `socket`) is not the layers' doing.
_WHO_LOADS_IO = """
import importlib, json, sys

io, modules = set(sys.argv[1].split(",")), sys.argv[2].split(",")
culprits = {}

class Watch:
    @staticmethod
    def find_spec(name, path=None, target=None):
        top = name.partition(".")[0]
        if top in io and top not in culprits:
            frame = sys._getframe(1)
            while frame and not frame.f_globals.get("__name__", "").startswith("wwt_sms_mock"):
                frame = frame.f_back
            culprits[top] = frame.f_globals["__name__"] if frame else "?"
        return None

sys.meta_path.insert(0, Watch)
before = {name.partition(".")[0] for name in sys.modules}
for module in modules:
    importlib.import_module(module)
loaded = ({name.partition(".")[0] for name in sys.modules} - before) & io
print(json.dumps({top: culprits.get(top, "?") for top in loaded}, sort_keys=True))
"""


def _io_loaded_by(modules: list[str]) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _WHO_LOADS_IO, ",".join(IO_LIBRARIES), ",".join(modules)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded: dict[str, str] = json.loads(done.stdout)
    return loaded


def test_the_contract_and_the_core_load_no_io_library() -> None:
    io_free = [m for m in MODULES if _layer(m) < TOP and LAYERS[_layer(m)] in IO_FREE_LAYERS]
    assert f"{NAME}._core.core" in io_free
    assert _io_loaded_by(io_free) == {}


def test_the_io_check_names_who_loads_io() -> None:
    # The check above would pass if it could not see a load: the faces do load I/O.
    router = f"{NAME}._faces.respx_router"
    assert _io_loaded_by([router]).get("respx") == router


def test_no_module_is_long() -> None:
    lengths = {
        module: len(path.read_text("utf-8").splitlines()) for module, path in MODULES.items()
    }
    assert {module: n for module, n in lengths.items() if n > LONGEST} == {}
