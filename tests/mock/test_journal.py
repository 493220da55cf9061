"""The request journal and its assertion helpers."""

from __future__ import annotations

import pytest

from tests.keys import KEY
from wwt_sms_mock import Journal, MockCore
from wwt_sms_mock._core.journal import MAX_HEADERS, MAX_PATH, MAX_VALUE, SECRET_HEADERS
from wwt_sms_mock._faces.guard import TOKEN_HEADER

from .core_calls import get, raw_headers


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
        journal.record(0.0, "GET", f"/{i}", [], 200, None)
    assert [e.path for e in journal] == ["/2", "/3", "/4"]
    assert journal[0].path == "/2"


def test_empty_journal_has_no_last() -> None:
    with pytest.raises(AssertionError, match="no request"):
        _ = Journal().last


def test_the_key_is_redacted_first_last_and_repeated(core: MockCore) -> None:
    headers = [
        (b"X-API-KEY", KEY.encode()),
        (b"accept", b"*/*"),
        (b"x-api-key", b"test_second"),
        (b"Authorization", b"Bearer secret-token"),
    ]
    core.handle("GET", "/rest/sms/211", headers)
    entry = core.journal.last
    assert entry.headers == (
        ("X-API-KEY", "[redacted]"),
        ("accept", "*/*"),
        ("x-api-key", "[redacted]"),
        ("Authorization", "[redacted]"),
    )
    assert entry.key_sent
    assert "test_second" not in repr(entry)


def test_one_entry_is_bounded() -> None:
    journal = Journal()
    headers = [(b"x-big", b"a" * (10 << 20))] + [(b"x-%d" % i, b"v") for i in range(500)]
    entry = journal.record(0.0, "GET", "/" + "p" * 100_000, headers, 200, None)
    assert entry == journal.last
    assert entry.truncated
    assert len(entry.path) <= MAX_PATH + 5
    assert len(entry.raw_headers) == MAX_HEADERS
    assert all(len(value) <= MAX_VALUE + 5 for _, value in entry.raw_headers)
    assert journal.size_in_bytes < 200_000


def test_the_journal_total_is_bounded_in_bytes() -> None:
    journal = Journal(size=10_000, max_bytes=100_000)
    big = [(b"x-big-%d" % i, b"a" * 2000) for i in range(MAX_HEADERS)]
    for i in range(100):
        journal.record(0.0, "GET", f"/{i}", big, 200, None)
    assert journal.size_in_bytes <= 100_000
    assert 0 < len(journal) < 100
    assert journal.last.path == "/99"  # the oldest fell off, the newest stays


def test_an_untouched_entry_is_not_marked_truncated(core: MockCore) -> None:
    get(core, "/sms/211")
    assert not core.journal.last.truncated


def test_every_credential_header_is_redacted_the_control_token_included(core: MockCore) -> None:
    headers = [
        (b"X-Mock-Token", b"control-secret"),
        (b"Proxy-Authorization", b"Basic proxy-secret"),
        (b"Cookie", b"session=cookie-secret"),
        (b"accept", b"*/*"),
    ]
    core.handle("GET", "/rest/sms/211", headers)
    entry = core.journal.last
    assert entry.headers == (
        ("X-Mock-Token", "[redacted]"),
        ("Proxy-Authorization", "[redacted]"),
        ("Cookie", "[redacted]"),
        ("accept", "*/*"),
    )
    assert "secret" not in repr(entry)
    assert TOKEN_HEADER.encode() in SECRET_HEADERS


def test_a_failed_assertion_says_what_was_asked_and_what_came(core: MockCore) -> None:
    get(core, "/sms/211")
    get(core, "/sms/999")
    received = r"got \[GET /rest/sms/211 -> 200, GET /rest/sms/999 -> 404\]"
    with pytest.raises(AssertionError, match=r"1 requests matched \(status=404\), expected 0; "):
        core.assert_not_called(status=404)
    with pytest.raises(AssertionError, match=r"no request matched \(method='POST'\); " + received):
        core.assert_called(method="POST")
    core.journal.clear()
    assert len(core.journal) == 0
    with pytest.raises(AssertionError, match=r"no request matched \(any\); got \[\]"):
        core.assert_called()
    with pytest.raises(AssertionError, match="the mock received no request"):
        _ = core.journal.last


def test_an_overlong_method_is_cut(core: MockCore) -> None:
    core.handle("X" * 40, core.base_path + "/sms/211", raw_headers())
    entry = core.journal.last
    assert (entry.method, entry.truncated) == ("X" * 32, True)


def test_a_request_kept_as_it_came_reads_as_one_cut_on_arrival() -> None:
    # Small requests are kept raw and redacted when read; others are cut when they arrive.
    headers = [(b"Host", b"h"), (b"X-API-KEY", b"test_secret"), (b"Cookie", b"c"), (b"A", b"b")]
    raw, cut = Journal(), Journal()
    raw.keep(1.5, "GET", "/rest/sms/211", headers, 200, "getSmsById")
    cut.keep(1.5, "GET", "/rest/sms/211", headers, 200, "getSmsById", head_bytes=MAX_VALUE + 1)
    assert raw.last == cut.last
    assert not raw.last.truncated
    assert b"test_secret" not in repr(raw.entries()).encode()


def test_the_size_counted_by_the_caller_is_the_size_of_the_headers(core: MockCore) -> None:
    get(core, "/sms/211")  # MockCore counts the headers in its own pass over them
    counted = core.journal.size_in_bytes
    journal = Journal()
    entry = core.journal.last
    journal.record(entry.at, entry.method, entry.path, raw_headers(), entry.status, None)
    assert journal.size_in_bytes == counted
