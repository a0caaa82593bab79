from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SESSION_STARTED_KEY = "cls_started_at"
SESSION_REFRESHED_KEY = "cls_refreshed_at"
# An active session's idle expiry is pushed on at most once a minute: saving it on every request
# cost each page a database write; the 15 idle minutes become 14 to 15.
SESSION_REFRESH_SECONDS = 60


class AbsoluteSessionLimitMiddleware:
    """End a session after SESSION_ABSOLUTE_SECONDS however active it is, and keep an active
    one alive: idle expiry is Django's SESSION_COOKIE_AGE, counted from the session's last save,
    which this makes at least once a minute while the user is working."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
            elif now - request.session.get(SESSION_REFRESHED_KEY, 0) > SESSION_REFRESH_SECONDS:
                request.session[SESSION_REFRESHED_KEY] = now  # saved, with a new expiry
        return self.get_response(request)


class HealthCheckMiddleware:
    """Answer /healthz before host checks, so a container probe on localhost works in production.
    It touches the database so a dead database shows as unhealthy; it reveals nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return HttpResponse("ok", content_type="text/plain")
        return self.get_response(request)
