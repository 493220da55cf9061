"""Every default of the SDK, in one place.

Values that the contract defines (parameter bounds and patterns, the key header, the decimal
pattern) are restated here so that a call never pays for reading openapi.yaml: the package ships
a copy, but only `on_contract_drift` loads it (with the `contract` extra), once, when a client
first asks for a check. `tests/overlay/test_sdk_constants.py` proves they equal the spec.
"""

from __future__ import annotations

import sys
from typing import Final

from ._version import __version__

# --- where and who ---------------------------------------------------------------------------
DEFAULT_BASE_URL: Final = "https://api.wwt.world/rest"
API_KEY_ENV: Final = "WWT_API_KEY"
BASE_URL_ENV: Final = "WWT_BASE_URL"
API_KEY_HEADER: Final = "X-API-KEY"  # components.securitySchemes.ApiKeyAuth.name
USER_AGENT: Final = (
    f"wwt-sms/{__version__} python/{sys.version_info.major}.{sys.version_info.minor}"
    f".{sys.version_info.micro}"
)
LOGGER_NAME: Final = "wwt_sms"

# --- time limits -----------------------------------------------------------------------------
DEFAULT_TIMEOUT: Final = 30.0  # seconds, for each read / write / pool wait, and for a whole attempt
DEFAULT_CONNECT_TIMEOUT: Final = 5.0  # seconds to open a connection

# --- bounds on what a response may cost ------------------------------------------------------
DEFAULT_MAX_RESPONSE_BYTES: Final = 4 * 1024 * 1024  # a body, decoded; the API's are ~300 bytes

# --- retries ---------------------------------------------------------------------------------
DEFAULT_MAX_RETRIES: Final = 2  # retries after the first attempt; 0 turns them off
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
BACKOFF_BASE: Final = 0.5  # seconds before the first retry; doubles for each later one
BACKOFF_CAP: Final = 8.0  # longest computed backoff
BACKOFF_JITTER: Final = 0.25  # a backoff is shortened by a random 0..25 %
RETRY_AFTER_CAP: Final = 60.0  # longest wait a server's Retry-After can impose

# --- helpers ---------------------------------------------------------------------------------
DEFAULT_WAIT_TIMEOUT: Final = 60.0  # wait_for_final: give up after this many seconds
DEFAULT_POLL_INTERVAL: Final = 2.0  # wait_for_final: seconds between polls
DEFAULT_CONCURRENCY: Final = 32  # get_many: requests in flight at once
DEFAULT_BATCH_CONCURRENCY: Final = 4  # AsyncClient get_statuses: batches in flight at once

# --- what the contract allows (checked against openapi.yaml by a test) -----------------------
ID_MIN: Final = 1  # components.parameters.SmsId / TaskId: minimum
ID_MAX: Final = 2**63 - 1  # ... maximum (int64)
# A reference travels as one path segment (`/sms/reference/{reference}`): any printable ASCII but
# what would end or escape the segment, up to the vendor's SDK's 50 characters.
REFERENCE_MAX_LENGTH: Final = 50
REFERENCE_FORBIDDEN: Final = "/?#%"  # besides spaces, control characters and non-ASCII
DECIMAL_PATTERN: Final = r"^-?[0-9]+(\.[0-9]+)?$"  # components.schemas.WireDecimal (string form)
STATUS_BATCH_LIMIT: Final = 100  # components.schemas.SmsStatusesRequest: ids.maxItems

# --- what a response's fields may hold (beyond these: UnexpectedResponseError) ----------------
MAX_SHORT_TEXT: Final = 256  # characters of a reference, status, currency or originator
MAX_LONG_TEXT: Final = 65_536  # characters of a campaign's text
MAX_NUMBER_CHARS: Final = 100  # characters of a JSON number or a decimal string
MAX_DECIMAL_EXPONENT: Final = 400  # |price| within 10^-400..10^400 (or 0): any binary64 fits

# --- delivery reports (`parse_delivery_report`) -----------------------------------------------
MAX_DELIVERY_REPORT_BYTES: Final = 64 * 1024  # a body (characters, for a str); a DLR is ~300
MAX_DELIVERY_REPORT_DEPTH: Final = 32  # nested arrays and objects; a DLR is one flat object
# JSON media types a receiver accepts a report with; `+json` types count too.
DELIVERY_REPORT_MEDIA_TYPES: Final = frozenset({"application/json", "text/json"})

# --- `wwt-sms listen`: the delivery report receiver -------------------------------------------
DEFAULT_LISTEN_HOST: Final = "127.0.0.1"
DEFAULT_LISTEN_PORT: Final = 8765
LISTEN_HEAD_TIMEOUT: Final = 10.0  # seconds a connection may take to send a request's head
LISTEN_BODY_TIMEOUT: Final = 10.0  # seconds a request may take to send its body
LISTEN_MAX_HEAD: Final = 16 * 1024  # bytes of a request line and headers
LISTEN_MAX_CONNECTIONS: Final = 100  # connections at once; beyond, uvicorn answers 503

# --- JSON for JavaScript readers --------------------------------------------------------------
JS_SAFE_INTEGER_MAX: Final = 2**53 - 1  # `to_dict()` writes larger integers as strings

# --- error reports ---------------------------------------------------------------------------
BODY_EXCERPT_CHARS: Final = 500  # UnexpectedResponseError keeps at most this much of a body

# --- on_contract_drift -----------------------------------------------------------------------
DRIFT_MESSAGE_CHARS: Final = 500  # a drift warning or error quotes at most this much of a finding
DRIFT_CACHE_BYTES: Final = 8 * 1024 * 1024  # verdicts remembered, by the bytes of their responses
