"""The API's reference page, built from its own OpenAPI schema (no JavaScript, no CDN)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str = ""


@dataclass
class Response:
    status: str
    description: str
    schema: str
    fields: list[Field]


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    tag: str
    secured: bool
    parameters: list[Field]
    body: list[Field]
    body_type: str
    responses: list[Response]
    example: str


@dataclass
class Section:
    tag: str
    operations: list[Operation] = field(default_factory=list)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(prop: dict, components: dict) -> str:
    if "$ref" in prop:
        return _ref_name(prop["$ref"])
    if "anyOf" in prop:
        kinds = [_type(p, components) for p in prop["anyOf"]]
        return " | ".join(k for k in kinds)
    if "enum" in prop:
        return " | ".join(json.dumps(v) for v in prop["enum"])
    if "const" in prop:
        return json.dumps(prop["const"])
    kind = prop.get("type", "object")
    if kind == "array":
        return f"[{_type(prop.get('items', {}), components)}]"
    if prop.get("format") in ("date-time", "binary"):
        return f"{kind} ({prop['format']})"
    return kind


def _fields(schema: dict, components: dict) -> tuple[str, list[Field]]:
    """The name and the fields of an object schema (following one $ref)."""
    name = ""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        schema = components.get(name, {})
    required = set(schema.get("required", ()))
    fields = [
        Field(key, _type(prop, components), key in required, prop.get("description", ""))
        for key, prop in schema.get("properties", {}).items()
    ]
    return name or schema.get("title", ""), fields


def _example(method: str, path: str, secured: bool, body_type: str) -> str:
    url = settings.SITE_URL.rstrip("/") + path
    parts = ["curl"]
    if method != "get":
        parts.append(f"-X {method.upper()}")
    if secured:
        parts.append('-H "Authorization: Bearer $BARAZA_TOKEN"')
    if body_type == "multipart/form-data":
        parts.append("-F file=@experiences.csv")
    elif body_type:
        parts.append('-H "Content-Type: application/json" -d @record.json')
    parts.append(f'"{url}"')
    return " ".join(parts)


def reference(schema: dict) -> list[Section]:
    """The schema's operations grouped by tag, in the schema's order, ready for a template."""
    components = schema.get("components", {}).get("schemas", {})
    sections: dict[str, Section] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["api"])[0]
            parameters = [
                Field(
                    f"{p['name']} ({p['in']})",
                    _type(p.get("schema", {}), components),
                    bool(p.get("required")),
                    p.get("description", "") or p.get("schema", {}).get("description", ""),
                )
                for p in op.get("parameters", ())
            ]
            body, body_type = [], ""
            content = op.get("requestBody", {}).get("content", {})
            for media, spec in content.items():
                body_type = media
                body = _fields(spec.get("schema", {}), components)[1]
            responses = []
            for status, response in op.get("responses", {}).items():
                media = response.get("content", {}).get("application/json", {})
                name, fields = _fields(media.get("schema", {}), components)
                responses.append(Response(status, response.get("description", ""), name, fields))
            secured = bool(op.get("security"))
            sections.setdefault(tag, Section(tag)).operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=op.get("operationId", f"{method}-{path}"),
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    tag=tag,
                    secured=secured,
                    parameters=parameters,
                    body=body,
                    body_type=body_type,
                    responses=responses,
                    example=_example(method, path, secured, body_type),
                )
            )
    return list(sections.values())
