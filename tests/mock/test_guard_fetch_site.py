"""The control guard and `Sec-Fetch-Site`: a page on another site — same-site included, since
another port or subdomain of this host is another web origin — never reaches the controls;
requests with no browser or from the same origin do."""

from __future__ import annotations

import pytest

from wwt_sms_mock._faces.guard import ControlGuard

LOCAL = [(b"host", b"127.0.0.1:4010")]


@pytest.mark.parametrize("value", [b"cross-site", b"same-site", b"Same-Site", b"CROSS-SITE"])
def test_a_page_on_another_site_is_refused(value: bytes) -> None:
    refusal = ControlGuard(token=None, loopback=True).refusal([*LOCAL, (b"sec-fetch-site", value)])
    assert refusal == (403, "the controls refuse requests that a web page made cross-site")


@pytest.mark.parametrize("value", [b"same-origin", b"none"])
def test_the_same_origin_and_typed_urls_pass(value: bytes) -> None:
    guard = ControlGuard(token=None, loopback=True)
    assert guard.refusal([*LOCAL, (b"sec-fetch-site", value)]) is None
    assert guard.refusal(LOCAL) is None
