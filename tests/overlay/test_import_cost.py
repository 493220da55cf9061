"""`import wwt_sms` loads only what the first request needs: the heavy modules that only some
uses need (a real connection pool, async, the aiohttp transport, contract checking, the
generated package) load when they are first used. Each check runs in a fresh interpreter, and
none measures time."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Not loaded by `import wwt_sms`, and what loads each.
HEAVY = {
    "httpcore": "the first client with a real connection pool",
    "h11": "the first client with a real connection pool",
    "anyio": "the first client with a real connection pool",
    "certifi": "the first client with a real connection pool",
    "asyncio": "the first async call",
    "aiohttp": "wwt_sms.aiohttp_client",
    "jsonschema": 'on_contract_drift="warn" or "raise"',
    "yaml": 'on_contract_drift="warn" or "raise"',
    "wwt_sms_api": "the first request (the generated request builders and models)",
    "attrs": "the first request (the generated models)",
    "wwt_sms_mock": "wwt-sms --mock",
    "concurrent.futures": "the first sync get_many",
    "respx": "a WwtMock started in a test (never the CLI: its mock is a transport)",
    "wwt_sms._contract_drift": 'on_contract_drift="warn" or "raise", parse_delivery_report',
    "wwt_sms._fanout": "the first get_many, or async mass status",
    "wwt_sms._models": "the first request, or the first use of a model's name",
    "unittest": "respx",
}


def _loaded_after(code: str) -> set[str]:
    """The names of `HEAVY` that running `code` in a new interpreter loads (not counting what
    the interpreter had loaded before it, such as a coverage tool started by a `.pth` file)."""
    probe = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        f"{code}\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    modules = set(json.loads(out.stdout.splitlines()[-1]))
    return {name for name in HEAVY if name in modules}


@pytest.mark.parametrize(
    "code",
    [
        "import wwt_sms",
        "import wwt_sms; wwt_sms.Client; wwt_sms.AsyncClient; wwt_sms.NOT_GIVEN",
        "import wwt_sms._cli",
    ],
)
def test_importing_the_sdk_loads_nothing_heavy(code: str) -> None:
    # What `import httpx` loads itself is httpx's doing (before 0.28 it loaded httpcore).
    assert _loaded_after(code) - _loaded_after("import httpx") == set()


def test_a_client_without_a_real_pool_loads_no_pool() -> None:
    code = (
        "import httpx, wwt_sms\n"
        "http = httpx.Client(transport=httpx.MockTransport(lambda request: None))\n"
        "wwt_sms.Client('test_key', http_client=http)"
    )
    assert _loaded_after(code) - _loaded_after("import httpx") == set()


def test_the_heavy_modules_do_load_when_used() -> None:
    """The list above names real modules: each is loaded by what it says loads it."""
    code = (
        "import wwt_sms, wwt_sms._response\n"
        "wwt_sms.Client('test_key').close()\n"
        "import asyncio\n"
        "wwt_sms.AsyncClient('test_key')"
    )
    loaded = _loaded_after(code)
    assert {"httpcore", "h11", "certifi", "asyncio", "wwt_sms_api", "attrs"} <= loaded


def test_star_import_loads_the_generated_error_codes_only() -> None:
    # `ErrorCode` (in `__all__`) is the generated enum itself: `import *` asks for it.
    loaded = _loaded_after("from wwt_sms import *") - _loaded_after("import httpx")
    assert loaded == {"wwt_sms_api", "attrs", "wwt_sms._models", "wwt_sms._contract_drift"}


def test_a_model_named_loads_the_models_only() -> None:
    loaded = _loaded_after("import wwt_sms; wwt_sms.SmsStatus") - _loaded_after("import httpx")
    assert loaded == {"wwt_sms._models"}


def test_the_cli_on_its_embedded_mock_loads_no_pool_and_no_respx() -> None:
    code = "from wwt_sms._cli import main\nmain(['--mock', 'sms', 'get', '211'])"
    loaded = _loaded_after(code)
    assert {"wwt_sms_mock", "wwt_sms_api"} <= loaded  # the probe sees what the command loads
    unwanted = {"httpcore", "h11", "anyio", "asyncio", "respx", "unittest", "yaml"}
    # (before 0.28, `import httpx` loaded httpcore itself)
    assert (loaded - _loaded_after("import httpx")) & unwanted == set()
