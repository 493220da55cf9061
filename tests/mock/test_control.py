"""The controls over HTTP (`/__mock/...`), exercised through the control face."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wwt_sms_mock import Message, MockCore, Task, WireStyle
from wwt_sms_mock._faces.control import MAX_BODY, Controls, is_control
from wwt_sms_mock._faces.control_routes import ROUTES, RULE_FIELDS, ControlRoute

from .core_calls import body, get, header


def call(core: MockCore, method: str, target: str, payload: Any = None) -> tuple[int, Any]:
    data = b"" if payload is None else json.dumps(payload).encode()
    reply = Controls(core).handle(method, "/__mock" + target, [], data)
    return reply.status, body(reply)


def test_index_lists_the_route_table(core: MockCore) -> None:
    status, data = call(core, "GET", "")
    assert status == 200
    assert list(data["endpoints"]) == [f"{r.method} /__mock{r.path}" for r in ROUTES]
    assert data["endpoints"]["POST /__mock/rules"].startswith("add a rule")


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_every_listed_endpoint_is_served(core: MockCore, route: ControlRoute) -> None:
    """Each listed method and path reaches a handler: no 404 or 405 from the dispatch."""
    target = route.path.replace("{id}", "211").replace("{task_id}", "77")
    status, _ = call(core, route.method, target)
    assert status not in (404, 405)


def test_state_advance_reset(core: MockCore) -> None:
    assert call(core, "POST", "/advance?seconds=10")[1] == {"now": 10.0}
    assert body(get(core, "/sms/213"))["status"] == "delivered"
    status, state = call(core, "GET", "/state")
    assert status == 200
    assert state["now"] == 10.0
    assert state["base_path"] == "/rest"
    call(core, "POST", "/reset", {"seed": 3})
    assert call(core, "GET", "/state")[1]["now"] == 0


def test_clear_removes_records(core: MockCore) -> None:
    call(core, "POST", "/clear")
    assert get(core, "/sms/211").status == 404


def test_style_by_name_and_by_flags(core: MockCore) -> None:
    assert call(core, "PUT", "/style?style=vendor")[1]["style"] == "vendor"
    assert body(get(core, "/sms/211"))["id"] == "211"
    _status, data = call(core, "PUT", "/style", {"numbers_as_strings": False})
    assert data["style_flags"] == {
        "numbers_as_strings": False,
        "vendor_datetimes": True,
        "errors_in_200": True,
        "vendor_types": False,
        "not_found_in_200": False,
    }
    assert call(core, "GET", "/style")[1]["style"] == data["style"]
    assert (
        call(core, "PUT", "/style?style=api")[1]["style_flags"] == WireStyle.parse("api").as_dict()
    )


def test_rules_add_list_clear(core: MockCore) -> None:
    status, data = call(core, "POST", "/rules?status=503&times=1&id=211")
    assert status == 201
    assert data["rule"] == {"status": 503, "times": 1, "match": {"id": 211}}
    assert call(core, "GET", "/rules")[1]["rules"] == [data["rule"]]
    assert get(core, "/sms/212").status == 200
    assert get(core, "/sms/211").status == 503
    call(core, "POST", "/rules", {"fault": "reset"})
    call(core, "DELETE", "/rules")
    assert get(core, "/sms/211").status == 200


def test_rules_with_json_body(core: MockCore) -> None:
    call(core, "POST", "/rules", {"error": 20, "reference": "ext19", "style": "vendor"})
    assert body(get(core, "/sms/reference/ext19")) == {
        "error": "20",
        "errorDescription": "SMS not found",
    }


def test_journal_read_and_clear(core: MockCore) -> None:
    get(core, "/sms/211")
    data = call(core, "GET", "/journal?limit=5")[1]
    assert data["total"] == 1
    entry = data["entries"][0]
    assert entry["path"] == "/rest/sms/211"
    assert entry["status"] == 200
    assert ["x-api-key", "[redacted]"] in entry["headers"]
    call(core, "DELETE", "/journal")
    assert call(core, "GET", "/journal")[1]["total"] == 0


def test_messages_and_tasks_over_http(core: MockCore) -> None:
    status, made = call(
        core,
        "POST",
        "/messages",
        {"id": "9223372036854775807", "status": "sent", "reference": "big"},
    )
    assert status == 201
    assert made["id"] == "9223372036854775807"
    assert body(get(core, "/sms/reference/big"))["id"] == "9223372036854775807"
    assert call(core, "POST", "/messages", {"id": 211})[0] == 400  # exists
    assert call(core, "PUT", "/messages", {"id": 211, "status": "expired"})[0] == 200
    assert body(get(core, "/sms/211"))["status"] == "expired"
    assert call(core, "GET", "/messages/211")[1]["status"] == "expired"
    assert call(core, "DELETE", "/messages/211")[0] == 200
    assert call(core, "GET", "/messages/211")[0] == 404
    assert call(core, "POST", "/tasks", {"task_id": 5, "message_ids": [212]})[0] == 201
    assert body(get(core, "/sms/task/5"))["total"] == 1
    assert call(core, "GET", "/tasks/5")[1]["message_ids"] == [212]
    assert call(core, "DELETE", "/tasks/5")[0] == 200


@pytest.mark.parametrize(
    ("method", "target", "payload", "status"),
    [
        ("GET", "/nowhere", None, 404),
        ("DELETE", "/state", None, 405),
        ("POST", "/rules?status=418", None, 400),
        ("POST", "/rules?status=abc", None, 400),
        ("POST", "/rules?colour=red", None, 400),
        ("POST", "/advance?seconds=-1", None, 400),
        ("POST", "/messages", {"id": "x"}, 400),
        ("POST", "/messages", {"id": 1, "colour": "red"}, 400),
        ("GET", "/messages/abc", None, 400),
        ("PUT", "/style?style=loud", None, 400),
    ],
)
def test_bad_control_requests_get_4xx(
    core: MockCore, method: str, target: str, payload: Any, status: int
) -> None:
    assert call(core, method, target, payload)[0] == status


def test_bad_json_bodies(core: MockCore) -> None:
    controls = Controls(core)
    assert controls.handle("POST", "/__mock/rules", [], b"{nope").status == 400
    assert controls.handle("POST", "/__mock/rules", [], b"[1]").status == 400


def test_405_names_the_allowed_methods(core: MockCore) -> None:
    reply = Controls(core).handle("DELETE", "/__mock/advance", [], b"")
    assert header(reply, "allow") == "POST"


def test_controls_are_not_journaled(core: MockCore) -> None:
    call(core, "GET", "/state")
    assert len(core.journal) == 0


def test_control_prefix_is_exact(core: MockCore) -> None:
    assert [is_control(t) for t in ("/__mock", "/__mock/state", "/__mock?x=1")] == [True] * 3
    assert not is_control("/__mockery")
    assert core.handle("GET", "/__mockery", []).status == 404
    assert len(core.journal) == 1  # an unknown spec-side path, journaled


# --- every input checked before anything changes ------------------------------------------


def _fingerprint(core: MockCore) -> tuple[Any, ...]:
    messages = {k: repr(v) for k, v in core.store.messages.items()}
    return (core.now, core.style, [r.as_dict() for r in core.rules], core.store.version, messages)


@pytest.mark.parametrize(
    ("method", "target", "payload"),
    [
        ("POST", "/advance?seconds=nan", None),
        ("POST", "/advance?seconds=inf", None),
        ("POST", "/advance?seconds=1e400", None),
        ("POST", "/advance", b'{"seconds": 1e400}'),
        ("POST", "/advance", b'{"seconds": Infinity}'),
        ("POST", "/advance", b'{"seconds": NaN}'),
        ("POST", "/advance", b"[" * 60_000),
        ("POST", "/advance", b'{"a":' * 12_000),
        ("POST", "/advance?seconds=1&colour=red", None),
        ("POST", "/messages", {"id": 5, "time_in": "nan"}),
        ("POST", "/messages", {"id": 5, "time_sent": 1e300}),
        ("POST", "/messages", {"id": 5, "price": "1e999999999"}),
        ("POST", "/messages", {"id": 5, "price": "1,5"}),
        ("POST", "/messages", {"id": 5, "price": -1}),
        ("POST", "/messages", {"id": 5, "status": ""}),
        ("POST", "/messages", {"id": 5, "transitions": [[1, "sent"], "x"]}),
        ("POST", "/messages", {"id": 5, "transitions": {"a": 1}}),
        ("POST", "/messages", {"id": 10**30}),
        ("PUT", "/messages", {"id": 211, "status": ""}),
        ("POST", "/tasks", {"task_id": 5, "validity": 1e400}),
        ("POST", "/tasks", {"task_id": 5, "message_ids": [[1]]}),
        ("POST", "/rules", {"retry_after": "1\r\nX: y"}),
        ("POST", "/rules", {"status": 1e300}),
        ("POST", "/rules", {"status": 429, "times": "nan"}),
        ("POST", "/rules", {"status": 503, "id": {"nested": [1]}}),
        ("POST", "/rules", {"status": 503, "delay": "inf"}),
        ("POST", "/rules?error=99999999999999999999999", None),
        ("PUT", "/style", {"numbers_as_strings": "maybe"}),
        ("PUT", "/style", {"vendor_datetimes": True, "errors_in_200": "maybe"}),
        ("PUT", "/style", {"style": "vendor", "errors_in_200": True}),
        ("POST", "/reset?seed=-1", None),
        ("POST", "/reset?seed=1e3", None),
        ("GET", "/journal?limit=nan", None),
        ("GET", "/messages/99999999999999999999999", None),
    ],
)
def test_bad_control_input_is_refused_with_400_and_changes_nothing(
    core: MockCore, method: str, target: str, payload: Any
) -> None:
    data = payload if isinstance(payload, bytes) or payload is None else json.dumps(payload)
    before = _fingerprint(core)
    reply = Controls(core).handle(
        method, "/__mock" + target, [], data.encode() if isinstance(data, str) else data or b""
    )
    assert reply.status == 400, reply.body
    assert body(reply)["message"]
    assert _fingerprint(core) == before
    assert get(core, "/sms/211").status == 200  # the API still answers within its contract


def test_a_huge_body_is_refused(core: MockCore) -> None:
    reply = Controls(core).handle("POST", "/__mock/messages", [], b" " * (MAX_BODY + 1))
    assert reply.status == 413


def test_the_refusal_names_the_field(core: MockCore) -> None:
    assert "price" in call(core, "POST", "/messages", {"id": 5, "price": "1,5"})[1]["message"]
    assert "status" in call(core, "POST", "/messages", {"id": 5, "status": ""})[1]["message"]
    assert "retry_after" in call(core, "POST", "/rules", {"retry_after": "1\nX"})[1]["message"]
    assert "colour" in call(core, "POST", "/advance?colour=red")[1]["message"]


def test_reset_restores_the_starting_style() -> None:
    core = MockCore(style="vendor")
    call(core, "PUT", "/style?style=canonical")
    assert call(core, "POST", "/reset")[1]["style"] == "vendor"
    core.style = "canonical"
    core.reset()
    assert core.style.name == "vendor"


def _names_for(route: ControlRoute) -> list[str]:
    """The argument names a route reads, plus one it does not."""
    if route.args is not None:
        names = list(route.args)
    elif route.path == "/rules":
        names = [*RULE_FIELDS, "id", "reference", "task_id"]
    elif route.path == "/messages":
        names = [f.name for f in dataclasses.fields(Message) if f.init]
    else:
        names = [f.name for f in dataclasses.fields(Task)]
    return [*names, "colour"]


_SCALARS = st.one_of(
    st.sampled_from(
        [
            "nan",
            "inf",
            "-inf",
            "1e400",
            "1e999999999",
            "1,5",
            "",
            " ",
            "1\r\nX: y",
            "-1",
            "0",
            "1" * 40,
            "vendor",
            "canonical",
            "ext19",
            "211",
            "77",
            "true",
            "maybe",
            "reset",
        ]
    ),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@st.composite
def control_calls(draw: st.DrawFn) -> tuple[ControlRoute, dict[str, Any], str]:
    route = draw(st.sampled_from(ROUTES))
    names = st.sampled_from(_names_for(route))
    args = draw(st.dictionaries(names, _VALUES, max_size=4))
    return route, args, draw(st.sampled_from(["211", "77", "0", "-1", "x", "1" * 30]))


@settings(max_examples=400, deadline=None)
@given(control_calls())
def test_control_fuzz_in_process(call_: tuple[ControlRoute, dict[str, Any], str]) -> None:
    route, args, param = call_
    core = MockCore(self_check=True)
    path = route.path.replace("{id}", param).replace("{task_id}", param)
    before = repr(_fingerprint(core))
    reply = Controls(core).handle(route.method, "/__mock" + path, [], json.dumps(args).encode())
    assert reply.status < 500
    if reply.status >= 400:
        assert repr(_fingerprint(core)) == before
    assert math.isfinite(core.now)
    for target in ("/sms/211", "/sms/reference/ext19", "/sms/task/77", "/sms/213"):
        assert get(core, target).status in (200, 404)  # the self-check raises on any breach
