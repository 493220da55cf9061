"""What each call sends: its argument checked, then the request the generated code builds for it
(method and path, the argument quoted into the path, or a JSON body), paired with the parser of
its answer.

The generated package (and attrs under it) loads on the first request, not at `import wwt_sms`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from ._validate import check_id, check_reference

if TYPE_CHECKING:
    import httpx

    from ._models import Sms, SmsStatusRecord, Task

T = TypeVar("T")
Parser = Callable[["httpx.Response", tzinfo], T]


class Call(NamedTuple, Generic[T]):
    """One API call: `method` and `path` (below the base URL), its JSON `body` if it has one,
    and how its answer is read."""

    method: str
    path: str
    parse: Parser[T]
    body: bytes | None = None


def sms_by_id(id: object) -> Call[Sms]:
    checked = check_id(id, "id")
    return _loaded().sms_by_id(checked)


def sms_by_reference(reference: object) -> Call[Sms]:
    checked = check_reference(reference)
    return _loaded().sms_by_reference(checked)


def task_by_id(task_id: object) -> Call[Task]:
    checked = check_id(task_id, "task_id")
    return _loaded().task_by_id(checked)


def sms_statuses(batch: tuple[int, ...]) -> Call[dict[int, SmsStatusRecord | None]]:
    """One mass-status request; `batch` is already checked (see `_batches`)."""
    return _loaded().sms_statuses(batch)


class _Builders(NamedTuple):
    sms_by_id: Callable[[int], Call[Sms]]
    sms_by_reference: Callable[[str], Call[Sms]]
    task_by_id: Callable[[int], Call[Task]]
    sms_statuses: Callable[[tuple[int, ...]], Call[dict[int, SmsStatusRecord | None]]]


@functools.cache
def _loaded() -> _Builders:
    from wwt_sms_api.api.sms import get_sms_by_id, get_sms_by_reference, get_sms_statuses
    from wwt_sms_api.api.tasks import get_task_by_id
    from wwt_sms_api.models.sms_statuses_request import SmsStatusesRequest

    from ._response import parse_sms, parse_statuses, parse_task

    def call(kwargs: dict[str, Any], parse: Parser[T]) -> Call[T]:
        body = kwargs.get("json")
        content = None if body is None else json.dumps(body, separators=(",", ":")).encode()
        return Call(kwargs["method"].upper(), kwargs["url"], parse, content)

    def statuses(batch: tuple[int, ...]) -> Call[dict[int, SmsStatusRecord | None]]:
        kwargs = get_sms_statuses._get_kwargs(body=SmsStatusesRequest(ids=list(batch)))
        return call(kwargs, functools.partial(parse_statuses, batch))

    return _Builders(
        sms_by_id=lambda id: call(
            get_sms_by_id._get_kwargs(id=id),
            lambda response, zone: parse_sms(response, zone, id=id),
        ),
        sms_by_reference=lambda ref: call(
            get_sms_by_reference._get_kwargs(reference=ref),
            lambda response, zone: parse_sms(response, zone, reference=ref),
        ),
        task_by_id=lambda id: call(get_task_by_id._get_kwargs(task_id=id), parse_task),
        sms_statuses=statuses,
    )
