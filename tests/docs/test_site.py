"""The documentation site as a reader sees it: rendered by Chromium, with nothing from the
network. Runs after `nox -s docs` has built the site; skipped without it (see conftest.py)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import wwt_sms
import wwt_sms_mock
from tests import spec
from tests.docs.chromium import Chromium, Page

SITE = Path(os.environ.get("WWT_DOCS_SITE", "build/site"))
# Without a built site, one page stands for all: its tests then skip with the reason.
PAGES = sorted(str(path.relative_to(SITE)) for path in SITE.rglob("*.html")) or ["index.html"]
THE_OPERATIONS = {"getSmsById", "getSmsByReference", "getTaskById", "getSmsStatuses"}
LOAD_TIMEOUT = 30.0

# Attributes through which a page loads something (as opposed to links a reader may follow).
LOADING_ATTRIBUTE = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|track)\b[^>]*?\ssrc=[\"']([^\"']+)"
    r"|<link\b[^>]*?\shref=[\"']([^\"']+)"
    r"|<object\b[^>]*?\sdata=[\"']([^\"']+)",
    re.IGNORECASE,
)
CSS_LOAD = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""", re.IGNORECASE)


def is_elsewhere(url: str) -> bool:
    """True for a URL that names another host (`https://…`, `//host/…`)."""
    return url.startswith("//") or urlsplit(url).scheme in {"http", "https", "ftp", "ws", "wss"}


def open_page(browser: Chromium, url: str) -> Page:
    page = browser.open(url)
    page.wait_for("document.readyState === 'complete'", LOAD_TIMEOUT)
    # Scripts may fetch after the load event (search index, lazy assets): let them start.
    page.evaluate("new Promise(resolve => setTimeout(resolve, 500))")
    return page


def test_the_site_has_its_pages(site: Path) -> None:
    expected = {"index.html", "sdk.html", "errors.html", "mock.html", "cli.html", "contract.html"}
    expected |= {"reference/http.html", "reference/sdk.html", "openapi.yaml"}
    assert expected <= {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()}


def test_http_reference_renders_every_operation(browser: Chromium, served: str) -> None:
    page = open_page(browser, served + "reference/http.html")
    operations = list(spec.operations())
    assert {op.operation_id for op in operations} == THE_OPERATIONS
    text = page.evaluate("document.body.innerText")
    for op in operations:
        heading = page.evaluate(
            f"(() => {{ const h = document.getElementById({json.dumps(op.operation_id)});"
            " return h && h.getBoundingClientRect().height > 0 ? h.textContent : null; })()"
        )
        assert heading is not None, f"{op.operation_id} is not on the page, or not visible"
        assert f"{op.method.upper()} {op.path}" in heading
        assert op.raw["summary"] in text
        for parameter in op.parameters:
            assert parameter["description"].split("\n")[0].strip() in text
    assert page.errors == []


def test_http_reference_opens_from_disk(browser: Chromium, site: Path) -> None:
    page = open_page(browser, (site / "reference" / "http.html").as_uri())
    for operation_id in THE_OPERATIONS:
        assert page.evaluate(f"document.getElementById({json.dumps(operation_id)}) !== null")
    assert all(urlsplit(url).scheme in {"file", "data", "blob"} for url in page.requests)


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_machine(browser: Chromium, served: str, name: str) -> None:
    page = open_page(browser, served + name)
    origin = urlsplit(served).netloc
    elsewhere = [
        url
        for url in page.requests
        if urlsplit(url).scheme not in {"data", "blob", "about"} and urlsplit(url).netloc != origin
    ]
    assert elsewhere == []
    assert page.errors == []
    assert len(page.requests) >= 2, "the page loaded neither its styles nor its scripts"


def test_no_built_file_loads_from_another_host(site: Path) -> None:
    loads: list[str] = []
    for html in site.rglob("*.html"):
        for match in LOADING_ATTRIBUTE.finditer(html.read_text(encoding="utf-8")):
            url = next(group for group in match.groups() if group)
            if is_elsewhere(url):
                loads.append(f"{html.relative_to(site)}: {url}")
    for css in site.rglob("*.css"):
        for url in CSS_LOAD.findall(css.read_text(encoding="utf-8")):
            if is_elsewhere(url):
                loads.append(f"{css.relative_to(site)}: {url}")
    assert loads == []


@pytest.mark.parametrize(
    ("module", "page"),
    [(wwt_sms, "reference/sdk.html"), (wwt_sms_mock, "reference/mock.html")],
    ids=["wwt_sms", "wwt_sms_mock"],
)
def test_api_reference_documents_every_public_name(site: Path, module: object, page: str) -> None:
    ids = set(re.findall(r'\sid="([^"]+)"', (site / page).read_text(encoding="utf-8")))
    public = [name for name in getattr(module, "__all__") if not name.startswith("__")]  # noqa: B009
    missing = [name for name in public if not any(i.endswith(f".{name}") for i in ids)]
    assert missing == []


def test_search_index_covers_the_http_reference(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    http_entries = " ".join(
        doc["text"] + doc["title"]
        for doc in index["docs"]
        if doc["location"].startswith("reference/http")
    )
    for operation in THE_OPERATIONS:
        assert operation in http_entries
