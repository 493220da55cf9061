"""The receivers of docs/delivery-reports.md (docs/examples/receiver_*.py, included verbatim),
each driven through its framework's own test client with the spec's example reports and with
bodies that are not reports."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import wwt_sms
from tests import spec

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "docs" / "examples"
WEBHOOK = spec.load()["webhooks"]["deliveryReport"]["post"]
REPORTS = {
    name: json.dumps(example["value"]).encode()
    for name, example in WEBHOOK["requestBody"]["content"]["application/json"]["examples"].items()
}
NOT_REPORTS = {
    "not JSON": (b"<html>", "not JSON"),
    "an error answer": (b'{"error": 20, "errorDescription": "SMS not found"}', "an error answer"),
    "missing id": (b'{"status": "delivered"}', "is missing"),
}
JSON = {"Content-Type": "application/json"}


def load(name: str) -> ModuleType:
    """A fresh copy of one example module (its `reports` list starts empty)."""
    path = EXAMPLES_DIR / f"{name}.py"
    module_spec = importlib.util.spec_from_file_location(f"docs_examples_{name}", path)
    assert module_spec is not None
    assert module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def expected() -> list[wwt_sms.DeliveryReport]:
    return [wwt_sms.parse_delivery_report(body) for body in REPORTS.values()]


def test_fastapi_receiver() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    example = load("receiver_fastapi")
    with TestClient(example.app) as client:
        for body in REPORTS.values():
            assert client.post("/wwt/dlr", content=body, headers=JSON).status_code == 204
        for body, reason in NOT_REPORTS.values():
            answer = client.post("/wwt/dlr", content=body, headers=JSON)
            assert (answer.status_code, reason in answer.text) == (400, True)
        wrong_type = client.post("/wwt/dlr", content=REPORTS["canonical"],
                                 headers={"Content-Type": "text/plain"})  # fmt: skip
        assert wrong_type.status_code == 400
    assert example.reports == expected()


def test_flask_receiver() -> None:
    pytest.importorskip("flask")
    example = load("receiver_flask")
    client = example.app.test_client()
    for body in REPORTS.values():
        assert client.post("/wwt/dlr", data=body, headers=JSON).status_code == 204
    for body, reason in NOT_REPORTS.values():
        answer = client.post("/wwt/dlr", data=body, headers=JSON)
        assert (answer.status_code, reason in answer.get_data(as_text=True)) == (400, True)
    assert example.reports == expected()


def test_aiohttp_receiver() -> None:
    pytest.importorskip("aiohttp")
    from aiohttp.test_utils import TestClient, TestServer

    example = load("receiver_aiohttp")

    async def drive() -> list[tuple[int, str]]:
        answers: list[tuple[int, str]] = []
        async with TestClient(TestServer(example.app, host="127.0.0.1")) as client:
            for body in [*REPORTS.values(), *(body for body, _ in NOT_REPORTS.values())]:
                async with client.post("/wwt/dlr", data=body, headers=JSON) as answer:
                    answers.append((answer.status, await answer.text()))
        return answers

    answers = asyncio.run(drive())
    assert [status for status, _ in answers[: len(REPORTS)]] == [204] * len(REPORTS)
    refused: list[Any] = answers[len(REPORTS) :]
    assert [status for status, _ in refused] == [400] * len(NOT_REPORTS)
    assert all(
        reason in text for (_, text), (_, reason) in zip(refused, NOT_REPORTS.values(), strict=True)
    )
    assert example.reports == expected()
