"""SmsStatus agrees with the spec's known values; models are frozen and exactly typed."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wwt_sms
from tests import spec, strategies


def test_known_statuses_equal_the_spec_with_finality() -> None:
    expected = {entry["value"]: entry["final"] for entry in spec.known_statuses()}
    assert {s.value: s.is_final for s in wwt_sms.SmsStatus} == expected
    assert all(s.is_known for s in wwt_sms.SmsStatus)


@given(strategies.unknown_statuses())
def test_unknown_status_is_kept_not_final_and_never_raises(raw: str) -> None:
    status = wwt_sms.SmsStatus(raw)
    assert isinstance(status, wwt_sms.SmsStatus)
    assert status == raw
    assert status.value == raw
    assert str(status) == raw
    assert not status.is_final
    assert not status.is_delivered
    assert not status.is_known
    assert raw in repr(status)


def test_known_status_lookup_gives_the_member() -> None:
    assert wwt_sms.SmsStatus("delivered") is wwt_sms.SmsStatus.DELIVERED
    assert wwt_sms.SmsStatus.DELIVERED.is_delivered
    assert not wwt_sms.SmsStatus.EXPIRED.is_delivered


@pytest.mark.parametrize("bad", ["", None, 3])
def test_status_that_is_not_a_string_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="SmsStatus"):
        wwt_sms.SmsStatus(bad)  # type: ignore[arg-type]  # the wrong type is the point


def test_models_are_frozen() -> None:
    fields = {f.name for f in dataclasses.fields(wwt_sms.Sms)}
    assert fields == {
        "id", "msisdn", "reference", "time_in", "time_sent", "time_dr", "status", "price",
        "currency",
    }  # fmt: skip
    task = wwt_sms.Task(
        originator="o", body="b", validity=None, total_price=__import__("decimal").Decimal(1),
        currency="EUR",
    )  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        task.sent = 3  # type: ignore[misc]
    assert task.sent == 0


@given(st.integers(), st.text())
def test_result_is_ok_or_err(id: int, text: str) -> None:
    succeeded: wwt_sms.Result[str] = wwt_sms.Ok(id, text)
    assert (succeeded.ok, succeeded.value, succeeded.error) == (True, text, None)
    assert succeeded.unwrap() == text
    error = wwt_sms.WwtError(text)
    failed: wwt_sms.Result[str] = wwt_sms.Err(id, error)
    assert (failed.ok, failed.value, failed.error) == (False, None, error)
    with pytest.raises(wwt_sms.WwtError) as caught:
        failed.unwrap()
    assert caught.value is error
