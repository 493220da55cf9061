"""The spec's examples agree with each other: Prism, asked with each path parameter's example,
answers with the spec's example bodies, and the SDK accepts every one that is about the message
or campaign asked for (`nox -s prism` runs this file too).

Prism answers any request with an example body it picks by name (`Prefer: example=NAME`, else
the first); the SDK refuses an answer for another message than the one asked for. So an
example parameter that names a message the example bodies do not describe would make a team
mocking with Prism fail on the spec's own examples.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import wwt_sms
from tests import spec

pytestmark = pytest.mark.network

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
READY = re.compile(r"Prism is listening on (?P<url>http://127\.0\.0\.1:\d+)")
WAIT = 120.0  # seconds: a bound on Prism's start, never an expectation of speed


@pytest.fixture(scope="module")
def prism_url() -> Iterator[str]:
    """Prism's URL: the one `nox -s prism` started, else one started here (from the pinned
    node_modules of package-lock.json: `npm ci`)."""
    if os.environ.get("WWT_INTEGRATION_SERVER") == "prism":
        yield os.environ["WWT_INTEGRATION_BASE_URL"]
        return
    if not PRISM.exists():
        pytest.skip("Prism is not installed (npm ci)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(PRISM), "mock", str(ROOT / "openapi.yaml"), "-h", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        while (line := lines.get(timeout=WAIT)) is not None:
            if match := READY.search(line):
                yield match.group("url")
                return
        pytest.fail("Prism exited before it was ready")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def client(url: str, example: str | None = None) -> wwt_sms.Client:
    headers = {"Prefer": f"example={example}"} if example else {}
    return wwt_sms.Client(
        "test_prismexamples01",
        base_url=url,
        max_retries=0,
        http_client=httpx.Client(headers=headers),
    )


def parameter_example(operation_id: str) -> Any:
    return spec.operation(operation_id).path_parameter["example"]


def success_examples(operation_id: str) -> dict[str, dict[str, Any]]:
    return {
        name: body
        for name, body in spec.operation(operation_id).examples("200").items()
        if str(body.get("error", 0)) == "0"
    }


def test_each_path_parameter_example_gets_an_answer_the_sdk_accepts(prism_url: str) -> None:
    sms_id = parameter_example("getSmsById")
    reference = parameter_example("getSmsByReference")
    task_id = parameter_example("getTaskById")
    with client(prism_url) as sdk:
        assert sdk.sms.get(sms_id).id == sms_id
        assert sdk.sms.get_by_reference(reference).reference == reference
        assert sdk.tasks.get(task_id).currency == "EUR"


@pytest.mark.parametrize("name", sorted(success_examples("getSmsByReference")))
def test_every_answer_for_the_reference_example_is_accepted(prism_url: str, name: str) -> None:
    reference = parameter_example("getSmsByReference")
    body = success_examples("getSmsByReference")[name]
    assert body["reference"] in (reference, None), f"example {name!r} is another message's"
    with client(prism_url, name) as sdk:
        assert sdk.sms.get_by_reference(reference).reference in (reference, None)


@pytest.mark.parametrize("name", sorted(success_examples("getSmsById")))
def test_every_answer_about_the_id_example_is_accepted(prism_url: str, name: str) -> None:
    sms_id = parameter_example("getSmsById")
    body = success_examples("getSmsById")[name]
    with client(prism_url, name) as sdk:
        if int(body["id"]) == sms_id:
            assert sdk.sms.get(sms_id).id == sms_id
        else:  # another message's example (pending, largeId): rightly not taken for this one
            with pytest.raises(wwt_sms.UnexpectedResponseError, match=f"not SMS {sms_id}"):
                sdk.sms.get(sms_id)


def test_the_examples_of_the_id_example_describe_one_message() -> None:
    """Every example about message `SmsId.example` gives the same Sms (one set of facts in
    several wire forms), and so does every webhook example about it."""
    sms_id = parameter_example("getSmsById")
    bodies = [b for b in success_examples("getSmsById").values() if int(b["id"]) == sms_id]
    webhook = spec.load()["webhooks"]["deliveryReport"]["post"]["requestBody"]
    reports = [
        example["value"]
        for example in webhook["content"]["application/json"]["examples"].values()
        if int(example["value"]["id"]) == sms_id and example["value"]["status"] == "delivered"
    ]
    assert len(bodies) >= 3
    assert reports
    read = {wwt_sms.parse_delivery_report({**body, "error": 0}) for body in bodies + reports}
    assert len(read) == 1, read
