"""The mass-status operation's properties, for every input hypothesis can find: the SDK reads
every answer the spec allows into one entry per asked ID, refuses every other with its own
errors; the mock answers every valid body inside the contract and refuses every invalid one
with the spec's code; the two agree with each other and with the single lookup."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import wwt_sms
from tests import spec, strategies
from tests.contract import profiles
from tests.keys import KEY
from wwt_sms_mock import MockCore

BASE_URL = "https://api.wwt.test/rest"
SETTINGS = profiles.active()
OPERATION = spec.operation("getSmsStatuses")
REQUEST = spec.schema_validator("SmsStatusesRequest")
LIMIT: int = spec.load()["components"]["schemas"]["SmsStatusesRequest"]["properties"]["ids"][
    "maxItems"
]
INVALID_CODE = int(next(iter(OPERATION.examples("400").values()))["error"])
SDK_ERRORS = (wwt_sms.UnexpectedResponseError, wwt_sms.APIError)

asked_ids = st.lists(strategies.valid_ids(), min_size=1, max_size=LIMIT, unique=True)


def sdk(status: int, content: bytes) -> tuple[wwt_sms.Client, list[httpx.Request]]:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        headers = {"content-type": "application/json"}
        return httpx.Response(status, content=content, headers=headers)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return wwt_sms.Client(KEY, base_url=BASE_URL, max_retries=0, http_client=http), requests


@st.composite
def answers(draw: st.DrawFn, asked: list[int]) -> dict[str, Any]:
    """A spec-valid answer: items for some of the asked IDs (numbers or digit strings), maybe
    one for an ID not asked, maybe the success envelope."""
    found = draw(st.lists(st.sampled_from(asked), max_size=len(asked)))
    others = draw(st.lists(strategies.valid_ids(), max_size=2))
    items = []
    for id in [*found, *others]:
        item = draw(strategies.spec_bodies("SmsStatusRecord"))
        items.append({**item, "id": draw(st.sampled_from([id, str(id)]))})
    body: dict[str, Any] = {"result": items}
    if draw(st.booleans()):
        body = {"error": draw(st.sampled_from([0, "0"])), "errorDescription": "No errors", **body}
    return body


@SETTINGS
@given(st.data())
def test_the_sdk_reads_every_spec_valid_answer(data: st.DataObject) -> None:
    asked = data.draw(asked_ids, label="asked")
    body = data.draw(answers(asked), label="body")
    assert spec.schema_validator("SmsStatusList").is_valid(body)
    client, requests = sdk(200, strategies.dumps(body))
    found = client.sms.get_statuses(asked)
    assert list(found) == asked
    assert json.loads(requests[0].content) == {"ids": asked}
    first: dict[int, Any] = {}
    for item in json.loads(strategies.dumps(body))["result"]:
        first.setdefault(int(item["id"]), item)
    for id, record in found.items():
        if id not in first:
            assert record is None
            continue
        assert record is not None
        assert record.id == id
        assert record.msisdn == str(first[id]["msisdn"])
        assert record.status == first[id]["status"]
        assert record.reference == first[id].get("external_id")


@SETTINGS
@given(st.data())
def test_any_other_answer_gives_only_the_sdks_errors(data: st.DataObject) -> None:
    asked = data.draw(asked_ids, label="asked")
    status = data.draw(st.sampled_from([200, 400, 401, 403, 413, 418, 429, 500, 503]))
    body = data.draw(strategies.json_values(), label="body")
    client, _ = sdk(status, strategies.dumps(body))
    outcome: dict[int, wwt_sms.SmsStatusRecord | None] | wwt_sms.WwtError
    try:
        outcome = client.sms.get_statuses(asked)
    except SDK_ERRORS as error:
        outcome = error
    if isinstance(outcome, dict):
        assert status == 200
        assert list(outcome) == asked
    else:
        assert outcome.batch_ids == tuple(asked)


# --- the mock ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def core() -> MockCore:
    """One mock core (self-check on: an answer outside the contract raises)."""
    return MockCore(self_check=True)


def post(core: MockCore, content: bytes, style: str = "canonical") -> tuple[int, Any]:
    headers = [(b"x-api-key", KEY.encode()), (b"prefer", f"style={style}".encode())]
    reply = core.handle("POST", core.base_path + "/sms/getStatus", headers, content)
    return reply.status, json.loads(reply.body)


@SETTINGS
@given(st.data())
def test_the_mock_answers_every_valid_body_with_the_known_ids(
    core: MockCore, data: st.DataObject
) -> None:
    known = sorted(core.store.messages)
    ids = data.draw(st.lists(st.sampled_from(known) | strategies.valid_ids(), min_size=1,
                             max_size=LIMIT), label="ids")  # fmt: skip
    style = data.draw(st.sampled_from(strategies.MOCK_STYLES), label="style")
    status, body = post(core, json.dumps({"ids": ids}).encode(), style)
    assert status == 200
    assert OPERATION.body_validator("200").is_valid(body)
    expected = [id for id in dict.fromkeys(ids) if id in core.store.messages]
    assert [int(item["id"]) for item in body["result"]] == expected


@SETTINGS
@given(st.data())
def test_the_mock_refuses_every_invalid_body_with_the_specs_code(
    core: MockCore, data: st.DataObject
) -> None:
    value = data.draw(
        st.one_of(
            strategies.json_values(),
            st.lists(st.integers() | st.text(max_size=3), max_size=LIMIT + 5).map(
                lambda ids: {"ids": ids}
            ),
        ).filter(lambda value: not REQUEST.is_valid(value)),
        label="body",
    )
    style = data.draw(st.sampled_from(strategies.WIRE_STYLES), label="style")
    status, body = post(core, strategies.dumps(value), style)
    assert int(body["error"]) == INVALID_CODE
    assert status == (400 if style == "canonical" else 200)
    assert OPERATION.body_validator(str(status)).is_valid(body)


@SETTINGS
@given(st.data())
def test_the_sdk_and_the_mock_agree_and_match_the_single_lookup(
    core: MockCore, data: st.DataObject
) -> None:
    known = sorted(core.store.messages)
    asked = data.draw(st.lists(st.sampled_from(known) | strategies.valid_ids(), min_size=1,
                               max_size=150), label="asked")  # fmt: skip
    style = data.draw(st.sampled_from(strategies.MOCK_STYLES), label="style")

    def handler(request: httpx.Request) -> httpx.Response:
        headers = [*request.headers.raw, (b"prefer", f"style={style}".encode())]
        reply = core.handle(request.method, request.url.raw_path.decode(), headers, request.content)
        return httpx.Response(reply.status, headers=reply.headers, content=reply.body)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    base = "http://mock.test" + core.base_path
    with wwt_sms.Client(KEY, base_url=base, max_retries=0, http_client=http) as client:
        found = client.sms.get_statuses(asked)
        assert list(found) == list(dict.fromkeys(asked))
        for id, record in found.items():
            assert (record is not None) == (id in core.store.messages)
            if record is not None:
                single = client.sms.get(id)
                assert (record.id, record.reference, record.msisdn, record.status) == (
                    single.id,
                    single.reference,
                    single.msisdn,
                    single.status,
                )
                assert (record.time_sent, record.time_dr, record.price, record.currency) == (
                    single.time_sent,
                    single.time_dr,
                    single.price,
                    single.currency,
                )
