"""The handler's behaviour, driven by the spec: every status read from it, none restated."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given

from tests import spec as contract
from tests import strategies
from wwt_sms_mock import ContractBreach, MockCore
from wwt_sms_mock._contract.compile import load_spec
from wwt_sms_mock._core.replies import Replies

from .core_calls import body, get, header, raw_headers

SPEC = load_spec()
# The lookups by a path parameter; the mass-status operation has tests of its own.
OPS = {op.operation_id: op for op in SPEC.operations if op.params}


def _path(operation_id: str, value: object) -> str:
    template = next(op.template for op in SPEC.operations if op.operation_id == operation_id)
    name = template[template.index("{") + 1 : template.index("}")]
    return template.replace("{" + name + "}", quote(str(value), safe=""))


def _schema_ok(operation_id: str, status: int, value: Any) -> bool:
    return bool(contract.operation(operation_id).body_validator(str(status)).is_valid(value))


def test_found_records_answer_200_valid_against_the_spec(core: MockCore) -> None:
    for operation_id, value in [
        ("getSmsById", 211),
        ("getSmsByReference", "ext19"),
        ("getTaskById", 77),
    ]:
        reply = get(core, _path(operation_id, value))
        assert reply.status == 200
        assert _schema_ok(operation_id, 200, body(reply))
        assert header(reply, "content-type") == "application/json"
        assert header(reply, "content-length") == str(len(reply.body))


@pytest.mark.parametrize("operation_id", sorted(OPS))
def test_invalid_parameter_gets_the_specs_400_body(core: MockCore, operation_id: str) -> None:
    reply = get(core, _path(operation_id, "not valid!"))
    assert reply.status == 400
    assert body(reply) == next(iter(contract.operation(operation_id).examples("400").values()))


@pytest.mark.parametrize(
    ("operation_id", "value"),
    [("getSmsById", 424242), ("getSmsByReference", "nobody"), ("getTaskById", 4242)],
)
def test_unknown_record_gets_the_specs_404_body(
    core: MockCore, operation_id: str, value: object
) -> None:
    reply = get(core, _path(operation_id, value))
    assert reply.status == 404
    assert body(reply) == next(iter(contract.operation(operation_id).examples("404").values()))


@given(strategies.valid_ids())
def test_any_valid_id_gives_200_or_404(value: int) -> None:
    core = MockCore(self_check=True, style="canonical")
    assert get(core, _path("getSmsById", value)).status in (200, 404)
    assert get(core, _path("getTaskById", value)).status in (200, 404)


@given(strategies.invalid_id_segments())
def test_any_invalid_id_gives_400(segment: str) -> None:
    core = MockCore(self_check=True, style="canonical")
    reply = core.handle("GET", "/rest/sms/" + quote(segment, safe="%"), raw_headers())
    assert reply.status in (400, 404)  # 404: a segment that is not one (empty, or with "/")
    if "/" not in segment and segment:
        assert reply.status == 400


@given(strategies.valid_references())
def test_any_valid_reference_is_found_or_not_found(reference: str) -> None:
    core = MockCore(self_check=True, style="canonical")
    reply = get(core, _path("getSmsByReference", reference))
    expected = 200 if reference in core.store.references else 404
    assert reply.status == expected


@given(strategies.invalid_references())
def test_any_invalid_reference_gets_400(reference: str) -> None:
    core = MockCore(self_check=True, style="canonical")
    assert get(core, _path("getSmsByReference", reference)).status == 400


@pytest.mark.parametrize("key", [None, "", "secret", "test_", "prod_abc", "test_a b", "live"])
def test_missing_or_malformed_key_gets_401_gateway_shape(core: MockCore, key: str | None) -> None:
    reply = get(core, "/sms/211", key=key)
    assert reply.status == 401
    assert body(reply) in contract.operation("getSmsById").examples("401").values()
    assert set(body(reply)) == {"code", "message"}


@pytest.mark.parametrize("key", ["test_abc", "live_XYZ-123"])
def test_well_formed_keys_pass(core: MockCore, key: str) -> None:
    assert get(core, "/sms/211", key=key).status == 200


def test_api_keys_restrict_to_known_keys() -> None:
    core = MockCore(self_check=True, api_keys=["test_known"])
    assert get(core, "/sms/211", key="test_known").status == 200
    assert get(core, "/sms/211", key="test_other").status == 401


def test_auth_comes_before_parameter_checks(core: MockCore) -> None:
    assert get(core, "/sms/abc", key=None).status == 401


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "QUERY", "get"])
def test_unsupported_method_gets_405_with_allow(core: MockCore, method: str) -> None:
    reply = core.handle(method, "/rest/sms/211", raw_headers())
    assert reply.status == 405
    assert header(reply, "allow") == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    "target",
    ["/", "/rest", "/rest/", "/restx/sms/211", "/sms/211", "/rest/sms", "/rest/sms/1/2/3/4"],
)
def test_unknown_path_gets_404_json(core: MockCore, target: str) -> None:
    reply = core.handle("GET", target, raw_headers())
    assert reply.status == 404
    assert set(body(reply)) == {"code", "message"}


def test_head_has_get_headers_and_no_body(core: MockCore) -> None:
    full = get(core, "/sms/211")
    head = core.handle("HEAD", "/rest/sms/211", raw_headers())
    assert head.status == 200
    assert head.body == b""
    assert header(head, "content-length") == str(len(full.body))


def test_options_lists_the_methods_without_a_key(core: MockCore) -> None:
    reply = core.handle("OPTIONS", "/rest/sms/task/77", [])
    assert reply.status == 204
    assert header(reply, "allow") == "GET, HEAD, OPTIONS"


def test_query_strings_and_percent_encoding_are_understood(core: MockCore) -> None:
    assert get(core, "/sms/211?verbose=1").status == 200
    assert body(get(core, "/sms/reference/%65xt19"))["id"] == 211


def test_base_path_is_configurable() -> None:
    core = MockCore(self_check=True, base_path="")
    assert core.handle("GET", "/sms/211", raw_headers()).status == 200
    assert core.handle("GET", "/rest/sms/211", raw_headers()).status == 404


# --- Prefer -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(OPS["getSmsById"].responses))
def test_prefer_code_serves_each_documented_response(core: MockCore, status: int) -> None:
    reply = get(core, "/sms/211", prefer=f"code={status}")
    assert reply.status == status
    assert _schema_ok("getSmsById", status, body(reply))
    declared = contract.operation("getSmsById").response(str(status)).get("headers", {})
    for name in declared:
        assert header(reply, name) is not None
    assert header(reply, "preference-applied") == f"code={status}"


def test_prefer_echo_is_bounded_and_names_only_what_was_applied(core: MockCore) -> None:
    flood = ", ".join(f"code={500 + i % 4}" for i in range(11_000))
    reply = get(core, "/sms/211", prefer=flood)
    applied = header(reply, "preference-applied")
    assert applied is not None
    assert len(applied) < 100
    assert applied.count("code=") == 1


@pytest.mark.parametrize(
    ("prefer", "applied"),
    [
        ("code=404, code=503", "code=503"),
        ("code=200, retry-after=7", "code=200"),
        ("code=429, retry-after=7", "code=429, retry-after=7"),
        ("example=nope, delay=0.5", "delay=0.5"),
        ("code=404, error=20", "error=20"),
        ("style=vendor", "style=vendor"),
    ],
)
def test_preference_applied_names_what_took_effect(
    core: MockCore, prefer: str, applied: str
) -> None:
    assert header(get(core, "/sms/211", prefer=prefer), "preference-applied") == applied


def test_prefer_retry_after(core: MockCore) -> None:
    reply = get(core, "/sms/211", prefer="code=429, retry-after=7")
    assert (reply.status, header(reply, "retry-after")) == (429, "7")


def test_prefer_undocumented_code_is_ignored(core: MockCore) -> None:
    reply = get(core, "/sms/211", prefer="code=418")
    assert reply.status == 200
    assert header(reply, "preference-applied") is None


@pytest.mark.parametrize("code", sorted(SPEC.errors))
def test_prefer_error_uses_the_paired_status_or_a_200_body(core: MockCore, code: int) -> None:
    if code == 0:
        assert get(core, "/sms/211", prefer="error=0").status == 200
        return
    info = SPEC.errors[code]
    reply = get(core, "/sms/211", prefer=f"error={code}")
    data = body(reply)
    assert int(data["error"]) == code
    assert data["errorDescription"] == info.description
    expected = info.http_status if info.http_status in OPS["getSmsById"].error_statuses else 200
    assert reply.status == expected


def test_prefer_unknown_error_code_goes_in_a_200_body(core: MockCore) -> None:
    reply = get(core, "/sms/211", prefer="error=77")
    assert reply.status == 200
    assert int(body(reply)["error"]) == 77


@pytest.mark.parametrize("name", ["canonical", "vendor", "pending", "largeId", "errorInBody"])
def test_prefer_example_serves_the_named_example(core: MockCore, name: str) -> None:
    reply = get(core, "/sms/211", prefer=f"example={name}")
    assert body(reply) == contract.operation("getSmsById").examples("200")[name]


def test_prefer_style_and_combined(core: MockCore) -> None:
    assert body(get(core, "/sms/211", prefer="style=vendor"))["id"] == "211"
    assert body(get(core, "/sms/211"))["id"] == 211
    reply = get(core, "/sms/999", prefer="style=errors; delay=0.25")
    assert reply.status == 200
    assert reply.delay == 0.25


@pytest.mark.parametrize("fault", ["reset", "drop"])
def test_prefer_connection_faults_are_values(core: MockCore, fault: str) -> None:
    reply = get(core, "/sms/211", prefer=f"fault={fault}")
    assert (reply.status, reply.fault, reply.body) == (0, fault, b"")
    assert core.journal.last.status == 0


def test_prefer_truncate_and_malformed(core: MockCore) -> None:
    full = get(core, "/sms/211")
    truncated = get(core, "/sms/211", prefer="fault=truncate")
    assert truncated.fault == "truncate"
    assert truncated.body == full.body
    malformed = get(core, "/sms/211", prefer="fault=malformed")
    assert malformed.status == 200
    assert full.body.startswith(malformed.body)
    assert header(malformed, "content-length") == str(len(malformed.body))
    with pytest.raises(json.JSONDecodeError):
        body(malformed)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "garbage",
        "code=abc",
        "error=0",
        "delay=1e9",
        "delay=nan",
        "fault=explode",
        "style=loud",
        "respond-async",
    ],
)
def test_bad_or_unknown_preferences_are_ignored(core: MockCore, value: str) -> None:
    reply = get(core, "/sms/211", prefer=value)
    assert reply.status == 200
    assert reply.delay == 0
    assert header(reply, "preference-applied") is None


# --- rules ------------------------------------------------------------------------------


def test_force_status_for_the_next_n_requests(core: MockCore) -> None:
    core.force(status=503, times=2)
    assert [get(core, "/sms/211").status for _ in range(3)] == [503, 503, 200]
    assert core.rules == []


def test_force_status_until_cleared(core: MockCore) -> None:
    core.force(status=500)
    assert [get(core, "/sms/211").status for _ in range(3)] == [500] * 3
    core.clear_rules()
    assert get(core, "/sms/211").status == 200


def test_force_error_for_an_id_a_reference_or_a_task(core: MockCore) -> None:
    core.force(error=20, id=211)
    core.force(error=27, reference="ext21")
    core.force(status=404, task_id="77")
    assert body(get(core, "/sms/211"))["error"] == 20
    assert get(core, "/sms/212").status == 200
    assert body(get(core, "/sms/reference/ext21"))["error"] == 27
    assert body(get(core, "/sms/reference/ext19"))["id"] == 211
    assert body(get(core, "/sms/task/77"))["error"] == 30


def test_force_by_operation(core: MockCore) -> None:
    core.force(status=502, operation="getTaskById", times=1)
    assert get(core, "/sms/211").status == 200
    assert get(core, "/sms/task/77").status == 502


def test_prefer_beats_a_rule(core: MockCore) -> None:
    core.force(status=503, times=1)
    assert get(core, "/sms/211", prefer="code=404").status == 404


def test_fault_and_latency_helpers(core: MockCore) -> None:
    core.fault("reset")
    assert get(core, "/sms/211").fault == "reset"
    assert get(core, "/sms/211").fault is None
    core.latency(1.5, times=1)
    assert get(core, "/sms/211").delay == 1.5


def test_rules_forcing_429_send_retry_after(core: MockCore) -> None:
    core.force(status=429, retry_after=9, times=1)
    assert header(get(core, "/sms/211"), "retry-after") == "9"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": 418}, "status 418 is not documented"),
        ({"error": 0}, "error must be between 1 and"),
        ({"example": "nope"}, "no example named 'nope'"),
        ({"fault": "explode"}, "fault must be one of"),
        ({"delay": -1}, "delay must be between 0 and 120"),
        ({"delay": float("nan")}, "delay must be between"),
        ({"times": 0}, "times must be between 1 and"),
        ({"operation": "sendSms"}, "unknown operation 'sendSms'"),
        ({"id": "abc"}, "id='abc' is not a valid value"),
        ({"retry_after": "1\r\nX-Injected: y"}, "retry_after must be visible ASCII"),
        ({"status": True}, "status must be a whole number"),
    ],
)
def test_invalid_rules_are_refused(core: MockCore, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        core.force(**kwargs)
    assert core.rules == []


def test_unknown_match_name_is_refused(core: MockCore) -> None:
    with pytest.raises(TypeError, match="unknown match"):
        core.force(status=500, msisdn=1)


# --- self-check -------------------------------------------------------------------------


def test_self_check_fails_loudly_on_a_breach(
    core: MockCore, monkeypatch: pytest.MonkeyPatch
) -> None:
    core.add_message(id=5, status="")  # SmsStatus has minLength 1: the contract forbids this
    with pytest.raises(ContractBreach, match="getSmsById 200"):
        get(core, "/sms/5")
    assert core.breaches


def test_self_check_off_lets_it_through() -> None:
    core = MockCore()
    core.add_message(id=5, status="")
    assert get(core, "/sms/5").status == 200


def test_self_check_validates_headers(core: MockCore) -> None:
    core.force(status=429, retry_after="soon", times=1)
    with pytest.raises(ContractBreach, match="retry-after"):
        get(core, "/sms/211")


# --- the reply cache ----------------------------------------------------------------------


def test_the_reply_cache_stays_within_its_limit_and_keeps_answering_right() -> None:
    core = MockCore(self_check=True, style="canonical")
    replies = Replies(core.spec, limit=3)
    built = []
    for status in (401, 404, 405, 500, 502):
        reply = replies.gateway(status, f"m{status}")
        built.append(reply)
        assert len(replies) <= 3
        assert body(reply) == {"code": status, "message": f"m{status}"}
    assert replies.gateway(502, "m502") is built[-1]  # still cached
    assert replies.gateway(401, "m401") is not built[0]  # evicted, built again
    assert body(replies.gateway(401, "m401")) == body(built[0])


def test_a_remembered_key_shape_never_lets_a_malformed_key_through(core: MockCore) -> None:
    for n in range(100):  # past the keys remembered: the rest are checked every time
        assert get(core, "/sms/211", key=f"test_{n}").status == 200
    assert get(core, "/sms/211", key="test_0").status == 200
    assert get(core, "/sms/211", key="test_a b").status == 401
    assert get(core, "/sms/211", key="prod_0").status == 401
