"""OpenAPI schema additions: every operation documents the errors it can answer with.

drf-spectacular describes each operation's success; the errors every endpoint shares come
from one place here, so a client (and schemathesis, which checks every status it receives is
documented) knows what a refusal looks like: 400 with a message per field, or 401/403/404/429
with a ``detail`` sentence."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# {"field": ["message", …]}, {"non_field_errors": [...]}, nested for nested input, or {"detail"}.
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {},
    "description": "A message (or list of messages) per field; non_field_errors for the rest.",
}
ERRORS = {
    "400": ("ValidationError", "Refused: the messages say what to change. Nothing was changed."),
    "401": ("Error", "The token sent is not valid."),
    "403": ("Error", "Not signed in, or your role may not do this."),
    "404": ("Error", "No such record where you work (or no such address)."),
    "429": ("Error", "Too many attempts: try again later."),
}
METHODS = {"get", "post", "put", "patch", "delete"}
# Times of day are local wall-clock times ("09:30" or "09:30:00"), not RFC 3339 full-times
# with an offset, which is what ``format: time`` promises to a validator.
TIME_OF_DAY = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "09:30"}


def _local_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            node.update({key: value for key, value in TIME_OF_DAY.items() if key not in node})
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


def add_error_responses(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    _local_times(result)
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, (name, description) in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                )
    return result
