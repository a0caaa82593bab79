"""Where to go after a form or sign-in: a ``next`` the request names, only if it is a path on
this site. Anything else (an address on another site, ``javascript:``, a word that is not a
path, a control character that cannot go in a header) is ignored for the safe default, so a
hostile or mistyped ``next`` can neither send someone elsewhere nor fail the request after its
change was saved."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

MAX_NEXT_LENGTH = 2000


def is_local_path(target: str) -> bool:
    """True for a path on this site ("/people/?q=1"), never for another host or scheme."""
    return (
        0 < len(target) <= MAX_NEXT_LENGTH
        and target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    )


def next_or(request: HttpRequest, default: str) -> str:
    """``next`` from the form, else from the query string, if it is a local path; else
    ``default`` (a path the view chose)."""
    for target in (request.POST.get("next"), request.GET.get("next")):
        if target and is_local_path(target):
            return target
    return default
