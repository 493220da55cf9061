"""The gate on real edits of the SDK and the mock: public breaks fail and are named; moves of
private modules and additions pass.

Private modules move (`_server.py` -> `_faces/server.py`), so edits of private code find the
file by what it contains rather than by its path.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.compat.clone import Gate

SDK = "overlay/wwt_sms"
MOCK = "mock_server/wwt_sms_mock"
INIT = f"{SDK}/__init__.py"
SMS = f"{SDK}/resources/sms.py"
TASKS = f"{SDK}/resources/tasks.py"
PLUGIN = f"{MOCK}/pytest_plugin.py"


def replace(clone: Path, under: str, old: str, new: str) -> None:
    """Replace `old` in the file `under` is, or in every file under the folder `under`."""
    folder = clone / under
    files = [folder] if folder.is_file() else sorted(folder.rglob("*.py"))
    found = [file for file in files if old in file.read_text(encoding="utf-8")]
    assert found, f"{old!r} is not in {under}"
    for file in found:
        file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def move_private_module(clone: Path, defines: str) -> None:
    """Rename the private module that defines `defines`, and every import of it."""
    (module,) = (
        path for path in (clone / SDK).rglob("_*.py") if defines in path.read_text("utf-8")
    )
    moved = module.with_name(f"{module.stem}_moved.py")
    module.rename(moved)
    imports = re.compile(rf"\.{module.stem} import")
    for path in (clone / SDK).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(imports.sub(f".{moved.stem} import", text), encoding="utf-8")


def test_sdk_and_mock_breaks_fail_and_are_named(clone: Path, gate: Gate) -> None:
    replace(clone, INIT, '    "RawResponse",\n', "")  # no longer exported
    replace(clone, SMS, "def get(self, id: int,", "def get(self, sms_id: int,")  # renamed
    replace(clone, MOCK, "startup_timeout: float = 10.0,", "startup_timeout: float,")
    replace(clone, PLUGIN, "def wwt_mock(", "def wwt_mock_server(")  # the fixture's name
    replace(clone, SDK, "max_retries: int = DEFAULT", "max_retries: bool = DEFAULT")
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
    move_private_module(clone, "class RawResponse")
    replace(  # a new optional keyword
        clone, SMS, "def get(self, id: int, *,", "def get(self, id: int, *, fresh: bool = False,"
    )
    replace(clone, SDK, "api_key: str | None = None", "api_key: str | bytes | None = None")
    replace(clone, INIT, "__all__ = [\n", '__all__ = [\n    "ping",\n')  # a new function
    with (clone / INIT).open("a", encoding="utf-8") as init:
        init.write("\n\ndef ping() -> str:\n    return 'pong'\n")
    code, out = gate("base", "--only", "sdk")
    assert (code, "BREAK" in out) == (0, False), out
