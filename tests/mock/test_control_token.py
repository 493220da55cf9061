"""An empty control token is refused at start-up, wherever a token is accepted: an empty
`X-Mock-Token` header must never open the controls, and an empty setting never silently
means "no token"."""

from __future__ import annotations

import io

import pytest

from wwt_sms_mock import MockApp, MockCore, serve_in_thread
from wwt_sms_mock._cli import _control_token, main
from wwt_sms_mock._faces.guard import TOKEN_ENV, ControlGuard
from wwt_sms_mock._faces.server import serve

EMPTY = ["", " ", "\t"]


@pytest.fixture(autouse=True)
def _never_serve(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI must refuse before serving: serving here would be the bug (and would block)."""

    def serving(*args: object, **kwargs: object) -> int:
        raise AssertionError("the CLI started serving")

    monkeypatch.setattr("wwt_sms_mock._faces.server.serve", serving)


@pytest.mark.parametrize("token", EMPTY)
def test_the_cli_refuses_an_empty_flag(
    token: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    assert main(["serve", "--port", "0", "--control-token", token]) == 2
    err = capsys.readouterr().err
    assert "--control-token is empty" in err
    assert "ready" not in err


@pytest.mark.parametrize("token", EMPTY)
def test_the_cli_refuses_an_empty_variable(
    token: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, token)
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 2
    assert f"${TOKEN_ENV} is empty" in capsys.readouterr().err


def test_the_flag_is_checked_and_wins_over_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "")
    with pytest.raises(ValueError, match=r"^--control-token starts or ends with spaces"):
        _control_token(" s3cret")
    assert _control_token("s3cret") == "s3cret"


@pytest.mark.parametrize("token", EMPTY)
def test_serve_in_thread_refuses_an_empty_token(token: str) -> None:
    with (
        pytest.raises(ValueError, match=r"^control_token is empty"),
        serve_in_thread(control_token=token),
    ):
        raise AssertionError("served with an empty control token")


def test_serve_refuses_an_empty_token_before_listening() -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match=r"^control_token is empty"):
        serve(MockCore(), host="0.0.0.0", port=0, control_token="", out=out)
    assert out.getvalue() == ""


@pytest.mark.parametrize("token", EMPTY)
def test_the_asgi_app_refuses_a_guard_with_an_empty_token(token: str) -> None:
    with pytest.raises(ValueError, match=r"^the control token is empty"):
        MockApp(MockCore(), guard=ControlGuard(token=token, loopback=False))


def test_a_real_token_still_guards() -> None:
    guard = ControlGuard(token="s3cret", loopback=False)
    assert guard.refusal([(b"x-mock-token", b"")]) is not None
    assert guard.refusal([(b"x-mock-token", b"s3cret")]) is None
