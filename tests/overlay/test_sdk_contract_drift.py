"""`on_contract_drift`: "ignore" holds no checker; "warn" emits one `ContractDriftWarning` per
response that breaks the contract, naming the operation and a pointer, and still reads it;
"raise" raises `UnexpectedResponseError` instead. Sync and async alike."""

from __future__ import annotations

import asyncio
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
import respx

import wwt_sms
from tests.keys import KEY
from wwt_sms import _contract_drift
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
    (warning,) = caught
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
    (warning,) = caught
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


def test_verdicts_are_remembered_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_contract_drift, "_VERDICTS", 2)
    with (
        wwt_sms.Client(KEY, base_url=BASE_URL, on_contract_drift="warn") as client,
        respx.mock(base_url=BASE_URL) as router,
    ):
        for price in (0.1, 0.2, 0.3, 0.1):
            router.get("/sms/211").respond(200, json={**GOOD_SMS, "price": price})
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                client.sms.get(211)
        contract = _contract_drift._contract()
        assert len(contract._verdicts) <= 2
