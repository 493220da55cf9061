"""The openapi-python-client client (package `opc_client`) calls every operation.

Documented statuses come back as models in `Response.parsed` (absent fields are `UNSET`).
"""

from __future__ import annotations

from typing import Any

from tests.consumers import consumer_common

_, BASE_URL, CASES, API_KEY = consumer_common.arguments()

import httpx  # noqa: E402
from opc_client import AuthenticatedClient  # type: ignore[import-not-found]  # noqa: E402
from opc_client.api.sms import get_sms_by_id, get_sms_by_reference, get_sms_statuses  # type: ignore[import-not-found]  # noqa: E402
from opc_client.api.tasks import get_task_by_id  # type: ignore[import-not-found]  # noqa: E402
from opc_client.models import SmsStatusesRequest  # type: ignore[import-not-found]  # noqa: E402
from opc_client.types import Unset  # type: ignore[import-not-found]  # noqa: E402

CLIENT = AuthenticatedClient(
    base_url=BASE_URL,
    token=API_KEY,
    prefix="",
    auth_header_name="X-API-KEY",
    timeout=httpx.Timeout(consumer_common.TIMEOUT_SECONDS),
)


def body_of(model: Any) -> dict[str, Any]:
    """A body rebuilt from the model's wire form, without the fields it holds as UNSET."""
    if model is None:
        raise TypeError("the client parsed nothing (an undocumented status?)")
    wire = model.to_dict()
    return {name: value for name, value in wire.items() if not isinstance(value, Unset)}


def statuses(argument: str) -> Any:
    ids = [int(id) for id in argument.split(",")]
    return get_sms_statuses.sync_detailed(client=CLIENT, body=SmsStatusesRequest(ids=ids))


def call(operation: str, argument: str) -> tuple[int, dict[str, Any]]:
    if operation == "getSmsById":
        answer = get_sms_by_id.sync_detailed(int(argument), client=CLIENT)
    elif operation == "getSmsByReference":
        answer = get_sms_by_reference.sync_detailed(argument, client=CLIENT)
    elif operation == "getSmsStatuses":
        answer = statuses(argument)
    else:
        answer = get_task_by_id.sync_detailed(int(argument), client=CLIENT)
    return int(answer.status_code), body_of(answer.parsed)


consumer_common.run(CASES, call)
