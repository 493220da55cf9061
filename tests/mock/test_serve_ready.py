"""`wwt-sms-mock serve`: its help shows the defaults, and its ready line gives a URL a
client can open, also when it listens on every interface."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest

from tests.keys import KEY
from wwt_sms_mock import MockCore, serve_in_thread
from wwt_sms_mock._cli import main
from wwt_sms_mock._faces import server as _server

pytestmark = pytest.mark.network


@pytest.mark.parametrize(("command", "port"), [("serve", "4010"), ("proxy", "4011")])
def test_the_help_shows_the_default_port(
    command: str, port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert f"(default: {port};" in " ".join(capsys.readouterr().out.split())


def test_the_ready_line_on_every_interface_names_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    def run_foreground(app: Any, on_ready: Any, *, host: str, port: int) -> bool:
        on_ready("http://127.0.0.1:4010")
        return True

    monkeypatch.setattr(_server, "run_foreground", run_foreground)
    out = io.StringIO()
    assert _server.serve(MockCore(), host="0.0.0.0", port=4010, out=out) == 0
    line = out.getvalue()
    assert line.startswith("wwt-sms-mock ready: http://127.0.0.1:4010/rest (listening on all")
    assert "control-token=" in line


def test_a_server_on_every_interface_yields_a_url_that_opens() -> None:
    with serve_in_thread(host="0.0.0.0") as live:
        assert live.startswith("http://127.0.0.1:")
        response = httpx.get(live + "/sms/211", headers={"X-API-KEY": KEY}, timeout=10)
        assert response.status_code == 200


def test_a_loopback_ready_line_says_nothing_more(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        _server, "run_foreground", lambda app, on_ready, **_: on_ready("http://127.0.0.1:1") or 1
    )
    out = io.StringIO()
    _server.serve(MockCore(), host="127.0.0.1", port=1, out=out)
    assert out.getvalue() == "wwt-sms-mock ready: http://127.0.0.1:1/rest\n"
