"""The contract's properties, for every input hypothesis can find.

The SDK is driven through its public surface over `httpx.MockTransport` (no retries); the mock
through its core, the handler both its faces share. What each side must do comes from
`tests/spec.py` (operations, statuses, examples, validators, the error-code table) and the
bodies from `tests/strategies/`, so nothing here restates the spec.

Examples per test: the `contract` profile (see `profiles.py`) in the default run, `long` in
`nox -s contract_long`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC
from decimal import Decimal
from http import HTTPStatus
from typing import Any

import httpx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import wwt_sms
from tests import spec, strategies
from tests.contract import profiles
from tests.keys import KEY
from wwt_sms._validate import check_reference
from wwt_sms_mock import MockCore, Reply
from wwt_sms_mock._store import EPOCH

BASE_URL = "https://api.wwt.test/rest"
SETTINGS = profiles.active()

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


def test_every_operation_has_an_sdk_call() -> None:
    assert sorted(CALLS) == sorted(OPERATIONS)
    others = {operation.operation_id for operation in spec.operations()} - set(OPERATIONS)
    assert others == {"getSmsStatuses"}  # client.sms.get_statuses


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


# --- 1. spec-valid bodies parse; both wire styles agree ----------------------------------------


@SETTINGS
@given(st.data())
def test_the_sdk_parses_every_spec_valid_body(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    body = data.draw(strategies.spec_bodies(resource(operation_id)), label="body")
    parsed = answer(operation_id, 200, strategies.dumps(body))
    assert type(parsed) is model(operation_id)
    wire = decoded(body)
    if isinstance(parsed, wwt_sms.Sms):
        assert parsed.id == int(wire["id"])
        assert parsed.msisdn == str(wire["msisdn"])
        assert parsed.price == Decimal(str(wire["price"]))
        assert parsed.status == wire["status"]
        assert parsed.time_in.tzinfo is not None
    else:
        assert isinstance(parsed, wwt_sms.Task)
        assert parsed.total_price == Decimal(str(wire["totalprice"]))
        assert (parsed.originator, parsed.body) == (wire["originator"], wire["body"])
        assert parsed.delivered == int(wire.get("delivered", 0))


@SETTINGS
@given(st.data())
def test_both_wire_styles_of_one_record_give_equal_models(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    if resource(operation_id) == "Sms":
        record = data.draw(strategies.sms_records(), label="record")
        render: Callable[[Any, strategies.WireStyle], Any] = strategies.render_sms
    else:
        record = data.draw(strategies.task_records(), label="record")
        render = strategies.render_task
    canonical, vendor = (
        answer(operation_id, 200, strategies.dumps(render(record, style)))
        for style in strategies.WIRE_STYLES
    )
    assert canonical == vendor
    if isinstance(canonical, wwt_sms.Sms):
        assert canonical.id == record["id"]
        assert canonical.price == record["price"]  # exact: Decimal digits, never a float
        assert canonical.time_in.replace(tzinfo=None) == record["time_in"]
    else:
        assert canonical.total_price == record["totalprice"]
        assert canonical.total == record["total"]


# --- 2. anything off the spec gives one of the SDK's errors ------------------------------------


def off_spec(operation_id: str, status: str) -> st.SearchStrategy[Any]:
    """JSON bodies the operation's documented response at `status` refuses."""
    validator = spec.operation(operation_id).body_validator(status)
    names = schemas_at(operation_id, status)
    if status == "200":
        names = [*names, "ApiError"]
    return st.one_of(
        [strategies.off_spec_bodies(name) for name in names] + [strategies.json_values()]
    ).filter(lambda body: not validator.is_valid(json.loads(strategies.dumps(body))))


@SETTINGS
@given(st.data())
def test_off_spec_bodies_give_only_the_sdks_errors(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    status = data.draw(st.sampled_from(spec.operation(operation_id).statuses()), label="status")
    body = data.draw(off_spec(operation_id, status), label="body")
    result = outcome(operation_id, int(status), strategies.dumps(body))
    if isinstance(result, BaseException):
        assert isinstance(result, SDK_ERRORS), repr(result)
    else:
        # A tolerant reader may read a body the spec's patterns refuse, but only as a 200.
        assert status == "200", f"HTTP {status} gave {result!r}"
        assert type(result) is model(operation_id)


def _tolerated(name: str, body: Any) -> bool:
    """Shape breaks the SDK reads on purpose, not refuses."""
    if not isinstance(body, dict):
        return False
    # An optional field sent as `null` reads as left out (a counter is then 0): tolerant.
    required = set(strategies.spec_schema(name)["required"])
    return any(value is None and field not in required for field, value in body.items())


@SETTINGS
@given(st.data())
def test_shape_breaking_bodies_are_refused(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    name = resource(operation_id)
    # Left out, `errorDescription` changes nothing and `error` reads as 0 (a tolerant reader).
    body = data.draw(
        strategies.shape_breaking_bodies(name, ignore=("errorDescription", "error")), label="body"
    )
    assume(not _tolerated(name, body))
    result = outcome(operation_id, 200, strategies.dumps(body))
    assert isinstance(result, SDK_ERRORS), f"{body!r} gave {result!r}"


@SETTINGS
@given(st.data())
def test_truncated_garbled_or_non_json_bodies_are_refused(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    status = data.draw(st.sampled_from(spec.operation(operation_id).statuses()), label="status")
    body = data.draw(strategies.spec_bodies(schemas_at(operation_id, status)[0]), label="body")
    payload = data.draw(strategies.corrupt(strategies.dumps(body)), label="payload")
    result = outcome(operation_id, int(status), payload)
    assert isinstance(result, SDK_ERRORS), repr(result)
    if isinstance(result, wwt_sms.UnexpectedResponseError):
        assert result.status == int(status)
        assert result.response is not None
        assert KEY not in repr(result.response.request.headers)


# --- 3. every code on every documented status gives its class ----------------------------------


@SETTINGS
@given(st.data())
def test_every_error_code_on_every_documented_status_gives_its_class(
    data: st.DataObject,
) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    status = int(data.draw(st.sampled_from(spec.operation(operation_id).statuses())))
    style = data.draw(st.sampled_from(strategies.WIRE_STYLES), label="style")
    body = data.draw(strategies.api_error_bodies(style), label="body")
    error = outcome(operation_id, status, strategies.dumps(body))
    assert isinstance(error, wwt_sms.APIError), repr(error)
    code = int(body["error"])
    entry = KNOWN_CODES.get(code)
    if entry is None:
        assert type(error) is wwt_sms.APIError
    else:
        assert type(error) is class_for(entry)
        assert isinstance(error.code, wwt_sms.ErrorCode)
    assert error.code == code
    assert error.http_status == status
    if body["errorDescription"]:
        assert error.description == body["errorDescription"]
    else:
        assert error.description  # a default, never empty


GATEWAY_STATUSES = sorted(
    {
        (operation_id, int(status))
        for operation_id in OPERATIONS
        for status in spec.operation(operation_id).statuses()
        if "GatewayError" in schemas_at(operation_id, status)
    }
)


def test_the_gateway_shape_is_documented_where_the_sdk_expects_it() -> None:
    statuses = {status for _, status in GATEWAY_STATUSES}
    assert {401, 403, 429} <= statuses
    assert all(status in (401, 403, 429) or status >= 500 for status in statuses)


@SETTINGS
@given(st.sampled_from(GATEWAY_STATUSES).flatmap(
    lambda pair: st.tuples(st.just(pair), strategies.gateway_error_bodies(pair[1]))
))  # fmt: skip
def test_gateway_bodies_give_the_class_of_their_status(
    case: tuple[tuple[str, int], dict[str, Any]],
) -> None:
    (operation_id, status), body = case
    error = outcome(operation_id, status, strategies.dumps(body))
    assert type(error) is gateway_class(status), repr(error)
    assert error.code is None
    assert error.http_status == status
    phrase = HTTPStatus(status).phrase
    assert error.description == (
        body["message"] or f"{phrase}, with no error description in the response"
    )


# --- 4. ids, references and task ids: the SDK and the mock agree with the spec -----------------


@SETTINGS
@given(st.data())
def test_valid_path_values_reach_the_wire_unchanged(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    value = data.draw(strategies.path_values(operation_id), label="value")
    wire = Wire(404, strategies.dumps({"error": 20, "errorDescription": "SMS not found"}))
    with pytest.raises(wwt_sms.NotFoundError):
        CALLS[operation_id](wire.client(), value)
    (request,) = wire.requests
    assert request.url.path.rsplit("/", 1)[-1] == str(value)


@SETTINGS
@given(st.data())
def test_invalid_path_values_are_refused_before_anything_is_sent(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    value = data.draw(strategies.invalid_path_values(operation_id), label="value")
    wire = Wire()
    with pytest.raises(wwt_sms.ClientValidationError):
        CALLS[operation_id](wire.client(), value)

    async def call_async() -> None:
        async with wire.async_client() as client:
            await CALLS[operation_id](client, value)

    with pytest.raises(wwt_sms.ClientValidationError):
        asyncio.run(call_async())
    assert wire.requests == []


@pytest.fixture(scope="module")
def core() -> MockCore:
    """One mock core (self-check on) for the module: requests here change no state."""
    return MockCore(self_check=True)


def get(core: MockCore, operation_id: str, segment: str, headers: Mapping[str, str]) -> Reply:
    """The mock core's answer to a GET of the operation with `segment` as its path parameter."""
    operation = spec.operation(operation_id)
    target = operation.path.replace("{" + operation.path_parameter["name"] + "}", segment)
    raw = [(name.encode(), value.encode()) for name, value in headers.items()]
    return core.handle("GET", core.base_path + target, raw)


def example_code(operation_id: str, status: str) -> int:
    (example,) = spec.operation(operation_id).examples(status).values()
    return int(example["error"])


@SETTINGS
@given(st.data())
def test_the_mock_accepts_every_valid_path_value(core: MockCore, data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    segment = data.draw(strategies.path_segments(operation_id, valid=True), label="segment")
    reply = get(core, operation_id, segment, {"x-api-key": KEY})
    assert reply.status in (200, 404), reply
    body = json.loads(reply.body)
    assert spec.operation(operation_id).body_validator(str(reply.status)).is_valid(body)
    if reply.status == 404:
        assert int(body["error"]) == example_code(operation_id, "404")


@SETTINGS
@given(st.data())
def test_the_mock_refuses_every_invalid_path_value_with_the_specs_400(
    core: MockCore, data: st.DataObject
) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    segment = data.draw(strategies.path_segments(operation_id, valid=False), label="segment")
    style = data.draw(st.sampled_from(strategies.WIRE_STYLES), label="style")
    reply = get(core, operation_id, segment, {"x-api-key": KEY, "prefer": f"style={style}"})
    body = json.loads(reply.body)
    assert int(body["error"]) == example_code(operation_id, "400"), (segment, body)
    if style == "canonical":
        assert reply.status == 400
        assert [body] == list(spec.operation(operation_id).examples("400").values())
    else:  # the real API's habit: the error in a 200 body, the code as a string
        assert reply.status in (200, 400)
    assert spec.operation(operation_id).body_validator(str(reply.status)).is_valid(body)


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


@SETTINGS
@given(st.data())
def test_the_sdk_and_the_mock_agree_on_every_valid_path_value(
    core: MockCore, data: st.DataObject
) -> None:
    operation_id = data.draw(st.sampled_from(OPERATIONS), label="operation")
    records: dict[str, list[Any]] = {
        "getSmsById": sorted(core.store.messages),
        "getSmsByReference": sorted(core.store.references),
        "getTaskById": sorted(core.store.tasks),
    }
    known = records[operation_id]
    value = data.draw(st.sampled_from(known) | strategies.path_values(operation_id), label="value")
    style = data.draw(st.sampled_from(strategies.MOCK_STYLES), label="style")
    transport = httpx.MockTransport(MockTransportOverCore(core, f"style={style}"))
    client = wwt_sms.Client(
        KEY,
        base_url="http://mock.test" + core.base_path,
        max_retries=0,
        http_client=httpx.Client(transport=transport),
    )
    try:
        found = CALLS[operation_id](client, value)
    except wwt_sms.NotFoundError:
        assert value not in known
    else:
        assert value in known
        assert type(found) is model(operation_id)


# --- 5. every mock response is one the spec documents ------------------------------------------


def requests_to_the_mock(core: MockCore) -> st.SearchStrategy[tuple[str, str, dict[str, str]]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
        operation_id = draw(st.sampled_from(OPERATIONS))
        known = {
            "getSmsById": [str(i) for i in core.store.messages],
            "getSmsByReference": list(core.store.references),
            "getTaskById": [str(i) for i in core.store.tasks],
        }[operation_id]
        segment = draw(
            st.sampled_from(sorted(known))
            | strategies.path_segments(operation_id, valid=True)
            | strategies.path_segments(operation_id, valid=False)
        )
        headers: dict[str, str] = {}
        key = draw(st.sampled_from([KEY, "live_Abc123", None, "", "nope", "test_"]))
        if key is not None:
            headers["x-api-key"] = key
        if draw(st.booleans()):
            headers["prefer"] = draw(strategies.mock_preferences(operation_id))
        return operation_id, segment, headers

    return build()


def documented_reply(operation_id: str, reply: Reply) -> Iterator[str]:
    """Every way `reply` differs from what the spec documents for the operation (none: fine)."""
    operation = spec.operation(operation_id)
    status = str(reply.status)
    if status not in operation.statuses():
        yield f"HTTP {status} is not documented for {operation_id}"
        return
    headers = {name.decode().lower(): value.decode() for name, value in reply.headers}
    if not headers.get("content-type", "").startswith("application/json"):
        yield f"content-type {headers.get('content-type')!r}"
    body = json.loads(reply.body)
    for error in operation.body_validator(status).iter_errors(body):
        yield f"body: {error.message} at {list(error.absolute_path)}"
    declared: Mapping[str, Any] = operation.response(status).get("headers", {})
    for name, header in declared.items():
        value = headers.get(name.lower())
        if value is not None:
            schema = spec.deref(header)["schema"]
            if not Draft202012Validator(schema).is_valid(value):
                yield f"header {name}: {value!r}"


@SETTINGS
@given(st.data())
def test_every_mock_response_is_documented_by_the_spec(core: MockCore, data: st.DataObject) -> None:
    operation_id, segment, headers = data.draw(requests_to_the_mock(core), label="request")
    style = data.draw(st.sampled_from(strategies.MOCK_STYLES), label="mock style")
    core.style = style
    try:
        reply = get(core, operation_id, segment, headers)  # the self-check raises on a breach
    finally:
        core.style = "canonical"
    assert list(documented_reply(operation_id, reply)) == []
    assert core.breaches == []


@SETTINGS
@given(strategies.sms_records(prices=strategies.long_prices()))
def test_a_record_in_the_mock_reads_back_exactly_in_every_wire_style(
    record: dict[str, Any],
) -> None:
    mock = MockCore(self_check=True, demo=False)
    seconds = {
        name: None if record[name] is None else (record[name].replace(tzinfo=UTC) - EPOCH)
        for name in ("time_in", "time_sent", "time_dr")
    }
    mock.add_message(
        id=record["id"],
        msisdn=record["msisdn"],
        reference=record["reference"],
        status=record["status"],
        price=record["price"],
        currency=record["currency"],
        **{name: None if s is None else s.total_seconds() for name, s in seconds.items()},
    )
    latest = max(s.total_seconds() for s in seconds.values() if s is not None)
    mock.advance(max(latest, 0.0) + 1)  # every event has happened: nothing reads null
    read = []
    for style in strategies.MOCK_STYLES:
        transport = httpx.MockTransport(MockTransportOverCore(mock, f"style={style}"))
        client = wwt_sms.Client(
            KEY,
            base_url="http://mock.test" + mock.base_path,
            max_retries=0,
            http_client=httpx.Client(transport=transport),
        )
        read.append(client.sms.get(record["id"]))
    assert all(sms == read[0] for sms in read), read
    sms = read[0]
    assert sms.price == record["price"], "exact, in every style"
    assert (sms.id, sms.msisdn, sms.reference) == (
        record["id"],
        record["msisdn"],
        record["reference"],
    )
    assert sms.status == record["status"]
    assert sms.time_in == record["time_in"].replace(tzinfo=UTC)
    assert sms.time_dr == (record["time_dr"] and record["time_dr"].replace(tzinfo=UTC))
