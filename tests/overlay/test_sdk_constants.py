"""What the overlay restates from the contract equals the contract (openapi.yaml)."""

from __future__ import annotations

import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import wwt_sms
from tests import spec
from wwt_sms import _constants

ROOT = Path(__file__).resolve().parents[2]


def test_id_bounds_equal_the_id_parameters() -> None:
    for operation_id in ("getSmsById", "getTaskById"):
        schema = spec.operation(operation_id).path_parameter["schema"]
        assert (schema["minimum"], schema["maximum"]) == (_constants.ID_MIN, _constants.ID_MAX)
        assert schema["format"] == "int64"


def test_reference_rule_equals_the_reference_parameter() -> None:
    schema = spec.operation("getSmsByReference").path_parameter["schema"]
    assert schema["pattern"] == _constants.REFERENCE_PATTERN
    assert re.fullmatch(r"\^\[A-Za-z0-9\]\{(\d+),(\d+)\}\$", schema["pattern"]).groups() == (  # type: ignore[union-attr]
        str(schema["minLength"]),
        str(schema["maxLength"]),
    )


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
