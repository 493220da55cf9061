"""The public surface of `wwt_sms` is exactly `__all__`, and changes to it are deliberate."""

from __future__ import annotations

import types
from importlib.metadata import entry_points

import wwt_sms
import wwt_sms.resources
import wwt_sms_mock

# Resolved on first access by the package's `__getattr__` (they load optional or heavy code,
# or code the first request needs and `import wwt_sms` does not): in the module's namespace
# only once something has asked for them, which depends on the tests run before.
LAZY = {
    "ContractDriftWarning",
    "DeliveryReport",
    "Err",
    "ErrorCode",
    "Ok",
    "Result",
    "Sms",
    "SmsStatus",
    "SmsStatusRecord",
    "Task",
    "parse_delivery_report",
}
OPTIONAL = {"aiohttp_client"}  # needs the `aiohttp` extra, so not in `__all__`

EXPECTED = {
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "ClientValidationError",
    "Clock",
    "ConflictError",
    "ContractDriftWarning",
    "DeliveryReport",
    "DeliveryReportError",
    "Err",
    "ErrorCode",
    "ExternalIdMissingError",
    "IncorrectExternalIdError",
    "IncorrectOriginatorError",
    "IncorrectPhoneNumberError",
    "IncorrectSmsDurationError",
    "IncorrectTaskIdError",
    "IncorrectTwoWaySenderError",
    "InvalidApiKeyError",
    "InvalidOtpError",
    "InvalidQueryPayloadError",
    "InvalidRequestError",
    "InvalidSmsTextError",
    "NOT_GIVEN",
    "NotAllowedError",
    "NotEnoughFundsError",
    "WrongTariffError",
    "InvalidOriginatorError",
    "NotEnoughBalanceError",
    "InvalidPriceGridError",
    "PaymentRequiredError",
    "NotFoundError",
    "NotGiven",
    "Ok",
    "PhoneAlreadyInListError",
    "RateLimitError",
    "RawResponse",
    "Result",
    "SenderNotAllowedError",
    "ServerError",
    "Sms",
    "SmsAlreadyPresentError",
    "SmsNotFoundError",
    "SmsStatus",
    "SmsStatusRecord",
    "SystemClock",
    "Task",
    "TaskNotFoundError",
    "TwoWayNotActivatedError",
    "UnexpectedResponseError",
    "UnresolvedDirectionError",
    "ValidationError",
    "WaitTimeoutError",
    "WwtError",
    "__version__",
    "parse_delivery_report",
}


def test_all_lists_every_public_name_once() -> None:
    public = {
        name
        for name, value in vars(wwt_sms).items()
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(value, types.ModuleType)
    }
    assert len(set(wwt_sms.__all__)) == len(wwt_sms.__all__)  # ruff (RUF022) keeps it sorted
    assert set(wwt_sms.__all__) == public | LAZY


def test_all_is_the_expected_surface() -> None:
    assert set(wwt_sms.__all__) == EXPECTED


def test_every_exported_class_is_the_packages_own() -> None:
    for name in [*wwt_sms.__all__, *OPTIONAL]:
        value = getattr(wwt_sms, name)
        if isinstance(value, type):
            assert value.__module__.split(".")[0] in ("wwt_sms", "wwt_sms_api"), name


def test_resource_classes_live_in_resources_not_at_the_top() -> None:
    for name in wwt_sms.resources.__all__:
        assert name not in wwt_sms.__all__
        assert getattr(wwt_sms.resources, name).__module__.startswith("wwt_sms.resources.")


MOCK_EXPECTED = {
    "DELIVERY_FAULTS",
    "FAULTS",
    "ContractBreach",
    "DeliveryAttempt",
    "DeliveryJournal",
    "DeliveryPolicy",
    "DeliveryRule",
    "FixtureError",
    "FixtureWarning",
    "Journal",
    "JournalEntry",
    "LiveServer",
    "Message",
    "MockApp",
    "MockCore",
    "Reply",
    "Rule",
    "Task",
    "WireStyle",
    "WwtMock",
    "serve_in_thread",
}


def test_the_mocks_surface_is_unchanged_wherever_its_modules_live() -> None:
    assert set(wwt_sms_mock.__all__) == MOCK_EXPECTED
    for name in sorted(MOCK_EXPECTED):
        value = getattr(wwt_sms_mock, name)  # loaded lazily from its private module
        if isinstance(value, type):
            assert value.__module__.startswith("wwt_sms_mock."), name


def test_the_mocks_command_and_pytest_plugin_keep_their_entry_points() -> None:
    command = entry_points(group="console_scripts")["wwt-sms-mock"]
    plugin = entry_points(group="pytest11")["wwt_sms_mock"]
    assert callable(command.load())
    assert callable(getattr(plugin.load(), "wwt_mock", None))
