"""Every relative link of the Markdown sources leads to a file of the repository, so the docs
read right in a clone or on a forge as well as on the built site (whose links tests/docs
checks in a browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [
        *(ROOT / name for name in ("README.md", "ARCHITECTURE.md", "CONTRIBUTING.md")),
        *(ROOT / "docs").rglob("*.md"),
    ]
)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
# [text](target "title") and ![alt](target); the target ends at whitespace or the parenthesis.
LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


def relative_links(text: str) -> list[str]:
    """The link targets of a Markdown text that name a file of the repository: not inside code,
    not an anchor of the page itself, not a URL with a scheme."""
    prose = INLINE_CODE.sub("", FENCE.sub("", text))
    targets = LINK.findall(prose) + REFERENCE.findall(prose)
    return [
        target.split("#", 1)[0]
        for target in targets
        if not target.startswith("#") and not re.match(r"[a-z][a-z0-9+.-]*:", target)
    ]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_to_a_file(source: Path) -> None:
    missing = [
        target
        for target in relative_links(source.read_text("utf-8"))
        if not (source.parent / target).exists()
    ]
    assert missing == []


def test_the_link_reader_finds_links_and_skips_code_anchors_and_urls() -> None:
    text = """See [the guide](docs/sdk.md#install), ![logo](img/logo.png "Logo") and [x][y].

[y]: ../other.md
`[not](a-link.md)` and [page anchor](#top) and [site](https://example.test/a.md).

```
[inside](code.md)
```
"""
    assert relative_links(text) == ["docs/sdk.md", "img/logo.png", "../other.md"]
