"""Every error the API can send becomes its class; the code table comes from the spec."""

from __future__ import annotations

import json

import httpx
import pytest

import wwt_sms
from tests import spec
from tests.keys import KEY
from wwt_sms import _exceptions

from .fakes import FakeApi, reply

GROUP_FOR_STATUS = {
    400: wwt_sms.InvalidRequestError,
    401: wwt_sms.AuthenticationError,
    402: wwt_sms.PaymentRequiredError,
    403: wwt_sms.NotAllowedError,
    404: wwt_sms.NotFoundError,
    409: wwt_sms.ConflictError,
}
ERROR_CODES = [entry for entry in spec.error_codes() if entry.code != 0]


def test_error_code_is_the_generated_enum_and_equals_the_spec() -> None:
    from wwt_sms_api.models.error_code import ErrorCode

    assert wwt_sms.ErrorCode is ErrorCode
    assert {m.name: m.value for m in wwt_sms.ErrorCode} == {
        e.name: e.code for e in spec.error_codes()
    }


@pytest.mark.parametrize("entry", ERROR_CODES, ids=lambda e: f"{e.code}-{e.name}")
def test_every_spec_code_has_its_own_class_in_the_right_group(entry: spec.ErrorCodeEntry) -> None:
    cls = _exceptions.code_classes().get(entry.code)
    assert cls is not None, f"no class for code {entry.code} ({entry.name}) in _exceptions.py"
    assert cls.__name__ == "".join(part.capitalize() for part in entry.name.split("_")) + "Error"
    assert getattr(wwt_sms, cls.__name__) is cls, "not exported from wwt_sms"
    assert issubclass(cls, GROUP_FOR_STATUS[entry.http_status])
    assert cls is not wwt_sms.APIError


@pytest.mark.parametrize("entry", ERROR_CODES, ids=lambda e: str(e.code))
@pytest.mark.parametrize("as_string", [False, True])
@pytest.mark.parametrize("in_200", [False, True])
def test_every_code_raises_its_class(
    client: wwt_sms.Client, api: FakeApi, entry: spec.ErrorCodeEntry, as_string: bool, in_200: bool
) -> None:
    status = 200 if in_200 else entry.http_status
    code = str(entry.code) if as_string else entry.code
    api.queue(reply(status, {"error": code, "errorDescription": entry.description}))
    with pytest.raises(wwt_sms.APIError) as caught:
        client.sms.get(1)
    error = caught.value
    assert type(error) is _exceptions.code_classes()[entry.code]
    assert error.code == entry.code
    assert isinstance(error.code, wwt_sms.ErrorCode)
    assert error.description == entry.description
    assert error.http_status == status
    assert error.response is not None
    assert error.response.status_code == status
    assert str(entry.code) in str(error)
    assert entry.description in str(error)
    assert len(api.requests) == 1, "API errors are never retried"


def test_unknown_code_is_api_error_itself_with_code_and_description(
    client: wwt_sms.Client, api: FakeApi
) -> None:
    api.queue(reply(400, {"error": "4242", "errorDescription": "Viber says no"}))
    with pytest.raises(wwt_sms.APIError) as caught:
        client.sms.get(1)
    assert type(caught.value) is wwt_sms.APIError
    assert (caught.value.code, caught.value.description) == (4242, "Viber says no")


def test_known_code_without_description_gets_a_default(
    client: wwt_sms.Client, api: FakeApi
) -> None:
    api.queue(reply(404, {"error": 30}))
    with pytest.raises(wwt_sms.TaskNotFoundError) as caught:
        client.tasks.get(7)
    assert caught.value.description == "Task not found"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, wwt_sms.AuthenticationError),
        (403, wwt_sms.AuthenticationError),
        (429, wwt_sms.RateLimitError),
        (500, wwt_sms.ServerError),
        (502, wwt_sms.ServerError),
        (503, wwt_sms.ServerError),
        (504, wwt_sms.ServerError),
        (400, wwt_sms.InvalidRequestError),
        (404, wwt_sms.NotFoundError),
        (409, wwt_sms.ConflictError),
        (418, wwt_sms.APIError),
    ],
)
def test_gateway_shape_maps_by_status(
    client: wwt_sms.Client, api: FakeApi, status: int, cls: type[wwt_sms.APIError]
) -> None:
    api.default = reply(status, {"code": status, "message": "Gateway says no"})
    with pytest.raises(cls) as caught:
        client.sms.get(1)
    assert type(caught.value) is cls
    assert caught.value.code is None
    assert caught.value.description == "Gateway says no"
    assert caught.value.http_status == status


def test_code_one_in_api_shape_is_an_authentication_error(
    client: wwt_sms.Client, api: FakeApi
) -> None:
    api.queue(reply(401, {"error": 1, "errorDescription": "Invalid API key"}))
    with pytest.raises(wwt_sms.AuthenticationError) as caught:
        client.sms.get(1)
    assert type(caught.value) is wwt_sms.InvalidApiKeyError


def test_rate_limit_carries_retry_after(api: FakeApi, clock: object) -> None:
    api.default = reply(429, {"code": 429, "message": "Too many requests"},
                        headers={"Retry-After": "7"})  # fmt: skip
    with (
        wwt_sms.Client(
            "k", max_retries=0, http_client=httpx.Client(transport=api.transport())
        ) as client,
        pytest.raises(wwt_sms.RateLimitError) as caught,
    ):
        client.sms.get(1)
    assert caught.value.retry_after == 7.0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_error_status_with_a_body_that_is_not_json(
    client: wwt_sms.Client, api: FakeApi, status: int
) -> None:
    api.default = reply(status, content=b"<html>Bad Gateway</html>")
    with pytest.raises(wwt_sms.ServerError) as caught:
        client.sms.get(1)
    assert caught.value.http_status == status


@pytest.mark.parametrize(
    "content", [b"", b"not json", b'{"id": 1', b"[]", b"null", b'"ok"', b"\xff\xfe\x00", b"NaN"]
)
def test_200_that_is_not_a_json_object(
    client: wwt_sms.Client, api: FakeApi, content: bytes
) -> None:
    api.queue(reply(200, content=content))
    with pytest.raises(wwt_sms.UnexpectedResponseError) as caught:
        client.sms.get(1)
    assert caught.value.status == 200
    assert len(caught.value.body) <= 501


def test_unexpected_response_body_is_truncated(client: wwt_sms.Client, api: FakeApi) -> None:
    api.queue(reply(200, content=b"x" * 10_000))
    with pytest.raises(wwt_sms.UnexpectedResponseError) as caught:
        client.sms.get(1)
    assert caught.value.body == "x" * 500 + "…"


@pytest.mark.parametrize("status", [201, 204, 302])
def test_unexpected_success_statuses(client: wwt_sms.Client, api: FakeApi, status: int) -> None:
    api.queue(reply(status, content=json.dumps({"whatever": 1}).encode()))
    with pytest.raises(wwt_sms.UnexpectedResponseError):
        client.sms.get(1)


@pytest.mark.parametrize("error", ["abc", None, True, [20], "-"])
def test_malformed_error_codes(client: wwt_sms.Client, api: FakeApi, error: object) -> None:
    api.queue(reply(200, {"error": error, "errorDescription": "?"}))
    with pytest.raises(wwt_sms.UnexpectedResponseError):
        client.sms.get(1)


def test_tree() -> None:
    assert issubclass(wwt_sms.ClientValidationError, ValueError)
    assert issubclass(wwt_sms.APITimeoutError, wwt_sms.APIConnectionError)
    for cls in (
        wwt_sms.ClientValidationError,
        wwt_sms.APIConnectionError,
        wwt_sms.UnexpectedResponseError,
        wwt_sms.APIError,
        wwt_sms.WaitTimeoutError,
    ):
        assert issubclass(cls, wwt_sms.WwtError)
    doc = _exceptions.__doc__ or ""
    assert "WwtError\n├── ClientValidationError" in doc


# --- the vendor's other error shapes -------------------------------------------------------------

FIELD_ERRORS = {
    "message": "The given data was invalid.",
    "errors": {
        "reference": ["The reference may not be greater than 50 characters."],
        "msisdn": ["The msisdn field is required.", "The msisdn must be digits."],
    },
}


@pytest.mark.parametrize("status", [400, 422])
def test_field_errors_become_a_validation_error_that_shows_them(
    client: wwt_sms.Client, api: FakeApi, status: int
) -> None:
    api.queue(reply(status, FIELD_ERRORS))
    with pytest.raises(wwt_sms.ValidationError) as caught:
        client.sms.get_by_reference("ext_id_16")
    error = caught.value
    assert isinstance(error, wwt_sms.InvalidRequestError)
    assert error.message == error.description == "The given data was invalid."
    assert error.errors == FIELD_ERRORS["errors"]
    assert (error.code, error.http_status) == (None, status)
    text = str(error)
    assert text.startswith(f"The given data was invalid. (HTTP {status}): ")
    assert "reference: The reference may not be greater than 50 characters." in text
    assert "msisdn: The msisdn field is required. The msisdn must be digits." in text
    assert KEY not in repr(error.response.request.headers if error.response else "")


def test_a_field_with_one_message_as_a_string_is_read_as_a_list(
    client: wwt_sms.Client, api: FakeApi
) -> None:
    api.queue(reply(422, {"message": "Invalid.", "errors": {"id": "must be positive"}}))
    with pytest.raises(wwt_sms.ValidationError) as caught:
        client.sms.get(1)
    assert caught.value.errors == {"id": ["must be positive"]}


def test_a_message_without_field_errors_is_the_description(
    client: wwt_sms.Client, api: FakeApi
) -> None:
    api.queue(reply(401, {"message": "Unauthenticated."}))
    with pytest.raises(wwt_sms.AuthenticationError) as caught:
        client.sms.get(1)
    assert type(caught.value) is wwt_sms.AuthenticationError
    assert caught.value.description == "Unauthenticated."


@pytest.mark.parametrize("in_200", [False, True])
def test_the_generic_envelope_keeps_its_data(
    client: wwt_sms.Client, api: FakeApi, in_200: bool
) -> None:
    data = {"balance": "0.00", "needed": ["0.23"]}
    api.queue(
        reply(
            200 if in_200 else 402,
            {"error": 8, "errorDescription": "Not enough funds", "data": data},
        )
    )
    with pytest.raises(wwt_sms.NotEnoughFundsError) as caught:
        client.sms.get(1)
    assert caught.value.data == data
    assert "Not enough funds" in str(caught.value)


def test_errors_without_data_have_none(client: wwt_sms.Client, api: FakeApi) -> None:
    api.queue(reply(404, {"error": 20, "errorDescription": "SMS not found"}))
    with pytest.raises(wwt_sms.SmsNotFoundError) as caught:
        client.sms.get(1)
    assert caught.value.data is None


def test_every_known_code_comes_from_the_one_explicit_table() -> None:
    table = _exceptions.code_classes()
    assert set(table) == {member.value for member in wwt_sms.ErrorCode if member.value != 0}
    assert all(isinstance(code, wwt_sms.ErrorCode) for code in table)
