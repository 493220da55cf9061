"""What the overlay restates from the contract equals the contract (openapi.yaml)."""

from __future__ import annotations

import importlib.metadata
import sys
import tomllib
from pathlib import Path

from hypothesis import given, settings

import wwt_sms
from tests import spec, strategies
from wwt_sms import _constants
from wwt_sms._validate import check_reference

ROOT = Path(__file__).resolve().parents[2]


def test_id_bounds_equal_the_id_parameters() -> None:
    for operation_id in ("getSmsById", "getTaskById"):
        schema = spec.operation(operation_id).path_parameter["schema"]
        assert (schema["minimum"], schema["maximum"]) == (_constants.ID_MIN, _constants.ID_MAX)
        assert schema["format"] == "int64"


def test_the_sdk_sends_every_reference_the_spec_allows() -> None:
    # The SDK refuses only what cannot be one path segment, so it is at least as open as the
    # spec's reference parameter: its length bound, and every documented example.
    parameter = spec.operation("getSmsByReference").path_parameter
    assert parameter["schema"]["maxLength"] <= _constants.REFERENCE_MAX_LENGTH
    examples = [example["value"] for example in parameter.get("examples", {}).values()]
    for reference in [*examples, *strategies.VENDOR_REFERENCES]:
        assert check_reference(reference) == reference


@settings(max_examples=60)
@given(strategies.valid_references())
def test_every_reference_the_spec_accepts_passes_the_sdks_check(reference: str) -> None:
    assert check_reference(reference) == reference


def test_wire_patterns_equal_the_schemas() -> None:
    schemas = spec.load()["components"]["schemas"]
    (string_form,) = [b for b in schemas["WireDecimal"]["oneOf"] if b["type"] == "string"]
    assert string_form["pattern"] == _constants.DECIMAL_PATTERN


def test_key_header_and_base_url_equal_the_spec() -> None:
    loaded = spec.load()
    assert loaded["components"]["securitySchemes"]["ApiKeyAuth"]["name"] == "X-API-KEY"
    assert _constants.API_KEY_HEADER == "X-API-KEY"
    assert loaded["servers"][0]["url"] == _constants.DEFAULT_BASE_URL


def test_version_is_the_installed_distributions_and_user_agent_names_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["dynamic"] == ["version"]  # _version.py is the one source
    assert wwt_sms.__version__ == importlib.metadata.version("wwt-sms")
    python = ".".join(map(str, sys.version_info[:3]))
    assert f"wwt-sms/{wwt_sms.__version__} python/{python}" == _constants.USER_AGENT


def test_retry_statuses_are_those_the_spec_calls_safe_to_retry() -> None:
    assert {429, 500, 502, 503, 504} == _constants.RETRY_STATUSES
    statuses = set(spec.operation("getSmsById").statuses())
    assert {str(s) for s in _constants.RETRY_STATUSES} <= statuses
