"""Smoke test of the installed wheel, run by `nox -s wheel` with a fresh venv's Python.

It runs from outside the repository, so every import comes from the installed wheel: a
package or a data file (the spec, a py.typed marker, an entry point) left out of the wheel
fails here even when the source tree has it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
import shutil
import subprocess
import sys
import tempfile

os.chdir(tempfile.gettempdir())  # nothing from the repository's folder on sys.path
checks: list[str] = []


def check(name: str, ok: bool) -> None:
    if not ok:
        sys.exit(f"wheel smoke: FAILED: {name}")
    checks.append(name)
    print(f"ok  {name}")


import wwt_sms  # noqa: E402
import wwt_sms_api  # noqa: E402
import wwt_sms_contract  # noqa: E402
import wwt_sms_mock  # noqa: E402

for module in (wwt_sms, wwt_sms_api, wwt_sms_contract, wwt_sms_mock):
    check(f"{module.__name__} imported from site-packages", "site-packages" in str(module.__file__))
    check(
        f"{module.__name__} ships py.typed",
        importlib.resources.files(module).joinpath("py.typed").is_file(),
    )

spec = importlib.resources.files("wwt_sms_mock").joinpath("openapi.yaml")
check("openapi.yaml ships inside wwt_sms_mock", spec.is_file())
check("the shipped spec is the contract", "operationId: getSmsById" in spec.read_text("utf-8"))

with wwt_sms_mock.WwtMock(), wwt_sms.Client(api_key="test_wheelsmoke01") as client:
    sms = client.sms.get(211)
    check("SDK <-> in-process mock round trip", sms.id == 211 and sms.reference == "ext19")
    task = client.tasks.get(77)
    check("campaign lookup through the mock", isinstance(task.total, int))

with (
    wwt_sms_mock.serve_in_thread() as url,
    wwt_sms.Client(api_key="test_wheelsmoke01", base_url=url) as client,
):
    check("SDK <-> mock over real HTTP", client.sms.get_by_reference("ext19").id == 211)

distribution = importlib.metadata.distribution("wwt-sms")
check(
    "the wheel's version is wwt_sms.__version__ (its one source)",
    distribution.version == wwt_sms.__version__,
)
check(
    "the licence travels with the wheel",
    any(str(path).endswith("LICENSE") for path in distribution.files or ()),
)
scripts = {ep.name for ep in distribution.entry_points if ep.group == "console_scripts"}
check("console scripts declared", {"wwt-sms", "wwt-sms-mock"} <= scripts)
plugins = {ep.value for ep in distribution.entry_points if ep.group == "pytest11"}
check("pytest plugin declared", "wwt_sms_mock.pytest_plugin" in plugins)
for script in ("wwt-sms", "wwt-sms-mock"):
    check(f"{script} on PATH", shutil.which(script) is not None)

lookup = subprocess.run(["wwt-sms", "--mock", "sms", "get", "211"], capture_output=True, text=True)
check(
    "`wwt-sms --mock sms get 211` prints the demo status",
    lookup.returncode == 0 and "delivered" in lookup.stdout,
)
served = subprocess.run(["wwt-sms-mock", "serve", "--help"], capture_output=True, text=True)
check("`wwt-sms-mock serve --help` runs", served.returncode == 0)

print(f"{len(checks)} passed, 0 failed")
