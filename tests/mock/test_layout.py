"""The package's layout stays readable: small modules, and imports that flow one way."""

from __future__ import annotations

import ast
from pathlib import Path

import wwt_sms_mock

PACKAGE = Path(wwt_sms_mock.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
LONGEST = 350


def _imports(path: Path) -> set[str]:
    """Sibling modules `path` imports, at run time or for type checking alike."""
    return {
        node.module.split(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    }


def test_no_module_is_long() -> None:
    lengths = {p.name: len(p.read_text("utf-8").splitlines()) for p in MODULES}
    assert {name: n for name, n in lengths.items() if n > LONGEST} == {}


def test_no_import_cycle() -> None:
    graph = {p.stem: _imports(p) for p in MODULES}
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        for imported in sorted(graph.get(module, ())):
            if imported in trail:
                cycles.append([*trail[trail.index(imported) :], imported])
            else:
                visit(imported, [*trail, imported])

    for module in graph:
        visit(module, [module])
    assert cycles == []
