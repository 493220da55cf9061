"""Hypothesis strategies for the WWT SMS contract, one module per family, all named here.

* **Spec-derived** (`schemas.py`: `spec_bodies`, `from_schema`): any JSON value the spec's
  schema accepts, generated from `openapi.yaml` itself. Whatever the spec allows, the SDK must
  parse.
* **Records and wire styles** (`records.py`: `sms_records`, `render_sms`, ...): one logical
  record rendered as the canonical wire form (JSON numbers, ISO 8601) or as the real API's
  quirks (numbers as strings, vendor datetimes). Both renderings of one record must give equal
  models. The error bodies live there too.
* **Off the spec** (`off_spec.py`: `shape_breaking_bodies`, `off_spec_bodies`; `wire.py`:
  `corrupt`): bodies the spec refuses, from "a required field is missing" to bytes that are not
  JSON at all. The SDK must answer each with one of its own errors, never anything else.

Identifiers and references come from the path parameters' own schemas (`paths.py`:
`path_values` and `path_segments` pick the right ones for any operation); `prefer.py` builds the
`Prefer` headers the contract mock understands, from the statuses, codes and examples the spec
documents; `wire.dumps` writes a body as exact JSON bytes.
"""

from tests.strategies.off_spec import off_spec_bodies, shape_breaking_bodies, wrong_type_values
from tests.strategies.paths import (
    JS_SAFE_MAX,
    VENDOR_REFERENCES,
    invalid_id_segments,
    invalid_ids,
    invalid_path_values,
    invalid_references,
    path_segments,
    path_values,
    sdk_references,
    unsafe_references,
    valid_ids,
    valid_references,
)
from tests.strategies.prefer import MOCK_STYLES, mock_preferences
from tests.strategies.records import (
    WIRE_STYLES,
    WireStyle,
    api_error_bodies,
    gateway_error_bodies,
    known_error_codes,
    known_statuses,
    long_prices,
    render_sms,
    render_task,
    sms_bodies,
    sms_records,
    task_bodies,
    task_records,
    unknown_statuses,
)
from tests.strategies.schemas import (
    from_schema,
    self_contained,
    spec_bodies,
    spec_schema,
    wire_datetimes,
)
from tests.strategies.wire import corrupt, dumps, json_values

__all__ = [
    "JS_SAFE_MAX",
    "MOCK_STYLES",
    "VENDOR_REFERENCES",
    "WIRE_STYLES",
    "WireStyle",
    "api_error_bodies",
    "corrupt",
    "dumps",
    "from_schema",
    "gateway_error_bodies",
    "invalid_id_segments",
    "invalid_ids",
    "invalid_path_values",
    "invalid_references",
    "json_values",
    "known_error_codes",
    "known_statuses",
    "long_prices",
    "mock_preferences",
    "off_spec_bodies",
    "path_segments",
    "path_values",
    "render_sms",
    "render_task",
    "sdk_references",
    "self_contained",
    "shape_breaking_bodies",
    "sms_bodies",
    "sms_records",
    "spec_bodies",
    "spec_schema",
    "task_bodies",
    "task_records",
    "unknown_statuses",
    "unsafe_references",
    "valid_ids",
    "valid_references",
    "wire_datetimes",
    "wrong_type_values",
]
