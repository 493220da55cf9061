"""Replay: responses recorded by `wwt-sms-mock proxy --record DIR` become the mock's records.

Each recording is checked against the contract when it is loaded; one that does not fit is
reported with its file and a JSON pointer into it (`FixtureError`), never served. Successful
200 bodies become records (a message, or a campaign with its counters as recorded); error
responses are checked and counted, not stored: the mock answers errors from its own rules.
The mock serves the recorded values in its own wire style, not the recorded byte forms.

Only regular files are read, and symbolic links are never followed: a link (to a file or a
folder) and a `*.json` that is a folder, a FIFO or a device are named as problems, so nothing
is skipped silently and no read blocks or runs without end. With `skip_invalid=True` the files
that fit are served and each refused one is named (`Fixtures.skipped`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from wwt_sms_mock._contract.check import ContractChecker
from wwt_sms_mock._contract.spec import OperationSpec, Spec

from .store import EPOCH, Message, Task
from .strict_json import strict_json

__all__ = [
    "FixtureError",
    "FixtureProblem",
    "FixtureWarning",
    "Fixtures",
    "RecordedTask",
    "load_fixtures",
]

MAX_FILES: Final = 100_000
MAX_FOLDERS: Final = 10_000
MAX_FILE_BYTES: Final = 1 << 20
MAX_DEPTH: Final = 32  # a recording is a few levels deep; deeper is not one
_SHOWN: Final = 20  # problems listed in the error's message (all are on `.problems`)
_SHOWN_CHARS: Final = 300  # of each problem's message there


@dataclass(frozen=True, slots=True)
class FixtureProblem:
    path: Path
    pointer: str  # JSON pointer into the fixture file
    message: str

    def __str__(self) -> str:
        message = self.message
        if len(message) > _SHOWN_CHARS:
            message = message[: _SHOWN_CHARS - 1] + "…"
        return f"{self.path}: {self.pointer or '/'}: {message}"


class FixtureError(ValueError):
    """Recordings that do not fit the contract; `.problems` lists each with file and pointer."""

    def __init__(self, problems: list[FixtureProblem]) -> None:
        self.problems = problems
        super().__init__(_listing("recordings refused", problems))


class FixtureWarning(UserWarning):
    """Recordings skipped under `skip_invalid=True`; `.problems` names each file and why."""

    def __init__(self, problems: list[FixtureProblem]) -> None:
        self.problems = problems
        super().__init__(_listing("recordings skipped", problems))


def _listing(what: str, problems: list[FixtureProblem]) -> str:
    lines = [str(p) for p in problems[:_SHOWN]]
    if len(problems) > _SHOWN:
        lines.append(f"... and {len(problems) - _SHOWN} more")
    count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
    return f"{what} ({count}):\n" + "\n".join(lines)


@dataclass(frozen=True, slots=True)
class RecordedMessage(Message):
    """A message exactly as recorded: its times show whatever the mock's clock says."""

    def phase(self, now: float) -> int:
        return 0  # it never moves on: one rendering, whatever the time

    def view(self, now: float) -> dict[str, Any]:
        return {
            "id": self.id,
            "msisdn": self.msisdn,
            "reference": self.reference,
            "time_in": self.time_in,
            "time_sent": self.time_sent,
            "time_dr": self.time_dr,
            "status": self.status,
            "price": self.price,
            "currency": self.currency,
        }


@dataclass(frozen=True, slots=True)
class RecordedTask(Task):
    """A campaign exactly as recorded: its counters and total price, not its messages'."""

    recorded: tuple[tuple[str, Any], ...] = ()

    def view(self) -> dict[str, Any]:
        return dict(self.recorded)


@dataclass(frozen=True, slots=True)
class Fixtures:
    messages: tuple[Message, ...] = ()
    tasks: tuple[Task, ...] = ()
    errors: int = 0  # recorded error responses: checked, not stored
    files: tuple[Path, ...] = field(default=(), repr=False)
    skipped: tuple[FixtureProblem, ...] = ()  # with skip_invalid=True: what was not served


def load_fixtures(directory: str | Path, spec: Spec, *, skip_invalid: bool = False) -> Fixtures:
    """Read every `*.json` under `directory`. Raise FixtureError if any does not fit, or, with
    `skip_invalid`, serve the ones that fit and list the others on `Fixtures.skipped`."""
    root = Path(directory)
    if not root.is_dir():
        raise FixtureError([FixtureProblem(root, "", "not a directory of recordings")])
    files, problems = _find_recordings(root)
    loader = _Loader(spec)
    for path in files:
        try:
            loader.load(path)
        except _Problem as problem:
            problems.append(FixtureProblem(path, problem.pointer, str(problem)))
    if problems and not skip_invalid:
        raise FixtureError(problems)
    newest = sorted(loader.messages.values(), key=lambda pair: pair[0])
    return Fixtures(
        messages=tuple(message for _, message in newest),
        tasks=tuple(task for _, task in sorted(loader.tasks.values(), key=lambda p: p[0])),
        errors=loader.errors,
        files=tuple(files),
        skipped=tuple(problems),
    )


def _find_recordings(root: Path) -> tuple[list[Path], list[FixtureProblem]]:
    """Every regular `*.json` file under `root`, in path order, and what was refused on the way
    (links, `*.json` entries that are not regular files, folders that cannot be listed)."""
    found: list[Path] = []
    problems: list[FixtureProblem] = []
    pending, folders = [root], 0
    while pending:
        folder = pending.pop()
        folders += 1
        if folders > MAX_FOLDERS:
            raise FixtureError([FixtureProblem(root, "", f"more than {MAX_FOLDERS} folders")])
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.append(FixtureProblem(folder, "", f"cannot list the folder: {exc.strerror}"))
            continue
        for entry in entries:
            path, refusal = Path(entry.path), _refusal(entry)
            if refusal is not None:
                problems.append(FixtureProblem(path, "", refusal))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.name.endswith(".json"):
                found.append(path)
        if len(found) > MAX_FILES:
            raise FixtureError([FixtureProblem(root, "", f"more than {MAX_FILES} recordings")])
    return sorted(found), problems


def _refusal(entry: os.DirEntry[str]) -> str | None:
    """Why a folder entry is refused, or None when it is a folder or a file to read (or skip)."""
    named_like_one = entry.name.endswith(".json")
    if entry.is_symlink():
        if named_like_one or os.path.isdir(entry.path):
            return "a symbolic link: links are not followed (copy the recordings in instead)"
        return None
    if named_like_one and not entry.is_file(follow_symlinks=False):
        return "not a regular file (a folder, FIFO or device named like a recording)"
    return None


class _Problem(Exception):
    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.pointer = pointer


class _Loader:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.checker = ContractChecker(spec)
        self.operations = {op.operation_id: op for op in spec.operations}
        self.problems: list[FixtureProblem] = []
        # id -> (recorded_at, record): the newest recording of a record wins
        self.messages: dict[int, tuple[str, Message]] = {}
        self.tasks: dict[int, tuple[str, Task]] = {}
        self.errors = 0

    def load(self, path: Path) -> None:
        data = _parse(_read(path))
        if not isinstance(data, dict):
            raise _Problem("", "a recording is a JSON object")
        operation = self.operations.get(data.get("operation"))  # type: ignore[arg-type]
        if operation is None:
            raise _Problem("/operation", f"unknown operation; known: {sorted(self.operations)}")
        status = data.get("status")
        response = operation.responses.get(status) if isinstance(status, int) else None
        if response is None:
            raise _Problem(
                "/status", f"{status!r} is not a status declared for {operation.operation_id}"
            )
        if response.pointer is None:
            return
        if "body" not in data:
            raise _Problem("/body" if "body_text" not in data else "/body_text", "no JSON body")
        body = data["body"]
        violation = next(iter(self.checker.value_violations(response.pointer, body)), None)
        if violation is not None:
            raise _Problem("/body" + violation.pointer, violation.message)
        if status != 200 or str(body.get("error", 0)) != "0":
            self.errors += 1
            return
        self.add(operation, data, body)

    def add(
        self, operation: OperationSpec, data: Mapping[str, Any], body: Mapping[str, Any]
    ) -> None:
        when = str(data.get("recorded_at", ""))
        try:
            if operation.resource == "Task":
                params = data.get("params") or {}
                task_id = int(next(iter(params.values())))
                task = _task(task_id, body, self.spec.property_kinds["Task"])
                if self.tasks.get(task_id, ("",))[0] <= when:
                    self.tasks[task_id] = (when, task)
            else:
                message = _message(body, data.get("callback_url"))
                if self.messages.get(message.id, ("",))[0] <= when:
                    self.messages[message.id] = (when, message)
        except (ValueError, TypeError, StopIteration) as exc:
            raise _Problem("/body", f"cannot become a record: {exc}") from exc


def _read(path: Path) -> bytes:
    """The file's bytes, at most MAX_FILE_BYTES: opened without following a link and without
    blocking, and read only when it is a regular file (never a FIFO or a device)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise _Problem("", f"cannot open: {exc.strerror}") from exc
    with open(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise _Problem("", "not a regular file")
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Problem("", f"file over {MAX_FILE_BYTES} bytes")
    return data


def _parse(data: bytes) -> Any:
    try:
        return strict_json(data, max_depth=MAX_DEPTH)
    except ValueError as exc:
        raise _Problem("", str(exc)) from exc


def _seconds(text: str | None) -> float | None:
    """A recorded datetime as the mock's virtual seconds (no zone: UTC, as the spec says)."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH).total_seconds()


def _message(body: Mapping[str, Any], callback_url: Any = None) -> Message:
    """The recorded message; `callback_url`, when the recording has one beside its body
    (added by hand: the proxy does not see it), is where its delivery reports go."""
    time_in = _seconds(body["time_in"])
    assert time_in is not None  # the schema requires it
    return RecordedMessage(
        id=int(body["id"]),
        msisdn=str(body["msisdn"]),
        reference=body.get("reference"),
        status=str(body["status"]),
        price=Decimal(str(body["price"])),
        currency=str(body["currency"]),
        time_in=time_in,
        time_sent=_seconds(body.get("time_sent")),
        time_dr=_seconds(body.get("time_dr")),
        callback_url=callback_url,
    )


def _task(task_id: int, body: Mapping[str, Any], kinds: Mapping[str, str]) -> Task:
    view: dict[str, Any] = {}
    for name, kind in kinds.items():
        if name not in body or kind == "envelope" or name == "errorDescription":
            continue
        value = body[name]
        if kind in ("int", "id") and value is not None:
            value = int(value)
        elif kind == "decimal" and value is not None:
            value = Decimal(str(value))
        view[name] = value
    return RecordedTask(
        task_id=task_id,
        originator=str(body["originator"]),
        body=str(body["body"]),
        currency=str(body["currency"]),
        recorded=tuple(view.items()),
    )
