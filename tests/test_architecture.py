"""ARCHITECTURE.md names every module of the hand-written packages, so a reader can find where
each concern lives and a new module cannot go unexplained."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAP = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
PACKAGES = ("overlay/wwt_sms", "overlay/wwt_sms_contract", "mock_server/wwt_sms_mock")
MODULES = [
    (package, path.relative_to(ROOT / package).as_posix())
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
]


def _named(module: str) -> bool:
    """`_core/store.py` by its path, or a file of a folder the map lists as `folder/` (`sms.py`)."""
    folder, _, name = module.rpartition("/")
    return module in MAP or (bool(folder) and f"`{folder}/`" in MAP and f"`{name}`" in MAP)


@pytest.mark.parametrize(("package", "module"), MODULES, ids=[f"{p}/{m}" for p, m in MODULES])
def test_the_architecture_map_names_the_module(package: str, module: str) -> None:
    assert _named(module), f"ARCHITECTURE.md does not name {package}/{module}"


def test_every_package_has_modules() -> None:
    assert {package for package, _ in MODULES} == set(PACKAGES)
