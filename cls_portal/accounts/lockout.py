"""What a user locked out by django-axes is told: the pause is read from ``AXES_COOLOFF_TIME`` so
the words never disagree with the setting."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def pause_words() -> str:
    """How long signing in is paused, in words: "15 minutes", "1 hour", "90 minutes"."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def locked_out_message() -> str:
    return (
        "Too many unsuccessful attempts to sign in as this user: signing in is paused for "
        f"{pause_words()}."
    )


def locked_out(request: HttpRequest, *args) -> HttpResponse:
    """django-axes' ``AXES_LOCKOUT_CALLABLE``: the sign-in page's lock-out message."""
    return render(
        request,
        "registration/locked_out.html",
        {"pause": pause_words()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
