"""The openapi-generator `python` client (package `og_client`) calls every operation.

Its models wrap every `oneOf` in a class holding `actual_instance`; an error status raises an
`ApiException` whose `data` is the decoded body (or None) and `body` the raw text.
"""

from __future__ import annotations

import json
from typing import Any

from tests.consumers import consumer_common

_, BASE_URL, CASES, API_KEY = consumer_common.arguments()

import og_client  # type: ignore[import-not-found]  # noqa: E402 - generated at run time
from og_client.exceptions import ApiException  # type: ignore[import-not-found]  # noqa: E402

configuration = og_client.Configuration(host=BASE_URL, api_key={"ApiKeyAuth": API_KEY})
api_client = og_client.ApiClient(configuration)
SMS = og_client.SmsApi(api_client)
TASKS = og_client.TasksApi(api_client)
# Attribute names of the generated models (snake case; `errorDescription` on the wire).
SMS_NAMES = ("error", "error_description", "id", "msisdn", "reference", "time_in", "time_sent",
             "time_dr", "status", "price", "currency")  # fmt: skip
TASK_NAMES = ("error", "error_description", "originator", "body", "validity", "totalprice",
              "currency", "total", "sent", "queued", "accepted", "enroute", "delivered",
              "expired", "undeliverable", "unknown")  # fmt: skip
ERROR_NAMES = ("error", "error_description")
RECORD_NAMES = ("id", "external_id", "msisdn", "time_sent", "time_dr", "status", "price",
                "currency")  # fmt: skip


def plain(value: Any) -> Any:
    """The wire value inside a `oneOf` wrapper (or the value itself)."""
    while hasattr(value, "actual_instance"):
        value = value.actual_instance
    return value


def fields(model: Any, names: tuple[str, ...]) -> dict[str, Any]:
    wire = {"error_description": "errorDescription"}
    return {wire.get(name, name): plain(getattr(model, name)) for name in names}


def body_of(model: Any) -> dict[str, Any]:
    """A body rebuilt from whichever model the client decoded."""
    model = plain(model)
    if isinstance(model, og_client.SmsStatusList):
        body = fields(model, ERROR_NAMES)
        if model.result is not None:
            body["result"] = [fields(item, RECORD_NAMES) for item in model.result]
        return body
    for kind, names in (
        (og_client.Sms, SMS_NAMES),
        (og_client.Task, TASK_NAMES),
        (og_client.ApiError, ERROR_NAMES),
        (og_client.GatewayError, ("code", "message")),
    ):
        if isinstance(model, kind):
            return fields(model, names)
    raise TypeError(f"the client gave {type(model).__name__}: {model!r}")


def call(operation: str, argument: str) -> tuple[int, dict[str, Any]]:
    timeout = consumer_common.TIMEOUT_SECONDS
    try:
        if operation == "getSmsById":
            answer = SMS.get_sms_by_id_with_http_info(int(argument), _request_timeout=timeout)
        elif operation == "getSmsByReference":
            answer = SMS.get_sms_by_reference_with_http_info(argument, _request_timeout=timeout)
        elif operation == "getSmsStatuses":
            ids = [int(id) for id in argument.split(",")]
            answer = SMS.get_sms_statuses_with_http_info(
                og_client.SmsStatusesRequest(ids=ids), _request_timeout=timeout
            )
        else:
            answer = TASKS.get_task_by_id_with_http_info(int(argument), _request_timeout=timeout)
    except ApiException as error:
        if error.data is None:  # a status the client has no model for: read the raw body
            return error.status, json.loads(error.body)
        return error.status, body_of(error.data)
    return answer.status_code, body_of(answer.data)


consumer_common.run(CASES, call)
