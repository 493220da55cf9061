"""The gate on real edits of the SDK and the mock: public breaks fail and are named; moves of
private modules and additions pass."""

from __future__ import annotations

from pathlib import Path

from tests.compat.conftest import Gate

INIT = "overlay/wwt_sms/__init__.py"
SMS = "overlay/wwt_sms/resources/sms.py"
SERVER = "mock_server/wwt_sms_mock/_server.py"
PLUGIN = "mock_server/wwt_sms_mock/pytest_plugin.py"
CLIENT = "overlay/wwt_sms/_client.py"
TASKS = "overlay/wwt_sms/resources/tasks.py"


def replace(clone: Path, path: str, old: str, new: str) -> None:
    file = clone / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_sdk_and_mock_breaks_fail_and_are_named(clone: Path, gate: Gate) -> None:
    replace(clone, INIT, '    "RawResponse",\n', "")  # no longer exported
    replace(clone, SMS, "def get(self, id: int,", "def get(self, sms_id: int,")  # renamed
    replace(clone, SERVER, "startup_timeout: float = 10.0,", "startup_timeout: float,")
    replace(clone, PLUGIN, "def wwt_mock(", "def wwt_mock_server(")  # the fixture's name
    replace(clone, CLIENT, "max_retries: int = DEFAULT", "max_retries: bool = DEFAULT")
    replace(clone, TASKS, "-> Task:", "-> Task | None:")
    code, out = gate("base", "--only", "sdk")
    assert code == 1, out
    breaks = [line for line in out.splitlines() if line.startswith("BREAK: sdk:")]
    expected = [
        "wwt_sms.RawResponse: public name removed",
        "wwt_sms.resources.sms.SmsResource.get: Parameter was removed (id",
        "wwt_sms_mock.serve_in_thread: Parameter is now required (startup_timeout",
        "pytest plugin: fixture `wwt_mock` removed",
        "wwt_sms.Client: parameter `max_retries` no longer accepts int (int -> bool)",
        "TasksResource.get: may now return None (Task -> Task | None)",
    ]
    for words in expected:
        assert any(words in line for line in breaks), (words, out)


def test_moving_a_private_module_and_adding_names_pass(clone: Path, gate: Gate) -> None:
    (clone / "overlay/wwt_sms/_raw.py").rename(clone / "overlay/wwt_sms/_raw_response.py")
    for path in (
        INIT,
        "overlay/wwt_sms/_base_client.py",
        SMS,
        "overlay/wwt_sms/resources/tasks.py",
    ):
        text = (clone / path).read_text(encoding="utf-8")
        moved = text.replace("._raw import", "._raw_response import")
        (clone / path).write_text(moved.replace("wwt_sms._raw ", "wwt_sms._raw_response "))
    replace(  # a new optional keyword
        clone, SMS, "def get(self, id: int, *,", "def get(self, id: int, *, fresh: bool = False,"
    )
    replace(clone, INIT, "__all__ = [\n", '__all__ = [\n    "ping",\n')  # a new function
    with (clone / INIT).open("a", encoding="utf-8") as init:
        init.write("\n\ndef ping() -> str:\n    return 'pong'\n")
    code, out = gate("base", "--only", "sdk")
    assert (code, "BREAK" in out) == (0, False), out
