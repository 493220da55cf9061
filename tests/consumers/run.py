"""Clients other teams generate from openapi.yaml, each made to read what the API really sends.

Every generator in `GENERATORS` writes a client from the spec into a temporary folder; a small
consumer program per client (beside this file) calls every operation through that client
and prints, per call, the HTTP status and the body *as the client's typed model gave it back*.
This driver compares those reports with the bodies the servers sent:

* the contract mock (`python -m wwt_sms_mock serve --self-check`), in every wire style it
  offers (read from its `/__mock/style` control at run time), with records put in place here;
* a loopback server sending the vendor's published example bodies (`vendor_bodies.json`).

A report that differs from the body (a field dropped, a number changed, a crash) fails the run.
`nox -s consumers` runs it; `--spec PATH` generates the clients from another spec, to see how
an older or a proposed contract fares against the same servers. Needs Java (openapi-generator),
the Node tools of package-lock.json (`npm ci`) and the generators' Python packages.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NODE_BIN = ROOT / "node_modules" / ".bin"
API_KEY = "test_consumers000001"

GENERATE_SECONDS = 300  # openapi-generator starts a JVM: ~10 s here, much more on a busy machine
CONSUMER_SECONDS = 60
HTTP_SECONDS = 10
SERVER_START_SECONDS = 60


# --- the clients ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Generator:
    """One code generator: how it writes a client, and how that client's consumer runs."""

    name: str
    folder: str  # under the temporary clients folder
    generate: Callable[[Path, Path], list[str]]  # (spec, output folder) -> command
    consumer: str  # file beside this one
    language: str  # "python" or "typescript"


def _openapi_generator(kind: str, *extra: str) -> Callable[[Path, Path], list[str]]:
    def command(spec: Path, out: Path) -> list[str]:
        spec = _without_webhooks(spec, out.parent / f"openapi-{kind}.yaml")
        return ["openapi-generator-cli", "generate", "-g", kind, "-i", str(spec), "-o", str(out),
                *extra]  # fmt: skip

    return command


def _without_webhooks(spec: Path, copy: Path) -> Path:
    """The spec without `webhooks`, for openapi-generator: it writes each webhook as a client
    method whose body type it leaves empty (Python that does not import, TypeScript that does
    not compile), in the file of the webhook's tag, over that tag's real operations. A client
    sends no webhook, so the client loses nothing."""
    import yaml

    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    if "webhooks" not in document:
        return spec
    del document["webhooks"]
    copy.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return copy


def _hey_api(spec: Path, out: Path) -> list[str]:
    return [str(NODE_BIN / "openapi-ts"), "-i", str(spec), "-o", str(out),
            "-c", "@hey-api/client-fetch", "--silent", "--no-log-file"]  # fmt: skip


def _openapi_typescript(spec: Path, out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    return [str(NODE_BIN / "openapi-typescript"), str(spec), "-o", str(out / "schema.d.ts")]


def _datamodel_code_generator(spec: Path, out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    return ["datamodel-codegen", "--input", str(spec), "--input-file-type", "openapi",
            "--output-model-type", "pydantic_v2.BaseModel",
            "--output", str(out / "models.py")]  # fmt: skip


def _openapi_python_client(spec: Path, out: Path) -> list[str]:
    config = out.parent / "openapi-python-client.yaml"
    config.write_text("project_name_override: opc_client\npackage_name_override: opc_client\n")
    return ["openapi-python-client", "generate", "--path", str(spec), "--config", str(config),
            "--meta", "none", "--output-path", str(out / "opc_client")]  # fmt: skip


GENERATORS = (
    Generator(
        "openapi-generator python",
        "og_python",
        _openapi_generator("python", "--package-name", "og_client"),
        "openapi_generator_python.py",
        "python",
    ),
    Generator(
        "openapi-generator typescript-fetch",
        "og_typescript_fetch",
        _openapi_generator("typescript-fetch"),
        "openapi_generator_typescript_fetch.ts",
        "typescript",
    ),
    Generator("@hey-api/openapi-ts", "hey_api", _hey_api, "hey_api.ts", "typescript"),
    Generator(
        "openapi-typescript + openapi-fetch",
        "openapi_typescript",
        _openapi_typescript,
        "openapi_fetch.ts",
        "typescript",
    ),
    Generator(
        "datamodel-code-generator",
        "datamodel",
        _datamodel_code_generator,
        "datamodel_code_generator.py",
        "python",
    ),
    Generator(
        "openapi-python-client",
        "opc",
        _openapi_python_client,
        "openapi_python_client.py",
        "python",
    ),
)


class Failed(Exception):
    """A step that could not run (a generator, the compiler, a server)."""


def _run(command: list[str], seconds: float, cwd: Path | None = None) -> str:
    """Run a command to its end (at most `seconds`); its output, or `Failed` with its tail."""
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired:
        raise Failed(f"{command[0]} did not finish in {seconds:.0f} s") from None
    except FileNotFoundError:
        raise Failed(f"{command[0]} is not installed") from None
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise Failed(f"{Path(command[0]).name} exited {done.returncode}:\n  " + "\n  ".join(tail))
    return done.stdout


def generate(generator: Generator, spec: Path, clients: Path) -> None:
    out = clients / generator.folder
    _run(generator.generate(spec, out), GENERATE_SECONDS, cwd=clients)


TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "target": "ES2022",
        "module": "commonjs",
        "moduleResolution": "node",
        "lib": ["ES2022", "DOM", "DOM.Iterable"],
        "types": [],
        "skipLibCheck": True,
        "outDir": "build",
        "rootDir": ".",
        "baseUrl": ".",
        "paths": {"openapi-fetch": [str(ROOT / "node_modules" / "openapi-fetch")]},
    },
}


def compile_typescript(work: Path, generator: Generator) -> None:
    """Copy a TypeScript consumer next to the generated clients (and `common.ts`, copied once
    before) and compile it with tsc from package-lock.json, so that the names it reads are
    checked against the generated types."""
    consumer = work / "consumers" / generator.consumer
    consumer.write_text((HERE / generator.consumer).read_text())
    config = {**TSCONFIG, "files": ["consumers/common.ts", f"consumers/{generator.consumer}"]}
    tsconfig = work / f"tsconfig.{generator.folder}.json"
    tsconfig.write_text(json.dumps(config, indent=2))
    _run([str(NODE_BIN / "tsc"), "-p", str(tsconfig)], GENERATE_SECONDS)


def consumer_command(generator: Generator, work: Path) -> list[str]:
    if generator.language == "python":
        client = work / "clients" / generator.folder
        module = f"tests.consumers.{generator.consumer.removesuffix('.py')}"
        return [sys.executable, "-m", module, str(client)]
    script = work / "build" / "consumers" / generator.consumer.replace(".ts", ".js")
    # The compiled consumers live in the temporary folder: node finds the packages of
    # package-lock.json (openapi-fetch) through NODE_PATH, set in `main`.
    return ["node", str(script)]


# --- what a reader must get out of a body ---------------------------------------------------

COUNTERS = ("total", "sent", "queued", "accepted", "enroute", "delivered", "expired",
            "undeliverable", "unknown")  # fmt: skip


def _digits(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _amount(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return f"not an amount: {value!r}"


def _moment(value: Any) -> str | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return f"not a datetime: {value!r}"
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).isoformat()


def _count(value: Any) -> int | str:
    if value is None:
        return 0  # counters the API leaves out are zero
    try:
        return int(value)
    except (TypeError, ValueError):
        return f"not a count: {value!r}"


def _record(item: Any) -> dict[str, Any]:
    """One item of a mass-status answer, in its normal form."""
    if not isinstance(item, Mapping):
        return {"not an object": item}
    return {
        "id": _digits(item.get("id")),
        "external_id": item.get("external_id"),
        "msisdn": _digits(item.get("msisdn")),
        "time_sent": _moment(item.get("time_sent")),
        "time_dr": _moment(item.get("time_dr")),
        "status": item.get("status"),
        "price": _amount(item.get("price")),
        "currency": item.get("currency"),
    }


def meaning(operation: str, body: Any) -> dict[str, Any]:
    """What a body says, in one normal form: the thing every client must agree on."""
    if not isinstance(body, Mapping):
        return {"kind": "not an object", "body": body}
    error = body.get("error")
    if error is not None and str(error) != "0":
        return {"kind": "error", "code": _count(error)}
    if "code" in body and "message" in body:
        return {"kind": "gateway", "code": body["code"], "message": body["message"]}
    if operation == "getSmsStatuses":
        items = sorted((_record(item) for item in body.get("result") or ()), key=str)
        return {"kind": "statuses", "ids": sorted(str(i.get("id")) for i in items), "items": items}
    if operation == "getTaskById":
        return {
            "kind": "task",
            "originator": body.get("originator"),
            "body": body.get("body"),
            "validity": None if body.get("validity") is None else _count(body["validity"]),
            "totalprice": _amount(body.get("totalprice")),
            "currency": body.get("currency"),
            **{name: _count(body.get(name)) for name in COUNTERS},
        }
    return {
        "kind": "sms",
        "id": _digits(body.get("id")),
        "msisdn": _digits(body.get("msisdn")),
        "reference": body.get("reference"),
        "time_in": _moment(body.get("time_in")),
        "time_sent": _moment(body.get("time_sent")),
        "time_dr": _moment(body.get("time_dr")),
        "status": body.get("status"),
        "price": _amount(body.get("price")),
        "currency": body.get("currency"),
    }


@dataclass(frozen=True)
class Case:
    """One call a consumer makes, and what the answer must say."""

    name: str
    operation: str
    argument: str
    expect: Mapping[str, Any]  # part of `meaning(...)` of the answer, in its normal form

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "operation": self.operation, "argument": self.argument}


def _expect(case: Case, answer: Mapping[str, Any]) -> list[str]:
    return [
        f"{key}: expected {value!r}, got {answer.get(key)!r}"
        for key, value in case.expect.items()
        if answer.get(key) != value
    ]


def compare(case: Case, sent: tuple[int, Any], report: Mapping[str, Any] | None) -> list[str]:
    """Problems with one call: what the server sent against the case's expectations, and what
    the client read against what the server sent."""
    status, body = sent
    answer = meaning(case.operation, body)
    problems = [f"server sent: {p}" for p in _expect(case, answer)]
    if report is None:
        return [*problems, "no report from the consumer"]
    if "failure" in report:
        return [*problems, f"client failed: {report['failure']}"]
    if report.get("status") != status:
        problems.append(f"status: the server sent {status}, the client saw {report.get('status')}")
    read = meaning(case.operation, report.get("body"))
    problems += [
        f"{key}: sent {answer[key]!r}, read {read.get(key)!r}"
        for key in answer
        if read.get(key) != answer[key]
    ]
    return problems


# --- servers --------------------------------------------------------------------------------


def _http(method: str, url: str, payload: Any = None) -> tuple[int, Any]:
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("X-API-KEY", API_KEY)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=HTTP_SECONDS) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"null")


@contextlib.contextmanager
def mock_server() -> Iterator[str]:
    """The contract mock over HTTP in its own process group, checking every response it sends
    against the spec; yields its root URL and ends the whole group however the run ends."""
    command = [sys.executable, "-m", "wwt_sms_mock", "serve", "--host", "127.0.0.1",
               "--port", "0", "--self-check"]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        yield _ready_url(process)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _ready_url(process: subprocess.Popen[str]) -> str:
    """The mock's root URL from its readiness line (waited for at most a minute)."""
    found: list[str] = []
    seen: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            match = re.search(r"http://127\.0\.0\.1:\d+", line)
            if match and not found:
                found.append(match.group(0))
        # keep reading to the end, so that a chatty server never blocks on a full pipe

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not found and reader.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not found:
        raise Failed("the mock did not start:\n" + "".join(seen[-20:]))
    return found[0]


@contextlib.contextmanager
def vendor_server(cases: list[Mapping[str, Any]]) -> Iterator[str]:
    """A loopback server that answers each vendor case's path with its body, as it is."""
    answers = {_path(c["operation"], c["argument"]): (c["status"], c["body"]) for c in cases}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = answers.get(self.path, (404, {"code": 404, "message": "Not found"}))
            if self.headers.get("X-API-KEY") != API_KEY:
                status, body = 401, {"code": 401, "message": "API Key not found"}
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the driver reports

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/rest"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _request(operation: str, argument: str) -> tuple[str, str, Any]:
    """How a case asks: method, path (with the base path) and JSON body. The mass-status
    operation's argument is its IDs, comma-separated."""
    if operation == "getSmsStatuses":
        return "POST", "/rest/sms/getStatus", {"ids": [int(id) for id in argument.split(",")]}
    return "GET", _path(operation, argument), None


def _path(operation: str, argument: str) -> str:
    template = {
        "getSmsById": "/rest/sms/{}",
        "getSmsByReference": "/rest/sms/reference/{}",
        "getTaskById": "/rest/sms/task/{}",
    }[operation]
    return template.format(urllib.parse.quote(argument, safe=""))


# --- the mock's records and styles ----------------------------------------------------------

# Virtual seconds: the mock's clock stands still at 0 unless told to move.
MESSAGES = (
    {"id": 4242, "msisdn": "380972000042", "reference": "ext_id_16", "status": "delivered",
     "price": "0.23", "currency": "EUR", "time_in": -300, "time_sent": -299, "time_dr": -295},
    {"id": 4243, "msisdn": "380972000043", "reference": None, "status": "scheduled",
     "price": "1.1", "currency": "EUR", "time_in": -60},
    # Above 2^53 - 1: exact only as a string in JavaScript, on the wire and in the path.
    {"id": 9007199254740993, "msisdn": "380972000044", "reference": "unique_ref_123",
     "status": "sent", "price": "0.05", "currency": "EUR", "time_in": -30, "time_sent": -20},
)  # fmt: skip
TASK = {"task_id": 5150, "message_ids": [4242, 4243], "originator": "alpha_name",
        "body": "test sms", "validity": 72, "currency": "EUR"}  # fmt: skip

MOCK_CASES = (
    Case("sms-delivered", "getSmsById", "4242",
         {"kind": "sms", "id": "4242", "msisdn": "380972000042", "reference": "ext_id_16",
          "status": "delivered", "price": "0.23", "currency": "EUR"}),
    Case("sms-pending", "getSmsById", "4243",
         {"kind": "sms", "id": "4243", "reference": None, "time_sent": None, "time_dr": None,
          "status": "scheduled", "price": "1.1"}),
    Case("sms-large-id", "getSmsById", "9007199254740993",
         {"kind": "sms", "id": "9007199254740993", "reference": "unique_ref_123"}),
    Case("sms-by-reference", "getSmsByReference", "ext_id_16",
         {"kind": "sms", "id": "4242", "reference": "ext_id_16", "status": "delivered"}),
    Case("sms-unknown-id", "getSmsById", "999999", {"kind": "error", "code": 20}),
    Case("sms-unknown-reference", "getSmsByReference", "ext_id_17", {"kind": "error", "code": 20}),
    Case("task", "getTaskById", "5150",
         {"kind": "task", "originator": "alpha_name", "body": "test sms", "validity": 72,
          "totalprice": "1.33", "currency": "EUR", "total": 2, "sent": 1, "delivered": 1}),
    Case("task-unknown", "getTaskById", "999998", {"kind": "error", "code": 30}),
    # IDs a JavaScript number holds exactly: a generated TS client sends the numbers it is given.
    Case("statuses", "getSmsStatuses", "4243,999999,4242,4243",
         {"kind": "statuses", "ids": ["4242", "4243"]}),
    Case("statuses-none-known", "getSmsStatuses", "999999",
         {"kind": "statuses", "ids": []}),
)  # fmt: skip


def mock_styles(control: str) -> list[tuple[str, dict[str, Any]]]:
    """The wire styles to try, as (name, what to PUT to /__mock/style): every named style the
    mock publishes (`styles`), then each of its flags alone (the flags as the mock reports them,
    so a new style or flag is tried without a change here)."""
    status, answer = _http("GET", f"{control}/style")
    if status != 200 or not isinstance(answer, dict):
        raise Failed(f"GET /__mock/style answered {status}: {answer!r}")
    flags = sorted(answer["style_flags"])
    choices: list[dict[str, Any]] = [{"style": str(name)} for name in answer.get("styles", [])]
    choices += [{f: f == on for f in flags} for on in flags]
    styles: dict[str, dict[str, Any]] = {}
    for choice in choices:
        status, chosen = _http("PUT", f"{control}/style", choice)
        if status != 200:
            raise Failed(f"PUT /__mock/style {choice} answered {status}: {chosen!r}")
        styles.setdefault(str(chosen["style"]), choice)
    return list(styles.items())


def prepare_mock(control: str, style: Mapping[str, Any]) -> None:
    """A fresh mock (time 0, no rules) holding exactly this run's records, in `style`."""
    for method, path, payload in (
        ("POST", "/reset", None),
        ("POST", "/clear", None),
        *(("PUT", "/messages", message) for message in MESSAGES),
        ("PUT", "/tasks", TASK),
        ("PUT", "/style", dict(style)),
    ):
        status, answer = _http(method, control + path, payload)
        if status not in (200, 201):
            raise Failed(f"{method} /__mock{path} answered {status}: {answer!r}")


# --- one run --------------------------------------------------------------------------------


def run_consumer(command: list[str], base_url: str, cases: list[Case]) -> dict[str, Any]:
    """Run one consumer over the cases; its reports by case name (or a failure for each)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump([case.as_json() for case in cases], file)
    try:
        done = subprocess.run(
            [*command, base_url, file.name, API_KEY],
            cwd=ROOT, capture_output=True, text=True, timeout=CONSUMER_SECONDS, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {case.name: {"failure": f"no answer in {CONSUMER_SECONDS} s"} for case in cases}
    finally:
        os.unlink(file.name)
    reports: dict[str, Any] = {}
    for line in done.stdout.splitlines():
        with contextlib.suppress(ValueError):
            report = json.loads(line)
            if isinstance(report, dict) and "case" in report:
                reports[report["case"]] = report
    if done.returncode != 0 or len(reports) < len(cases):
        lines = done.stderr.strip().splitlines()
        tail = " | ".join([line for line in lines if "Error" in line][:2] or lines[-3:])
        for case in cases:
            reports.setdefault(case.name, {"failure": f"exit {done.returncode}: {tail}"})
    return reports


@dataclass
class Outcome:
    client: str
    target: str  # "mock <style>" or "vendor examples"
    problems: dict[str, list[str]]  # case name -> problems (empty: read right)


def check(generator: Generator, command: list[str], target: str, base_url: str,
          cases: list[Case], sent: Mapping[str, tuple[int, Any]]) -> Outcome:  # fmt: skip
    reports = run_consumer(command, base_url, cases)
    problems = {case.name: compare(case, sent[case.name], reports.get(case.name)) for case in cases}
    return Outcome(generator.name, target, problems)


def check_all(ready: list[tuple[Generator, list[str]]], target: str, base_url: str,
              cases: list[Case], sent: Mapping[str, tuple[int, Any]]) -> list[Outcome]:  # fmt: skip
    """Every consumer against one server, two at a time (they only read it)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [
            pool.submit(check, g, command, target, base_url, cases, sent) for g, command in ready
        ]
        return [run.result() for run in runs]


def against_mock(ready: list[tuple[Generator, list[str]]]) -> list[Outcome]:
    outcomes = []
    cases = list(MOCK_CASES)
    with mock_server() as root:
        control = f"{root}/__mock"
        base_path = _http("GET", f"{control}/state")[1]["base_path"]
        for style_name, style in mock_styles(control):
            prepare_mock(control, style)
            # What the mock sends for each case in this style (its clock stands still).
            sent = {c.name: _send(root + base_path, c) for c in cases}
            outcomes += check_all(ready, f"mock {style_name}", root + base_path, cases, sent)
    return outcomes


def _send(base_url: str, case: Case) -> tuple[int, Any]:
    method, path, payload = _request(case.operation, case.argument)
    return _http(method, base_url + path.removeprefix("/rest"), payload)


def against_vendor(ready: list[tuple[Generator, list[str]]]) -> list[Outcome]:
    data = json.loads((HERE / "vendor_bodies.json").read_text())["cases"]
    cases = [Case(c["name"], c["operation"], c["argument"], c["expect"]) for c in data]
    sent = {c["name"]: (c["status"], c["body"]) for c in data}
    with vendor_server(data) as base_url:
        return check_all(ready, "vendor examples", base_url, cases, sent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml")
    parser.add_argument("--only", action="append", help="run only generators whose name has this")
    args = parser.parse_args(argv)
    started = time.monotonic()
    generators = [g for g in GENERATORS if not args.only or any(o in g.name for o in args.only)]
    os.environ["PATH"] = f"{NODE_BIN}{os.pathsep}{os.environ['PATH']}"
    os.environ["NODE_PATH"] = str(ROOT / "node_modules")
    with tempfile.TemporaryDirectory(prefix="wwt-consumers-") as tmp:
        work = Path(tmp)
        (work / "clients").mkdir()
        ready, broken = prepare_clients(generators, args.spec.resolve(), work)
        outcomes = against_mock(ready) + against_vendor(ready) if ready else []
    failed = show(outcomes, broken)
    print(f"consumers: {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


def prepare_clients(
    generators: list[Generator], spec: Path, work: Path
) -> tuple[list[tuple[Generator, list[str]]], dict[str, str]]:
    """Generate every client (and compile its consumer when it is TypeScript), two at a time;
    the clients that could not be made come back with the reason."""

    def prepare(generator: Generator) -> str | None:
        began = time.monotonic()
        try:
            generate(generator, spec, work / "clients")
            if generator.language == "typescript":
                compile_typescript(work, generator)
        except Failed as failure:
            return str(failure)
        print(f"ready: {generator.name} ({time.monotonic() - began:.1f} s)", flush=True)
        return None

    (work / "consumers").mkdir()
    (work / "consumers" / "common.ts").write_text((HERE / "common.ts").read_text())
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = dict(zip(generators, pool.map(prepare, generators), strict=True))
    broken = {g.name: why for g, why in failures.items() if why is not None}
    ready = [(g, consumer_command(g, work)) for g, why in failures.items() if why is None]
    return ready, broken


def show(outcomes: list[Outcome], broken: Mapping[str, str]) -> bool:
    """Print one line per client and target (and every problem); True when anything failed."""
    for name, why in broken.items():
        print(f"FAIL {name}: {why}")
    for outcome in outcomes:
        bad = {case: problems for case, problems in outcome.problems.items() if problems}
        good = len(outcome.problems) - len(bad)
        verdict = "ok  " if not bad else "FAIL"
        print(f"{verdict} {outcome.client} vs {outcome.target}: {good}/{len(outcome.problems)}")
        for case, problems in bad.items():
            for problem in problems[:4]:
                print(f"       {case}: {' / '.join(problem.split(chr(10)))[:300]}")
    return bool(broken) or any(any(o.problems.values()) for o in outcomes)


if __name__ == "__main__":
    sys.exit(main())
