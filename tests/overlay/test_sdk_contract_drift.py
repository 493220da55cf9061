"""`on_contract_drift`: "ignore" holds no checker; "warn" emits one `ContractDriftWarning` per
response that breaks the contract, naming the operation and a pointer, and still reads it;
"raise" raises `UnexpectedResponseError` instead. Sync and async alike."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
import respx

import wwt_sms
from tests.keys import KEY
from wwt_sms import _contract_drift
from wwt_sms._constants import DRIFT_CACHE_BYTES
from wwt_sms_mock import WwtMock
from wwt_sms_mock._proxy.style_check import mock_styles

BASE_URL = "https://api.wwt.world/rest"
GOOD_SMS: dict[str, Any] = {
    "error": 0,
    "errorDescription": "No errors",
    "id": 211,
    "msisdn": 380972000001,
    "reference": "ext19",
    "time_in": "2017-01-17T09:11:41+00:00",
    "time_sent": None,
    "time_dr": None,
    "status": "delivered",
    "price": 0.23,
    "currency": "EUR",
}
JSON = {"content-type": "application/json"}
# The tolerant reader reads this body, but the contract says errorDescription is a string.
DRIFTING_SMS = {**GOOD_SMS, "errorDescription": 5}


def _serve(router: respx.MockRouter, status: int = 200, **answer: Any) -> None:
    router.get("/sms/211").respond(status, **answer)


def test_ignore_is_the_default_and_holds_no_checker() -> None:
    with wwt_sms.Client(KEY, base_url=BASE_URL) as client:
        assert client._drift is None
    with wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="ignore") as client:
        assert client._drift is None
        with respx.mock(base_url=BASE_URL) as router, warnings.catch_warnings():
            warnings.simplefilter("error")
            _serve(router, json=DRIFTING_SMS)
            assert client.sms.get(211).id == 211


def test_warn_emits_one_warning_naming_operation_and_pointer_and_still_reads() -> None:
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        _serve(router, json=DRIFTING_SMS)
        with pytest.warns(wwt_sms.ContractDriftWarning) as caught:
            sms = client.sms.get(211)
    assert sms.id == 211
    # Only ours: a ResourceWarning from garbage collected mid-block lands here too.
    (warning,) = [w for w in caught if issubclass(w.category, wwt_sms.ContractDriftWarning)]
    drift = warning.message
    assert isinstance(drift, wwt_sms.ContractDriftWarning)
    assert (drift.operation, drift.pointer) == ("getSmsById", "/errorDescription")
    assert "getSmsById: the response breaks the contract at /errorDescription" in str(drift)


def test_raise_turns_drift_into_unexpected_response_error() -> None:
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="raise") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        _serve(router, json=DRIFTING_SMS)
        with pytest.raises(wwt_sms.UnexpectedResponseError) as caught:
            client.sms.get(211)
    assert caught.value.status == 200
    assert "getSmsById breaks the contract at /errorDescription" in str(caught.value)
    response = caught.value.response
    assert response is not None
    assert KEY not in repr(response.request.headers)


@pytest.mark.parametrize(
    ("status", "answer", "pointer", "words"),
    [
        (418, {"json": {"error": 20, "errorDescription": "SMS not found"}}, "", "status 418"),
        (200, {"text": "<h1>hi</h1>", "headers": {"content-type": "text/html"}}, "", "not JSON"),
        (200, {"json": {**GOOD_SMS, "time_in": "yesterday"}}, "/time_in", "does not match"),
        # 400 is an API error or a validation error: held to the one the body resembles
        (400, {"json": {"error": "abc", "errorDescription": "Bad"}}, "/error", "fits none of"),
        (
            429,
            {"json": {"code": 429, "message": "slow"}, "headers": {"Retry-After": "soon"}},
            "",
            "retry-after",
        ),
    ],
)
def test_each_kind_of_drift_is_named(
    status: int, answer: dict[str, Any], pointer: str, words: str
) -> None:
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="raise", max_retries=0) as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        _serve(router, status, **answer)
        with pytest.raises(wwt_sms.UnexpectedResponseError) as caught:
            client.sms.get(211)
    assert f"at {pointer or '/'}: " in str(caught.value)
    assert words in str(caught.value)


@pytest.mark.parametrize("style", list(mock_styles()))
def test_the_contracts_own_answers_raise_nothing(style: str) -> None:
    with (
        WwtMock(BASE_URL, style=style),
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="raise") as client,
    ):
        assert client.sms.get(211).id == 211
        assert client.sms.get_by_reference("ext19").id == 211
        assert client.tasks.get(77).total == 2
        with pytest.raises(wwt_sms.SmsNotFoundError):
            client.sms.get(999999)
        with pytest.raises(wwt_sms.TaskNotFoundError):
            client.tasks.get(424242)


def test_the_async_client_warns_and_raises_alike() -> None:
    async def main() -> None:
        async with wwt_sms.AsyncClient(KEY, base_url=BASE_URL, on_contract_drift="warn") as warn:
            with respx.mock(base_url=BASE_URL) as router:
                _serve(router, json=DRIFTING_SMS)
                with pytest.warns(wwt_sms.ContractDriftWarning, match="/errorDescription"):
                    assert (await warn.sms.get(211)).id == 211
        async with wwt_sms.AsyncClient(KEY, base_url=BASE_URL, on_contract_drift="raise") as strict:
            with respx.mock(base_url=BASE_URL) as router:
                _serve(router, json=DRIFTING_SMS)
                with pytest.raises(wwt_sms.UnexpectedResponseError, match="getSmsById"):
                    await strict.sms.get(211)

    asyncio.run(main())


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(wwt_sms.ClientValidationError, match="on_contract_drift must be one of"):
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="loud")  # type: ignore[arg-type]


def test_without_jsonschema_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _contract_drift._contract.cache_clear()
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    try:
        with pytest.raises(wwt_sms.ClientValidationError, match=r"wwt-sms\[contract\]"):
            wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn")
    finally:
        _contract_drift._contract.cache_clear()


def test_the_contract_travels_inside_the_package() -> None:
    from importlib import resources

    shipped = resources.files("wwt_sms").joinpath("openapi.yaml").read_text("utf-8")
    assert shipped == (Path(__file__).parents[2] / "openapi.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("answer", "pointer", "words"),
    [
        (
            {
                "content": b'{"error": 0, "id": 211,',
                "headers": {"content-type": "application/json"},
            },
            "",
            "not JSON",
        ),
        (
            {
                "content": b'{"error": 0, "price": NaN}',
                "headers": {"content-type": "application/json"},
            },
            "",
            "NaN is not a JSON number",
        ),
        ({"json": {**GOOD_SMS, "id": "abc"}}, "/id", "fits none of"),
    ],
)
def test_drift_the_sdk_cannot_read_either_is_warned_about_first(
    answer: dict[str, Any], pointer: str, words: str
) -> None:
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        _serve(router, **answer)
        with (
            pytest.warns(wwt_sms.ContractDriftWarning) as caught,
            pytest.raises(wwt_sms.UnexpectedResponseError),
        ):
            client.sms.get(211)
    # Only ours: a ResourceWarning from garbage collected mid-block lands here too.
    (warning,) = [w for w in caught if issubclass(w.category, wwt_sms.ContractDriftWarning)]
    drift = warning.message
    assert isinstance(drift, wwt_sms.ContractDriftWarning)
    assert drift.pointer == pointer
    assert words in drift.message


def test_a_campaign_is_checked_against_its_own_schema() -> None:
    task = {"error": 0, "originator": "a", "body": "b", "totalprice": 0.4, "currency": "EUR"}
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="raise") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        router.get("/sms/task/77").respond(200, json={**task, "sent": -2})
        with pytest.raises(
            wwt_sms.UnexpectedResponseError, match=r"getTaskById breaks the contract at /sent"
        ):
            client.tasks.get(77)


def _checks_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the responses the contract actually validates (not answered from the cache)."""
    contract = _contract_drift._contract()
    monkeypatch.setattr(contract, "_verdicts", _contract_drift._Verdicts(4096))
    counted: list[int] = []
    real = contract._violations

    def counting(*args: Any) -> Any:
        counted.append(1)
        return real(*args)

    monkeypatch.setattr(contract, "_violations", counting)
    return counted


def test_a_repeated_answer_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _checks_counted(monkeypatch)
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        for price in (0.1, 0.2, 0.1, 0.1):
            router.get("/sms/211").respond(200, json={**GOOD_SMS, "price": price})
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                client.sms.get(211)
        router.get("/sms/211").respond(200, json=DRIFTING_SMS)
        for _ in range(2):  # the remembered verdict still warns, each time
            with pytest.warns(wwt_sms.ContractDriftWarning, match="/errorDescription"):
                client.sms.get(211)
    assert len(counted) == 3  # 0.1, 0.2 and the drifting body


def test_verdicts_are_bounded_by_bytes_oldest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _checks_counted(monkeypatch)
    verdicts = _contract_drift._contract()._verdicts
    # Valid bodies of 1,000 bytes (JSON allows the leading spaces): 3 fit in 4,096, not 4.
    bodies = [json.dumps({**GOOD_SMS, "price": p}).encode() for p in (0.1, 0.2, 0.3, 0.4)]
    bodies = [b" " * (1000 - len(body)) + body for body in bodies]
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        for body in [*bodies, bodies[3], bodies[0]]:
            router.get("/sms/211").respond(200, content=body, headers=JSON)
            client.sms.get(211)
            assert verdicts.size <= verdicts.budget
        # D was remembered; A, forgotten to make room for D, was checked again.
        assert len(counted) == 5
        router.get("/sms/211").respond(200, content=b" " * 5000 + bodies[1], headers=JSON)
        client.sms.get(211)
        client.sms.get(211)  # larger than the whole budget: never remembered
    assert len(counted) == 7
    assert len(verdicts) == 3


def test_the_budget_is_bytes_not_entries() -> None:
    assert _contract_drift._contract()._verdicts.budget == DRIFT_CACHE_BYTES <= 16 * 1024 * 1024


def test_a_json_body_labelled_otherwise_is_named_by_its_content_type() -> None:
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        headers = {"content-type": "text/plain"}
        router.get("/sms/211").respond(200, content=json.dumps(GOOD_SMS).encode(), headers=headers)
        with pytest.warns(wwt_sms.ContractDriftWarning) as caught:
            client.sms.get(211)
    # Only ours: a ResourceWarning from garbage collected mid-block lands here too.
    (warning,) = [w for w in caught if issubclass(w.category, wwt_sms.ContractDriftWarning)]
    assert isinstance(warning.message, wwt_sms.ContractDriftWarning)
    assert warning.message.message == "content type 'text/plain' is not JSON"


SECRET = "test_" + "S3cr3tK3y" * 4  # a key a hostile or broken server echoes back


@pytest.mark.parametrize("mode", ["warn", "raise"])
@pytest.mark.parametrize(
    "drift",
    [
        {"time_in": SECRET},  # quoted by "does not match"
        {"id": SECRET},  # quoted by "fits none of"
        {"time_in": "x" * 480 + SECRET},  # the cut at 500 characters lands inside the key
        {"reference": SECRET, "time_in": "y" * 470 + SECRET + "z" * 600},
    ],
)
def test_an_echoed_key_is_never_quoted(mode: str, drift: dict[str, Any]) -> None:
    with (
        wwt_sms.Client(SECRET, base_url=BASE_URL, on_contract_drift=mode) as client,  # type: ignore[arg-type]
        respx.mock(base_url=BASE_URL) as router,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        router.get("/sms/211").respond(200, json={**GOOD_SMS, **drift})
        with pytest.raises(wwt_sms.UnexpectedResponseError) as raised:
            client.sms.get(211)  # the bad time_in or id is unreadable, warned about or not
    shown = [str(w.message) for w in caught] + [str(raised.value), raised.value.body]
    assert any("[redacted]" in text for text in shown)
    for text in shown:
        assert SECRET[:8] not in text
        assert "S3cr3tK3y" not in text


@pytest.mark.parametrize("depth", [65, 100, 100_000])
@pytest.mark.parametrize("mode", ["warn", "raise"])
def test_a_deeply_nested_body_is_a_typed_finding(mode: str, depth: int) -> None:
    nested = b"[" * depth + b"]" * depth
    body = json.dumps(GOOD_SMS).encode()[:-1] + b', "extra": ' + nested + b"}"
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift=mode) as client,  # type: ignore[arg-type]
        respx.mock(base_url=BASE_URL) as router,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        router.get("/sms/211").respond(200, content=body, headers=JSON)
        if mode == "raise":
            with pytest.raises(wwt_sms.UnexpectedResponseError) as raised:
                client.sms.get(211)
            assert "at /: the body is not JSON the contract describes" in str(raised.value)
            return
        # 65 and 100 levels are JSON the SDK reads (it ignores "extra"); 100,000 is not.
        with contextlib.suppress(wwt_sms.UnexpectedResponseError):
            client.sms.get(211)
    # Only ours: a ResourceWarning from garbage collected mid-block lands here too.
    (warning,) = [w for w in caught if issubclass(w.category, wwt_sms.ContractDriftWarning)]
    assert isinstance(warning.message, wwt_sms.ContractDriftWarning)
    assert warning.message.message.endswith("nested over 64 deep")


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_in", "2017-01-17 09:11:41\n"), ("id", "211\n"), ("msisdn", "380972000001\n")],
)
def test_a_pattern_ends_at_the_end_of_the_text_not_before_a_newline(field: str, value: str) -> None:
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn") as client,
        respx.mock(base_url=BASE_URL) as router,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        router.get("/sms/211").respond(200, json={**GOOD_SMS, field: value})
        with contextlib.suppress(wwt_sms.UnexpectedResponseError):
            client.sms.get(211)
    pointers = [
        w.message.pointer for w in caught if isinstance(w.message, wwt_sms.ContractDriftWarning)
    ]
    assert pointers == [f"/{field}"]


def test_a_check_that_runs_out_of_stack_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(error: Any, document: Any) -> Any:
        raise RecursionError  # as from deep in a caller's own stack

    _checks_counted(monkeypatch)  # a fresh cache: the verdict is computed, not remembered
    monkeypatch.setattr(_contract_drift, "explain", exhausted)
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        _serve(router, json=DRIFTING_SMS)
        with pytest.warns(wwt_sms.ContractDriftWarning, match="nested too deep to check"):
            client.sms.get(211)


def test_a_verdict_is_remembered_once() -> None:
    verdicts = _contract_drift._Verdicts(10_000)
    key = ("getSmsById", 200, "application/json", b"{}")
    verdicts.put(key, ("/id", "wrong"))
    verdicts.put(key, ("/id", "wrong"))  # another thread got there first
    assert (len(verdicts), verdicts.get(key)) == (1, (True, ("/id", "wrong")))
    assert verdicts.size == 256 + 2 + 16 + 3 + 5
