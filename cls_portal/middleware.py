from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

SESSION_STARTED_KEY = "cls_started_at"
SESSION_REFRESHED_KEY = "cls_refreshed_at"
# An active session's idle expiry is pushed on at most once a minute: saving it on every request
# cost each page a database write; the 15 idle minutes become 14 to 15.
SESSION_REFRESH_SECONDS = 60
# Every signed-in answer says how long the session has left, so the page can warn before it ends.
SECONDS_LEFT_HEADER = "X-Session-Seconds-Left"


def session_seconds_left(request: HttpRequest) -> int:
    """Seconds before this session ends if the user does nothing more: the idle limit counted
    from its last refresh, or the absolute limit, whichever comes first. A lower bound (the
    session may have been saved since, for another reason), so a warning is never late."""
    now = time.time()
    session = request.session
    idle = settings.SESSION_COOKIE_AGE - (now - session.get(SESSION_REFRESHED_KEY, now))
    absolute = settings.SESSION_ABSOLUTE_SECONDS - (now - session.get(SESSION_STARTED_KEY, now))
    return max(0, int(min(idle, absolute)))


def session_refresh(request: HttpRequest) -> None:
    """Push the idle expiry on now (the session is saved with a new expiry)."""
    request.session[SESSION_REFRESHED_KEY] = time.time()


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
                session_refresh(request)
        response = self.get_response(request)
        if request.user.is_authenticated:
            response[SECONDS_LEFT_HEADER] = str(session_seconds_left(request))
        return response


class HtmxSignInMiddleware:
    """An htmx request whose session has ended is answered 401 instead of a redirect to the
    sign-in page (which htmx would follow and put inside the page, in place of the form). The
    page's script (static/js/drafts.js) keeps what was typed and goes to sign in itself; the
    header says where."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code != 302:
            return response
        login_url = resolve_url(settings.LOGIN_URL)
        if response["Location"].split("?")[0] != login_url:
            return response
        signed_out = HttpResponse(
            "Signed out: sign in again.", status=401, content_type="text/plain"
        )
        signed_out["X-Sign-In"] = login_url
        return signed_out


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
