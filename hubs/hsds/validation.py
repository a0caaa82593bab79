"""Validating HSDS 3.0 records against the published schema, with plain-English messages.

The schema is Open Referral's ``service_with_definitions.json`` (vendored, unchanged, in
``schema/``). Like the upstream checker we are strict: every object schema forbids properties
it does not define, which catches misspelt field names. Formats are checked: the ``uuid`` and
``email`` checkers come with ``jsonschema``; ``uri`` and ``date-time`` (whose usual checkers
are optional extra packages) are checked here with the standard library.
"""

from __future__ import annotations

import copy
import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "service_with_definitions.json"

# The lists of an exchange file and the HSDS object each holds.
COLLECTIONS: dict[str, str] = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "service_at_locations": "service_at_location",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}

FORMAT_CHECKER = jsonschema.FormatChecker()


@FORMAT_CHECKER.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in {"mailto", "tel", "urn"})


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return "T" in value.upper() and parsed.tzinfo is not None  # RFC 3339 needs a time zone


def make_strict(schema: Any) -> Any:
    """A copy of a JSON schema in which every object schema with ``properties`` forbids
    properties it does not name (``additionalProperties: false``)."""
    schema = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if not isinstance(node, dict):
            return
        if isinstance(node.get("properties"), dict):
            node.setdefault("additionalProperties", False)
            for child in node["properties"].values():
                walk(child)
        if "items" in node:
            walk(node["items"])
        for key in ("definitions", "$defs"):
            for child in (node.get(key) or {}).values():
                walk(child)
        for key in ("allOf", "anyOf", "oneOf"):
            for child in node.get(key) or []:
                walk(child)

    walk(schema)
    return schema


@cache
def _definitions() -> dict[str, Any]:
    document = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    definitions = dict(document.pop("definitions"))
    definitions["service"] = document  # the root object is the service itself
    # As in the published organization.json: an organization may carry its services.
    definitions["organization"] = copy.deepcopy(definitions["organization"])
    definitions["organization"]["properties"]["services"] = {
        "type": "array",
        "items": {"$ref": "#/definitions/service"},
    }
    # As in the published service_at_location.json: it may carry its service.
    definitions["service_at_location"] = copy.deepcopy(definitions["service_at_location"])
    definitions["service_at_location"]["properties"]["service"] = {"$ref": "#/definitions/service"}
    return make_strict({"definitions": definitions})["definitions"]


@cache
def validator_for(kind: str) -> jsonschema.Draft202012Validator:
    """A strict validator for one HSDS object kind, e.g. ``"service"`` or ``"location"``."""
    definitions = _definitions()
    if kind not in definitions:
        raise KeyError(f"HSDS 3.0 has no object called {kind!r}.")
    schema = {"$ref": f"#/definitions/{kind}", "definitions": definitions}
    return jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


@dataclass(frozen=True)
class FieldProblem:
    field: str  # e.g. "phones[0].number", or "" for the record as a whole
    message: str


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _plain(error: jsonschema.ValidationError) -> FieldProblem:
    """jsonschema's message, said the way a directory officer would understand it."""
    where = _path(error.absolute_path)
    value = error.instance
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        field = f"{where}.{missing}" if where else missing
        return FieldProblem(field, "is missing: HSDS 3.0 requires it.")
    if error.validator == "additionalProperties":
        allowed = set((error.schema or {}).get("properties", {}))
        extra = sorted(set(value) - allowed) if isinstance(value, dict) else []
        names = ", ".join(f"“{name}”" for name in extra) or "A field"
        if len(extra) == 1:
            return FieldProblem(where, f"{names} is not an HSDS 3.0 field name here (misspelt?).")
        return FieldProblem(where, f"{names} are not HSDS 3.0 field names here (misspelt?).")
    if error.validator == "format":
        return FieldProblem(where, f"“{value}” is not a valid {error.validator_value}.")
    if error.validator == "enum":
        options = ", ".join(f"“{option}”" for option in error.validator_value)
        return FieldProblem(where, f"“{value}” is not allowed: use one of {options}.")
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return FieldProblem(where, f"should be a {expected}, not {type(value).__name__}.")
    return FieldProblem(where, error.message)


def record_problems(kind: str, record: Any) -> list[FieldProblem]:
    """Everything wrong with one record, in a stable order (empty when it is valid)."""
    if not isinstance(record, dict):
        return [FieldProblem("", f"should be a JSON object (an HSDS {kind}).")]
    errors = sorted(
        validator_for(kind).iter_errors(record),
        key=lambda error: (list(map(str, error.absolute_path)), error.validator),
    )
    return [_plain(error) for error in errors]
