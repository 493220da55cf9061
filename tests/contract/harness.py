"""What the contract's property tests share: the operations and the SDK call for each, the SDK
over a scripted transport (`Wire`), and the mock core asked directly or through httpx."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import httpx

import wwt_sms
from tests import spec, strategies
from tests.keys import KEY
from wwt_sms._validate import check_reference
from wwt_sms_mock import MockCore, Reply

BASE_URL = "https://api.wwt.test/rest"

# The lookups by a path parameter (the mass-status operation: test_properties_mass_status.py).
OPERATIONS = [
    operation.operation_id
    for operation in spec.operations()
    if any(parameter["in"] == "path" for parameter in operation.parameters)
]
KNOWN_CODES = {entry.code: entry for entry in spec.error_codes() if entry.code != 0}
# What an SDK caller asks the API for, per operation: the one place the SDK's surface is named.
CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "getSmsById": lambda client, value: client.sms.get(value),
    "getSmsByReference": lambda client, value: client.sms.get_by_reference(value),
    "getTaskById": lambda client, value: client.tasks.get(value),
}
SDK_ERRORS = (wwt_sms.UnexpectedResponseError, wwt_sms.APIError)


def resource(operation_id: str) -> str:
    """The schema a 200 of the operation carries on success (`Sms`, `Task`), from the spec."""
    schema = spec.operation(operation_id).response("200")["content"]["application/json"]["schema"]
    names: list[str] = [
        branch["$ref"].rsplit("/", 1)[-1] for branch in schema.get("oneOf", [schema])
    ]
    (name,) = [name for name in names if name != "ApiError"]
    return name


def model(operation_id: str) -> type:
    found: type = getattr(wwt_sms, resource(operation_id))
    return found


def schemas_at(operation_id: str, status: str) -> list[str]:
    """The component schemas a documented response body may follow."""
    schema = spec.operation(operation_id).response(status)["content"]["application/json"]["schema"]
    branches = schema.get("oneOf", [schema])
    return [branch["$ref"].rsplit("/", 1)[-1] for branch in branches]


def class_for(entry: spec.ErrorCodeEntry) -> type[wwt_sms.APIError]:
    """The class the SDK promises for a known code: named after its `x-enum-varnames` entry."""
    name = "".join(part.capitalize() for part in entry.name.split("_")) + "Error"
    found: type[wwt_sms.APIError] = getattr(wwt_sms, name)
    return found


def gateway_class(status: int) -> type[wwt_sms.APIError]:
    if status in (401, 403):
        return wwt_sms.AuthenticationError
    if status == 429:
        return wwt_sms.RateLimitError
    assert status >= 500, status
    return wwt_sms.ServerError


# --- the SDK over a scripted transport ---------------------------------------------------------


class Wire:
    """A fake API: answers every request with one scripted response, and keeps the requests."""

    def __init__(self, status: int = 200, content: bytes = b"{}") -> None:
        self.status = status
        self.content = content
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        headers = {"content-type": "application/json"}
        return httpx.Response(self.status, content=self.content, headers=headers)

    def client(self) -> wwt_sms.Client:
        transport = httpx.MockTransport(self.handler)
        return wwt_sms.Client(
            KEY, base_url=BASE_URL, max_retries=0, http_client=httpx.Client(transport=transport)
        )

    def async_client(self) -> wwt_sms.AsyncClient:
        transport = httpx.MockTransport(self.handler)
        return wwt_sms.AsyncClient(
            KEY,
            base_url=BASE_URL,
            max_retries=0,
            http_client=httpx.AsyncClient(transport=transport),
        )


def asked_for(operation_id: str, content: bytes) -> tuple[int | str, bytes]:
    """What to ask for, and the body to answer with: the SDK checks that an answer is for the
    message asked for, so a body that names a message is asked for by that name. A reference
    the SDK would refuse to send is replaced in the body by one it sends."""
    try:
        body = json.loads(content, parse_float=Decimal)
    except ValueError:
        body = None
    if not isinstance(body, dict) or operation_id == "getTaskById":  # a Task names no task
        return (211 if operation_id != "getSmsByReference" else "ext19"), content
    if operation_id == "getSmsById":
        id = body.get("id")
        try:
            number = int(id) if isinstance(id, int | str) and not isinstance(id, bool) else 0
        except ValueError:
            number = 0
        return (number if 1 <= number < 2**63 else 211), content
    reference = body.get("reference")
    if not isinstance(reference, str):
        return "ext19", content
    try:
        return check_reference(reference), content
    except wwt_sms.ClientValidationError:
        return "ext19", strategies.dumps({**body, "reference": "ext19"})


def answer(operation_id: str, status: int, content: bytes) -> Any:
    """What the SDK returns for this response to the operation (or raises)."""
    value, content = asked_for(operation_id, content)
    wire = Wire(status, content)
    result = CALLS[operation_id](wire.client(), value)
    assert len(wire.requests) == 1, "max_retries=0: exactly one request"
    return result


def outcome(operation_id: str, status: int, content: bytes) -> Any:
    """The SDK's answer, or the exception it raised (any type: the tests judge it)."""
    try:
        return answer(operation_id, status, content)
    except Exception as exc:
        return exc


def decoded(body: Any) -> Any:
    """The body as a reader sees it after the wire (numbers with a fraction as Decimal)."""
    return json.loads(strategies.dumps(body), parse_float=Decimal)


def mock_get(core: MockCore, operation_id: str, segment: str, headers: Mapping[str, str]) -> Reply:
    """The mock core's answer to a GET of the operation with `segment` as its path parameter."""
    operation = spec.operation(operation_id)
    target = operation.path.replace("{" + operation.path_parameter["name"] + "}", segment)
    raw = [(name.encode(), value.encode()) for name, value in headers.items()]
    return core.handle("GET", core.base_path + target, raw)


def example_code(operation_id: str, status: str) -> int:
    (example,) = spec.operation(operation_id).examples(status).values()
    return int(example["error"])


class MockTransportOverCore:
    """The SDK's requests answered by a mock core in-process (the respx face, minus respx)."""

    def __init__(self, core: MockCore, prefer: str | None = None) -> None:
        self.core = core
        self.prefer = prefer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        headers = list(request.headers.raw)
        if self.prefer:
            headers.append((b"prefer", self.prefer.encode()))
        reply = self.core.handle(request.method, request.url.raw_path.decode(), headers)
        return httpx.Response(reply.status, headers=reply.headers, content=reply.body)
