"""SDK and mock breaks between a git ref and the working tree, found by griffe.

Only what users import is compared: the names in `wwt_sms.__all__` (with `wwt_sms.resources`
and `wwt_sms.aiohttp_client`), those in `wwt_sms_mock.__all__`, and the pytest plugin's
fixtures and markers. Private modules (`_x`, `_core/`) may move freely: a public name is
followed to wherever it is defined, on both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import griffe

from tests.compat.annotations import annotation_breaks
from tests.compat.breaks import Break
from tests.compat.history import read_at

# Each public package and where its imports are found, relative to the repository root.
PACKAGES = {
    "wwt_sms": ("overlay", "generated"),
    "wwt_sms_mock": ("mock_server", "overlay", "generated"),
}
# Public, but outside `__all__`: a subpackage, and a name that needs an optional extra.
PUBLIC_BEYOND_ALL = {"wwt_sms": {"resources", "aiohttp_client"}}
PLUGIN = "mock_server/wwt_sms_mock/pytest_plugin.py"
FIXTURE = re.compile(r"^@pytest\.fixture\b.*\n(?:@.*\n)*(?:async )?def (\w+)", re.MULTILINE)
MARKER = re.compile(r"\"markers\",\s*\"(\w+)")


def _public_names(package: griffe.Module) -> set[str]:
    exported = {str(name) for name in package.exports or ()}
    return exported | PUBLIC_BEYOND_ALL.get(package.name, set())


def _public_path(path: str, homes: dict[str, str]) -> str:
    """`wwt_sms._client.Client.close` -> `wwt_sms.Client.close`: the path users write."""
    for home, public in sorted(homes.items(), key=lambda item: -len(item[0])):
        if path == home or path.startswith(home + "."):
            return public + path[len(home) :]
    return path


def _describe(breakage: griffe.Breakage) -> str:
    def show(value: object) -> str:
        return str(getattr(value, "name", value)) if value is not None else "-"

    kind = breakage.kind.value
    return f"{kind} ({show(breakage.old_value)} -> {show(breakage.new_value)})"


def package_breaks(old: griffe.Module, new: griffe.Module) -> Iterator[Break]:
    """Each public name of `old` that `new` lost or changed incompatibly."""
    old_public, new_public = _public_names(old), _public_names(new)
    lost = sorted(name for name in old_public if name not in new_public or name not in new.members)
    for name in lost:
        yield Break("sdk", f"{old.name}.{name}", f"{old.name}.{name}: public name removed")
    homes: dict[str, str] = {}
    for name, member in old.members.items():
        # griffe walks only public members: exactly the exported names, nothing else.
        member.public = name in old_public and name not in lost
        if member.public:
            home = member.target_path if isinstance(member, griffe.Alias) else member.path
            homes[home] = f"{old.name}.{name}"
    yield from annotation_breaks(old, new, old.name)
    for breakage in griffe.find_breaking_changes(old, new):
        path = _public_path(breakage.obj.path, homes)
        if not _false_alarm(breakage, path, new):
            path = path.removesuffix(".__init__")
            yield Break("sdk", path, f"{path}: {_describe(breakage)}")


def _false_alarm(breakage: griffe.Breakage, path: str, new: griffe.Module) -> bool:
    """What griffe reports but users cannot notice: a private base class gone, the return
    annotation of `__init__`, or an instance attribute now set outside `__init__` (griffe
    reads instance attributes from `__init__` only)."""
    if isinstance(breakage, griffe.ClassRemovedBaseBreakage):
        kept = {str(base) for base in breakage.new_value}
        return all(str(base).startswith("_") or _private_home(base) for base in
                   breakage.old_value if str(base) not in kept)  # fmt: skip
    if isinstance(breakage, griffe.ReturnChangedTypeBreakage):
        return path.endswith(".__init__")
    if isinstance(breakage, griffe.ObjectRemovedBreakage) and breakage.obj.is_attribute:
        owner = _new_object(new, path.rsplit(".", 1)[0])
        assigned = re.compile(rf"\bself\.{re.escape(breakage.obj.name)}\s*[:=]")
        return isinstance(owner, griffe.Class) and any(
            assigned.search(cls.source) for cls in (owner, *owner.mro())
        )
    return False


def _private_home(base: object) -> bool:
    canonical = str(getattr(base, "canonical_path", base))
    return any(part.startswith("_") for part in canonical.split("."))


def _new_object(new: griffe.Module, public_path: str) -> object:
    """The object at a public dotted path in the new tree, or None."""
    found: object = new
    for part in public_path.split(".")[1:]:
        try:
            found = found.members[part]  # type: ignore[attr-defined]
            if isinstance(found, griffe.Alias):
                found = found.target
        except (KeyError, AttributeError, griffe.AliasResolutionError):
            return None
    return found


def plugin_breaks(old_source: str, new_source: str) -> Iterator[Break]:
    """Fixtures and markers the pytest plugin no longer provides."""
    for kind, pattern in (("fixture", FIXTURE), ("marker", MARKER)):
        for name in sorted(set(pattern.findall(old_source)) - set(pattern.findall(new_source))):
            yield Break("sdk", name, f"pytest plugin: {kind} `{name}` removed")


def _load(root: Path, package: str, ref: str | None) -> griffe.Object | griffe.Alias:
    paths = PACKAGES[package]
    if ref is None:
        return griffe.load(
            package, search_paths=[root / path for path in paths], resolve_aliases=True
        )
    return griffe.load_git(
        package, ref=ref, repo=root, search_paths=list(paths), resolve_aliases=True
    )


def sdk_changes(root: Path, ref: str) -> list[Break]:
    breaks: list[Break] = []
    for package in PACKAGES:
        old, new = _load(root, package, ref), _load(root, package, None)
        if not isinstance(old, griffe.Module) or not isinstance(new, griffe.Module):
            raise TypeError(f"{package} did not load as a package")
        breaks.extend(package_breaks(old, new))
    breaks.extend(plugin_breaks(read_at(root, ref, PLUGIN), read_at(root, None, PLUGIN)))
    return _unique(breaks)


def _unique(breaks: Iterable[Break]) -> list[Break]:
    return list(dict.fromkeys(breaks))
