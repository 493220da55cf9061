"""Every Python example in the README and the documentation guides runs as pasted, against the
in-process mock (its own, when it starts one), and prints exactly what its page says it prints.

An example is a ```` ```python ```` block. When an ```` ```output ```` block follows it, that
is what running it must print; an example that defines `test_*` functions is a pytest example,
and they are called with the mock the way the `wwt_mock` fixture would pass it. An example that
does neither would prove nothing, and fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import wwt_sms
from tests import spec
from wwt_sms_mock import WwtMock

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLE = re.compile(
    r"^```python\n(?P<code>.*?)^```\n(?:\s*^```output\n(?P<output>.*?)^```$)?",
    flags=re.DOTALL | re.MULTILINE,
)


@dataclass(frozen=True)
class Example:
    page: Path
    line: int
    code: str
    output: str | None

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def examples(page: Path) -> list[Example]:
    text = page.read_text(encoding="utf-8")
    return [
        Example(page, text.count("\n", 0, match.start()) + 2, match["code"], match["output"])
        for match in EXAMPLE.finditer(text)
    ]


EXAMPLES = [example for page in PAGES for example in examples(page)]


def test_the_pages_have_their_examples() -> None:
    per_page = {page.name: len(examples(page)) for page in PAGES}
    assert per_page["README.md"] >= 2
    assert per_page["sdk.md"] >= 5
    assert per_page["errors.md"] >= 1
    assert per_page["mock.md"] >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_example_runs_as_pasted(
    example: Example, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WWT_API_KEY", "test_readme00001")
    monkeypatch.delenv("WWT_BASE_URL", raising=False)
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    if "WwtMock(" in example.code:  # the example starts its own mock, as a reader's code would
        exec(compile(example.code, example.name, "exec"), namespace)
        tests = []
    else:
        with WwtMock() as mock:
            exec(compile(example.code, example.name, "exec"), namespace)
            tests = [f for n, f in namespace.items() if n.startswith("test_") and callable(f)]
            for test in tests:  # a pytest example: call it the way pytest would
                mock.reset()
                test(mock)
    printed = capsys.readouterr().out
    assert example.output is not None or tests, "the example shows no output and has no test"
    if example.output is not None:
        assert printed == example.output


def test_the_errors_page_lists_every_code_with_the_class_it_raises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The code table of docs/errors.md against the spec and against what the SDK raises."""
    rows = re.findall(
        r"^\| (\d+) \| `(\w+)` \| `(\w+)` \|$",
        (ROOT / "docs" / "errors.md").read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    table = {int(code): (name, group) for code, name, group in rows}
    assert set(table) == {entry.code for entry in spec.error_codes() if entry.code != 0}
    monkeypatch.delenv("WWT_BASE_URL", raising=False)
    with WwtMock() as mock, wwt_sms.Client("test_errorspage1", max_retries=0) as client:
        for code, (name, group) in table.items():
            raised = getattr(wwt_sms, name)
            assert issubclass(raised, getattr(wwt_sms, group))
            mock.force(error=code, times=1)
            with pytest.raises(wwt_sms.APIError) as caught:
                client.sms.get(211)
            assert type(caught.value) is raised, f"code {code}"
