"""API plumbing shared by every app: the one error handler, pagination and the permission class
that wraps ``cls_portal.permissions`` so the API answers exactly as the pages do."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, pagination, parsers, permissions, serializers, throttling
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cls_portal.permissions import has_role_permission, in_scope

# The largest id a database holds (a signed 64-bit integer). A request naming a record by a
# larger number (or by 0 or less) is refused with a message, not passed to the database,
# which cannot compare a foreign key with it (SQLite and PostgreSQL both fail).
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """A record's id in a request body: a whole number from 1 to MAX_ID."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def api_error_from_service(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as a DRF 400: its messages keyed by the field each names, and
    ``non_field_errors`` for the rest (Django's ``__all__`` included)."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: messages
                for name, messages in error.message_dict.items()
            }
        )
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The API's one error path (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``): a service's Django
    ValidationError answers 400 with its messages, so API views call services without a
    try/except of their own; everything else is DRF's own handling (404, 403, 401, 400)."""
    # Imported here: DRF's settings name classes of this module, and rest_framework.views reads
    # those settings as it loads, so importing it at the top would be circular.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = api_error_from_service(exc)
    elif isinstance(exc, exceptions.Throttled) and not isinstance(exc, TooManyRequests):
        exc = TooManyRequests(wait=exc.wait)
    return drf_exception_handler(exc, context)


class TooManyRequests(exceptions.Throttled):
    """429, said plainly (with a Retry-After header)."""

    default_detail = "Too many requests."
    extra_detail_singular = "Try again in {wait} second."
    extra_detail_plural = "Try again in {wait} seconds."


def id_parameter(name: str, description: str = "") -> OpenApiParameter:
    """A query parameter naming a record by id (documented with its range)."""
    return OpenApiParameter(
        name, {"type": "integer", "minimum": 1, "maximum": MAX_ID}, description=description
    )


def _one_value(request: Any, name: str, message: str) -> str | None:
    """A query parameter given at most once, not empty (None if absent)."""
    values = request.query_params.getlist(name)
    if len(values) > 1 or values == [""]:
        raise exceptions.ValidationError({name: message})
    return values[0] if values else None


def id_from_query(request: Any, name: str) -> int | None:
    """An id from the query string: None if absent, 400 with a message if not a valid id."""
    message = "Give the id: a whole number from 1."
    raw = _one_value(request, name, message)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        raise exceptions.ValidationError({name: message})
    return int(raw)


def choice_from_query(request: Any, name: str, choices: Any) -> str | None:
    """One of ``choices`` from the query string (None if absent), else 400 naming them."""
    allowed = [str(choice) for choice in choices]
    message = f"Choose one of: {', '.join(allowed)}."
    raw = _one_value(request, name, message)
    if raw is not None and raw not in allowed:
        raise exceptions.ValidationError({name: message})
    return raw


def date_from_query(request: Any, name: str) -> datetime.date | None:
    """A day as YYYY-MM-DD (None if absent), else 400."""
    message = "Give a date as YYYY-MM-DD."
    raw = _one_value(request, name, message)
    if raw is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError({name: message}) from None


def flag_from_query(request: Any, name: str) -> bool:
    """``true`` or ``false`` (absent: false), else 400."""
    return choice_from_query(request, name, ["true", "false"]) == "true"


def _one_whole_number(request: Any, name: str, low: int, high: int, message: str) -> int | None:
    """A query parameter that must appear at most once, as a whole number in a range."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    text = values[0]
    if len(values) > 1 or not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise exceptions.ValidationError({name: message})
    return int(text)


class QuerySerializer(serializers.Serializer):
    """Query-string filters read with a serializer. A parameter given twice or given empty is
    refused with a message (as the schema says), not quietly taken as absent."""

    def to_internal_value(self, data: Any) -> Any:
        getlist = getattr(data, "getlist", lambda name: [data[name]] if name in data else [])
        wrong = {
            name: "Give one value, or leave the parameter out."
            for name in self.fields
            if len(getlist(name)) > 1 or getlist(name) == [""]
        }
        if wrong:
            raise exceptions.ValidationError(wrong)
        return super().to_internal_value(data)


class Pagination(pagination.PageNumberPagination):
    """Pages of 50 (``page_size`` up to 200). A page number or size that is not a whole number
    in range is refused with a message (400) rather than quietly replaced."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    max_page_number = 1_000_000

    def get_page_size(self, request: Any) -> int:
        size = _one_whole_number(
            request,
            self.page_size_query_param,
            1,
            self.max_page_size,
            f"Give a page size from 1 to {self.max_page_size}.",
        )
        return size or self.page_size

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        values = request.query_params.getlist(self.page_query_param)
        if len(values) == 1 and values[0] in self.last_page_strings:
            return paginator.num_pages
        number = _one_whole_number(
            request,
            self.page_query_param,
            1,
            self.max_page_number,
            "Give a page number: a whole number from 1.",
        )
        return number or 1

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_page_number}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_page_size}
        return parameters


class RoleAction(permissions.BasePermission):
    """Set ``required_action`` (or ``required_actions`` keyed by HTTP method) on the view.

    Objects outside the user's scope are never in the view's queryset (selectors scope them),
    so they answer 404; ``has_object_permission`` double-checks scope all the same.

    Views of one object also set ``scope_model`` (and ``scope_kwarg`` if the URL does not call
    it ``pk``): then an object outside the user's scope answers 404 even to a role that may not
    act, exactly as the pages do (which look the object up first), so the answers agree and
    the access-control matrix can say "another partnership's object: always 404".
    """

    SAFE = ("GET", "HEAD", "OPTIONS")

    def _action(self, request: Any, view: Any) -> str:
        actions = getattr(view, "required_actions", None)
        if actions:
            key = "read" if request.method in self.SAFE else "write"
            return actions[key]
        return view.required_action

    def has_permission(self, request: Any, view: Any) -> bool:
        if has_role_permission(request.user, self._action(request, view)):
            return True
        self._not_found_outside_scope(request, view)
        return False

    def _not_found_outside_scope(self, request: Any, view: Any) -> None:
        model = getattr(view, "scope_model", None)
        key = (getattr(view, "kwargs", None) or {}).get(getattr(view, "scope_kwarg", "pk"))
        user = request.user
        if model is None or key is None or not getattr(user, "is_authenticated", False):
            return
        try:
            visible = model.objects.visible_to(user).filter(pk=key).exists()
        except (ValueError, TypeError):
            visible = False
        if not visible:
            raise exceptions.NotFound("No such record.")

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return in_scope(request.user, obj)


# JSON deeper than this is refused (400) before anything reads it: no request this API takes
# (nor an HSDS file) comes near it, and Python's parser fails at about 1,000 levels with an
# error that would otherwise be a 500.
MAX_JSON_DEPTH = 32
TOO_DEEP = f"The JSON is nested too deeply: at most {MAX_JSON_DEPTH} levels of lists and objects."


class JSONTooDeep(ValueError):
    """JSON nested deeper than MAX_JSON_DEPTH."""


def json_depth(data: Any) -> int:
    """How many levels of lists and objects ``data`` has (0 for a plain value)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack += [(inner, depth + 1) for inner in item if isinstance(inner, dict | list)]
    return deepest


def json_loads(text: str | bytes) -> Any:
    """``json.loads``, refusing JSON nested deeper than MAX_JSON_DEPTH with JSONTooDeep."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise JSONTooDeep(TOO_DEEP) from None
    if json_depth(data) > MAX_JSON_DEPTH:
        raise JSONTooDeep(TOO_DEEP)
    return data


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (the API's default), refusing JSON nested deeper than MAX_JSON_DEPTH
    with 400 instead of failing."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP) from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(TOO_DEEP)
        return data


class _RatesFromSettings:
    """DRF reads the rates once, when its throttle classes are imported; these read them at
    each request, so a change to the settings (a test's) takes effect."""

    @property
    def THROTTLE_RATES(self) -> dict[str, Any]:
        return api_settings.DEFAULT_THROTTLE_RATES


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """Requests not signed in, by address: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]``."""


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    """Requests signed in, by user: the ``user`` rate."""


class TokenRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """The token route, by address: the tight ``token`` rate (guessing passwords is what it is
    for; django-axes also locks a username after five failures)."""

    scope = "token"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
