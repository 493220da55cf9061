"""The README's Python examples run, against the in-process mock, as written."""

from __future__ import annotations

import asyncio
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from wwt_sms_mock import WwtMock

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def run(source: str) -> dict[str, Any]:
    """Execute an example; one that uses `await` at top level runs inside an event loop."""
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    if "await " in source or "async " in source:
        body = textwrap.indent(source, "    ")
        exec(compile(f"async def _example():\n{body}", str(README), "exec"), namespace)
        asyncio.run(namespace["_example"]())
    else:
        exec(compile(source, str(README), "exec"), namespace)
    return namespace


def test_the_readme_has_its_examples() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("source", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WWT_API_KEY", "test_readme00001")
    monkeypatch.delenv("WWT_BASE_URL", raising=False)
    with WwtMock() as mock:
        namespace = run(source)
        tests = {
            name: f for name, f in namespace.items() if name.startswith("test_") and callable(f)
        }
        for test in tests.values():  # a pytest example: call it the way pytest would
            mock.reset()
            test(mock)
