"""The datamodel-code-generator models (pydantic 2, one module `models`) read each answer.

That generator writes models only: this consumer makes the HTTP call itself (urllib) and hands
the body to the model the status calls for, as a team using it would.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from tests.consumers import consumer_common

_, BASE_URL, CASES, API_KEY = consumer_common.arguments()

import models  # type: ignore[import-not-found]  # noqa: E402 - generated at run time

PATHS = {
    "getSmsById": "/sms/{}",
    "getSmsByReference": "/sms/reference/{}",
    "getTaskById": "/sms/task/{}",
}


def fetch(operation: str, argument: str) -> tuple[int, bytes]:
    headers = {"X-API-KEY": API_KEY}
    if operation == "getSmsStatuses":  # its IDs, comma-separated, go in the body
        url = BASE_URL + "/sms/getStatus"
        payload = models.SmsStatusesRequest(ids=[int(id) for id in argument.split(",")])
        data: bytes | None = payload.model_dump_json().encode()
        headers["Content-Type"] = "application/json"
    else:
        url = BASE_URL + PATHS[operation].format(urllib.parse.quote(argument, safe=""))
        data = None
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=consumer_common.TIMEOUT_SECONDS) as answer:
            return int(answer.status), answer.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def plain(value: Any) -> Any:
    """The wire value inside a root model (a `oneOf` of primitives), or the value itself."""
    while hasattr(value, "root"):
        value = value.root
    if isinstance(value, list):
        return [plain(item) for item in value]
    if hasattr(value, "model_fields"):
        return {
            (field.alias or name): plain(getattr(value, name))
            for name, field in type(value).model_fields.items()
            if name in value.model_fields_set
        }
    return value


def call(operation: str, argument: str) -> tuple[int, dict[str, Any]]:
    status, raw = fetch(operation, argument)
    if status == 200:
        model: Any = {"getTaskById": models.Task, "getSmsStatuses": models.SmsStatusList}.get(
            operation, models.Sms
        )
    elif "code" in json.loads(raw):
        model = models.GatewayError
    else:
        model = models.ApiError
    return status, plain(model.model_validate_json(raw))


consumer_common.run(CASES, call)
