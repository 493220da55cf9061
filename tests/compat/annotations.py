"""Annotation changes users' type checkers would reject, which griffe leaves unjudged.

Each annotation is read as the set of its union members (`int | None`, `Optional[int]`): a
parameter breaks callers when it stops accepting a member it accepted; a return value breaks
them when it may return a member it did not. Conservative: `list[int]` -> `Sequence[int]` is a
change of member, so it counts as a break.
"""

from __future__ import annotations

from collections.abc import Iterator

import griffe

from tests.compat.breaks import Break

UNION_NAMES = {"Optional", "Union", "typing.Optional", "typing.Union"}


def members(annotation: object) -> frozenset[str]:
    """`str | None` -> {"str", "None"}; `Optional[str]` -> {"str", "None"}."""
    if isinstance(annotation, griffe.ExprBinOp) and annotation.operator == "|":
        return members(annotation.left) | members(annotation.right)
    if isinstance(annotation, griffe.ExprSubscript) and str(annotation.left) in UNION_NAMES:
        inside = annotation.slice
        parts = inside.elements if isinstance(inside, griffe.ExprTuple) else [inside]
        found = frozenset().union(*(members(part) for part in parts))
        return found | {"None"} if str(annotation.left).endswith("Optional") else found
    return frozenset({str(annotation)})


def function_breaks(path: str, old: griffe.Function, new: griffe.Function) -> Iterator[Break]:
    new_parameters = {parameter.name: parameter for parameter in new.parameters}
    for parameter in old.parameters:
        kept = new_parameters.get(parameter.name)
        if kept is None or parameter.annotation is None or kept.annotation is None:
            continue
        lost = members(parameter.annotation) - members(kept.annotation)
        if lost:
            text = (
                f"{path}: parameter `{parameter.name}` no longer accepts {' | '.join(sorted(lost))}"
            )
            yield Break("sdk", path, f"{text} ({parameter.annotation} -> {kept.annotation})")
    if old.returns is not None and new.returns is not None:
        gained = members(new.returns) - members(old.returns)
        if gained:
            text = f"{path}: may now return {' | '.join(sorted(gained))}"
            yield Break("sdk", path, f"{text} ({old.returns} -> {new.returns})")


def _target(obj: object) -> object:
    try:
        return obj.target if isinstance(obj, griffe.Alias) else obj
    except griffe.AliasResolutionError:
        return None


def annotation_breaks(
    old: object, new: object, path: str, seen: set[str] | None = None
) -> Iterator[Break]:
    """Walk the public objects under `old` (already marked public or not) beside `new`."""
    seen = set() if seen is None else seen
    old, new = _target(old), _target(new)
    if not isinstance(old, griffe.Object) or new is None or old.path in seen:
        return
    seen.add(old.path)  # a class exported twice is checked once, under its first name
    if isinstance(old, griffe.Function) and isinstance(new, griffe.Function):
        yield from function_breaks(path.removesuffix(".__init__"), old, new)
        return
    if not isinstance(old, griffe.Module | griffe.Class) or not isinstance(new, type(old)):
        return
    for name, member in old.all_members.items():
        public = member.is_public or name == "__init__"
        if (
            public
            and name in new.all_members
            and not (isinstance(old, griffe.Class) and member.is_module)
        ):
            yield from annotation_breaks(member, new.all_members[name], f"{path}.{name}", seen)
