"""The `Prefer` header values the contract mock acts on, built from what the spec documents."""

from __future__ import annotations

from hypothesis import strategies as st

from tests import spec
from tests.strategies.records import known_error_codes

# The mock's names for wire styles: all quirks, none, or single quirks (see wwt_sms_mock.WireStyle).
MOCK_STYLES = ("canonical", "vendor", "strings", "datetimes", "errors", "strings+datetimes")


def mock_preferences(operation_id: str) -> st.SearchStrategy[str]:
    """`Prefer` header values the contract mock acts on, built from what the spec documents for
    the operation: a documented status, an error code (known or not), a named example, a wire
    style, a Retry-After."""
    operation = spec.operation(operation_id)
    examples = sorted({name for s in operation.statuses() for name in operation.examples(s)})
    directive = st.one_of(
        st.sampled_from(operation.statuses()).map(lambda status: f"code={status}"),
        st.one_of(known_error_codes().map(lambda e: e.code), st.integers(1, 999_999_999)).map(
            lambda code: f"error={code}"
        ),
        st.sampled_from(examples).map(lambda name: f"example={name}"),
        st.sampled_from(MOCK_STYLES).map(lambda style: f"style={style}"),
        st.integers(0, 3600).map(lambda seconds: f"retry-after={seconds}"),
    )
    return st.lists(directive, min_size=1, max_size=3).map(", ".join)
