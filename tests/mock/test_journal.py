"""The request journal and its assertion helpers."""

from __future__ import annotations

import pytest

from wwt_sms_mock import Journal, MockCore

from .conftest import KEY, get, raw_headers


def test_entries_keep_method_path_headers_with_the_key_redacted(core: MockCore) -> None:
    get(core, "/sms/211?x=1")
    entry = core.journal.last
    assert (entry.method, entry.path, entry.status, entry.operation) == (
        "GET",
        "/rest/sms/211?x=1",
        200,
        "getSmsById",
    )
    assert entry.header("X-API-KEY") == "[redacted]"
    assert KEY not in repr(entry)
    assert KEY not in repr(list(core.journal))
    assert entry.key_sent
    assert entry.at == 0


def test_assertion_helpers(core: MockCore) -> None:
    get(core, "/sms/211")
    get(core, "/sms/211")
    get(core, "/sms/999")
    core.assert_called(path="/rest/sms/211", times=2)
    assert core.assert_called_once(status=404).path == "/rest/sms/999"
    core.assert_not_called(operation="getTaskById")
    assert len(core.journal.filter(method="GET", operation="getSmsById")) == 3
    core.journal.assert_all_authenticated()
    with pytest.raises(AssertionError, match="expected 1"):
        core.assert_called_once(path="/rest/sms/211")
    with pytest.raises(AssertionError, match="no request matched"):
        core.assert_called(path="/rest/sms/5")


def test_requests_without_key_are_flagged(core: MockCore) -> None:
    core.handle("GET", "/rest/sms/211", raw_headers(key=None))
    assert not core.journal.last.key_sent
    with pytest.raises(AssertionError, match="without a key"):
        core.journal.assert_all_authenticated()


def test_journal_is_bounded() -> None:
    journal = Journal(size=3)
    for i in range(5):
        journal.record(0.0, "GET", f"/{i}", [], -1, 200, None)
    assert [e.path for e in journal] == ["/2", "/3", "/4"]
    assert journal[0].path == "/2"


def test_empty_journal_has_no_last() -> None:
    with pytest.raises(AssertionError, match="no request"):
        _ = Journal().last
