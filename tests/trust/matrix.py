"""Machinery for the access-control matrix: the URL patterns of the project, the arguments to
fill them for an object in a place, and one request as a signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ADMIN_SITE = "django-admin/"


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced, e.g. "conversations:person_detail"
    route: str
    params: tuple[str, ...]
    callback: object

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def implemented_methods(self) -> set[str] | None:
        """The HTTP methods a DRF view implements (None for a plain Django view)."""
        cls = getattr(self.callback, "cls", None)
        if cls is None:
            return None
        actions = getattr(self.callback, "actions", None)
        if actions:
            return {method.upper() for method in actions if method not in ("head", "options")}
        return {
            method.upper()
            for method in cls.http_method_names
            if method not in ("options", "head") and hasattr(cls, method)
        }


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(ADMIN_SITE):
                continue  # Django's admin: staff only (one row covers its index)
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner.strip(":"))
        elif isinstance(entry, URLPattern):
            regex = entry.pattern.regex
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Pattern(name, route, tuple(regex.groupindex), entry.callback)


def unnamed_routes() -> list[str]:
    """Routes without a name: the matrix is keyed by name, so these would escape it."""
    return [p.route for p in _walk(get_resolver().url_patterns) if not p.name]


def project_patterns() -> list[Pattern]:
    found = [p for p in _walk(get_resolver().url_patterns) if p.name]
    found.append(Pattern("admin:index", ADMIN_SITE, (), None))
    return found


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""
    headers: dict = field(default_factory=dict)


def call(client: Client, method: str, url: str, *, api: bool, htmx: bool = False) -> Answer:
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    if method == "GET":
        response = client.get(url, **extra)
    elif api:
        response = getattr(client, method.lower())(url, data="{}", content_type="application/json")
    else:
        response = getattr(client, method.lower())(url, data={}, **extra)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Answer(response.status_code, body.decode(errors="replace"), response.get("Location", ""))


def url_for(name: str, kwargs: dict) -> str:
    return reverse(name, kwargs=kwargs)
