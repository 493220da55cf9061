"""What each call sends: its argument checked, then the request the generated code builds for it
(method and path, the argument quoted into the path), paired with the parser of its answer.

The generated package (and attrs under it) loads on the first request, not at `import wwt_sms`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._validate import check_id, check_reference

if TYPE_CHECKING:
    import httpx

    from ._models import Sms, Task

T = TypeVar("T")
Parser = Callable[["httpx.Response", tzinfo], T]


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One API call: `method` and `path` (below the base URL), and how its answer is read."""

    method: str
    path: str
    parse: Parser[T]


def sms_by_id(id: object) -> Call[Sms]:
    checked = check_id(id, "id")
    return _loaded().sms_by_id(checked)


def sms_by_reference(reference: object) -> Call[Sms]:
    checked = check_reference(reference)
    return _loaded().sms_by_reference(checked)


def task_by_id(task_id: object) -> Call[Task]:
    checked = check_id(task_id, "task_id")
    return _loaded().task_by_id(checked)


@dataclass(frozen=True, slots=True)
class _Builders:
    sms_by_id: Callable[[int], Call[Sms]]
    sms_by_reference: Callable[[str], Call[Sms]]
    task_by_id: Callable[[int], Call[Task]]


@functools.cache
def _loaded() -> _Builders:
    from wwt_sms_api.api.sms import get_sms_by_id, get_sms_by_reference
    from wwt_sms_api.api.tasks import get_task_by_id

    from ._response import parse_sms, parse_task

    def call(kwargs: dict[str, Any], parse: Parser[T]) -> Call[T]:
        return Call(kwargs["method"].upper(), kwargs["url"], parse)

    return _Builders(
        sms_by_id=lambda id: call(get_sms_by_id._get_kwargs(id=id), parse_sms),
        sms_by_reference=lambda ref: call(
            get_sms_by_reference._get_kwargs(reference=ref), parse_sms
        ),
        task_by_id=lambda id: call(get_task_by_id._get_kwargs(task_id=id), parse_task),
    )
