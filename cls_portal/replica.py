"""Reads that may come from a PostgreSQL replica: the outcomes dashboards and the figures of a
report, which are aggregates over many months and can be a few seconds behind. Everything
else, and every write, uses the primary.

Set DATABASE_REPLICA_URL to add the ``replica`` alias; without it the router answers the
primary for everything. Code opts in with ``reading_replica()``; the middleware opts in the
GET pages named in ``settings.REPLICA_READ_URL_NAMES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_reading_replica: ContextVar[bool] = ContextVar("cls_reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reading_replica() -> Iterator[None]:
    """Reads inside the block go to the replica, if there is one."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Plain reads in a ``reading_replica()`` block go to the replica; writes, reads inside a
    transaction on the primary (which must see their own writes) and locking reads
    (``select_for_update`` is routed as a write) stay on the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if not _reading_replica.get() or not replica_configured():
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # one database, two connections to it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows the primary; nothing migrates it directly


class ReplicaReadsMiddleware:
    """GET and HEAD requests for the pages named in REPLICA_READ_URL_NAMES read the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.REPLICA_READ_URL_NAMES
            and replica_configured()
        ):
            with reading_replica():
                return view(request, *args, **kwargs)
        return None
