"""The "other languages" page shows code the consumer matrix runs: every snippet it includes
names a file and a marked section that exist, so a renamed function or a moved call breaks the
build instead of leaving the page behind."""

from __future__ import annotations

import re

import pytest

from tests.consumers.steps import ROOT

PAGE = ROOT / "docs" / "other-languages.md"
INCLUDES = re.findall(r'^--8<-- "([^":]+)(?::([\w-]+))?"$', PAGE.read_text(), re.MULTILINE)


def test_the_page_includes_each_language_from_the_consumers() -> None:
    files = {name for name, _ in INCLUDES}
    assert {
        "tests/consumers/openapi_generator_typescript_fetch.ts",
        "tests/consumers/go/oapicodegen/main.go",
        "tests/consumers/go/ogen/main.go",
        "tests/consumers/java/src/main/java/consumers/OpenApiGeneratorNative.java",
        "tests/consumers/servers.py",
    } <= files


@pytest.mark.parametrize(("name", "section"), INCLUDES, ids=[f"{n}:{s}" for n, s in INCLUDES])
def test_every_included_section_is_marked_once_in_its_file(name: str, section: str) -> None:
    text = (ROOT / name).read_text()
    if not section:
        return  # the whole file: that it exists is the check
    for edge in ("start", "end"):
        assert text.count(f"--8<-- [{edge}:{section}]") == 1, f"{name}: {edge}:{section}"
    start = text.index(f"--8<-- [start:{section}]")
    end = text.index(f"--8<-- [end:{section}]")
    assert start < end
    assert text[start:end].count("\n") > 1, "an empty section"
