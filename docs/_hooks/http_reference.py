"""MkDocs hook: the HTTP reference page, rendered from openapi.yaml at build time.

The page is plain Markdown (no script, nothing fetched when it is opened): every operation with
its parameters, responses and examples, then the security scheme and every schema. The spec
itself (`docs/openapi.yaml`, a link to the root file) is published beside it for download.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
PAGE = "reference/http.md"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The rendered page in place of its source (`docs/reference/http.md`, which tells a reader
    of the sources where the contract is); `docs/openapi.yaml`, a link to the spec, is copied
    as it is."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    if (source := files.get_file_from_path(PAGE)) is not None:
        files.remove(source)
    files.append(File.generated(config, PAGE, content=render(spec)))
    return files


def render(spec: dict[str, Any]) -> str:
    """The whole page."""
    info = spec["info"]
    lines = [f"# HTTP API: {info['title']} {info['version']}", ""]
    if summary := info.get("summary"):
        lines += [summary, ""]
    for server in spec.get("servers", []):
        lines += [f"Base URL: `{server['url']}` — {server.get('description', '')}", ""]
    lines += [
        "The contract itself: [openapi.yaml](../openapi.yaml) (OpenAPI "
        f"{spec['openapi']}). Every path below is relative to the base URL.",
        "",
        _demote(info.get("description", "")),
        "",
        "## Operations",
        "",
        "| method | path | operation | summary |",
        "|---|---|---|---|",
    ]
    operations = list(_operations(spec))
    lines += [
        f"| {method.upper()} | {_code(path)} | [{op['operationId']}](#{op['operationId']}) "
        f"| {_cell(op.get('summary', ''))} |"
        for path, method, op in operations
    ]
    lines.append("")
    for path, method, op in operations:
        lines += _operation(spec, path, method, op)
    lines += _security(spec)
    lines += ["## Schemas", ""]
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        lines += _schema(name, schema)
    return "\n".join(lines) + "\n"


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, item[method])
        for path, item in spec.get("paths", {}).items()
        for method in METHODS
        if method in item
    ]


def _operation(spec: dict[str, Any], path: str, method: str, op: dict[str, Any]) -> list[str]:
    lines = [
        f"## `{method.upper()} {path}` {{ #{op['operationId']} }}",
        "",
        f"**{op.get('summary', '')}** · operation `{op['operationId']}`"
        + (f" · tags: {', '.join(op['tags'])}" if op.get("tags") else ""),
        "",
        _demote(op.get("description", ""), by=2),
        "",
    ]
    parameters = [_resolve(spec, p) for p in op.get("parameters", [])]
    if parameters:
        lines += [
            "**Parameters**",
            "",
            "| name | in | required | type | description |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {_code(p['name'])} | {p['in']} | {'yes' if p.get('required') else 'no'} "
            f"| {_type(p.get('schema', {}))} | {_cell(p.get('description', ''))} |"
            for p in parameters
        ]
        lines.append("")
    lines += ["**Responses**", "", "| status | description | body |", "|---|---|---|"]
    examples: list[str] = []
    for status, response in op.get("responses", {}).items():
        response = _resolve(spec, response)
        for media, content in response.get("content", {}).items():
            body = f"{_type(content.get('schema', {}))} ({media})"
            for name, example in content.get("examples", {}).items():
                examples += _example(status, name, _resolve(spec, example))
        if not response.get("content"):
            body = "—"
        headers = ", ".join(_code(h) for h in response.get("headers", {}))
        description = _cell(response.get("description", ""))
        if headers:
            description += f" Headers: {headers}."
        lines.append(f"| {status} | {description} | {body} |")
    lines += ["", *examples]
    return lines


def _example(status: str, name: str, example: dict[str, Any]) -> list[str]:
    title = f"{status} · {name}" + (f": {example['summary']}" if example.get("summary") else "")
    body = json.dumps(example.get("value"), indent=2, ensure_ascii=False)
    return [f'??? example "{title}"', "    ```json", *_indent(body), "    ```", ""]


def _security(spec: dict[str, Any]) -> list[str]:
    schemes = spec.get("components", {}).get("securitySchemes", {})
    lines = ["## Security schemes", ""] if schemes else []
    for name, scheme in schemes.items():
        where = f"the `{scheme['name']}` {scheme['in']}" if scheme.get("type") == "apiKey" else ""
        lines += [
            f"**{name}** ({scheme['type']}{', ' + where if where else ''})",
            "",
            scheme.get("description", ""),
            "",
        ]
    return lines


def _schema(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name} {{ #schema-{name} }}", "", schema.get("description", ""), ""]
    properties = schema.get("properties", {})
    if not properties:
        return [*lines, f"Type: {_type(schema)}", ""]
    required = set(schema.get("required", []))
    lines += ["| field | required | type | description |", "|---|---|---|---|"]
    lines += [
        f"| {_code(field)} | {'yes' if field in required else 'no'} | {_type(sub)} "
        f"| {_cell(sub.get('description', ''))} |"
        for field, sub in properties.items()
    ]
    return [*lines, ""]


def _type(schema: dict[str, Any]) -> str:
    """A schema in a few words, with links to named schemas."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#schema-{name})"
    for combiner, word in (("oneOf", " or "), ("anyOf", " or "), ("allOf", " and ")):
        if combiner in schema:
            return word.join(_type(branch) for branch in schema[combiner])
    kind = schema.get("type", "any")
    kind = " or ".join(kind) if isinstance(kind, list) else kind
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    facts = [schema["format"]] if "format" in schema else []
    if "enum" in schema:
        facts.append("one of " + ", ".join(_code(json.dumps(v)) for v in schema["enum"]))
    if "pattern" in schema:
        facts.append(f"matching {_code(schema['pattern'])}")
    if "minimum" in schema:
        facts.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        facts.append(f"≤ {schema['maximum']}")
    if "maxLength" in schema:
        facts.append(f"{schema.get('minLength', 0)} to {schema['maxLength']} characters")
    return kind + (f" ({'; '.join(facts)})" if facts else "")


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (`#/components/...`) to what it names."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _demote(markdown: str, by: int = 1) -> str:
    """Headings in a description, moved down under the page's own."""
    return "\n".join(
        "#" * by + line if line.startswith("#") else line for line in markdown.splitlines()
    )


def _code(text: str) -> str:
    """Inline code (a table ignores the `|` inside a code span)."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _cell(text: str) -> str:
    """A description on one line, safe inside a table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _indent(text: str) -> list[str]:
    return ["    " + line for line in text.splitlines()]
