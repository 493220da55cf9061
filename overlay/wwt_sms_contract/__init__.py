"""How the contract's checks read a body, shared by the SDK's `on_contract_drift` and the mock's
contract check, so the two name the same fault the same way.

Neither package imports the other; both import this one. It needs nothing beyond the standard
library at import; `validator_class` imports jsonschema when called, by a caller that has it.

* `explain`: where a jsonschema error is and why, a `oneOf` explained by its closest branch;
* `validator_class` and `ecma_regex`: JSON Schema validation with the contract's regex dialect
  (ECMA-262: `$` is the end of the text, not also before a final newline);
* `decode_body`: JSON with no NaN or Infinity, nested at most `MAX_NESTING` deep;
* `redact` and `shorten`: what a message may show of a value (redact first, then cut).
"""

from ._dialect import ecma_regex, validator_class
from ._explain import explain, json_pointer
from ._text import MAX_NESTING, BodyError, decode_body, nested_deeper_than, redact, shorten

__all__ = [
    "MAX_NESTING",
    "BodyError",
    "decode_body",
    "ecma_regex",
    "explain",
    "json_pointer",
    "nested_deeper_than",
    "redact",
    "shorten",
    "validator_class",
]
