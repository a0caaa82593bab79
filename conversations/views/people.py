"""Find a person: search as you type by name, date of birth, postcode or CHI/NHS number."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from conversations.selectors.people import SEARCH_LIMIT, person_search
from hubs.selectors import hub_session_get


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "person.view")
    session = None
    if request.GET.get("session"):  # searching from a session page: offer "log a drop-in"
        session = hub_session_get(user=request.user, pk=request.GET["session"])
    text = request.GET.get("q", "")
    context = {
        "q": text,
        "result": person_search(user=request.user, text=text),
        "limit": SEARCH_LIMIT,
        "session": session,
        "can_log": bool(session and session.is_open and can(request.user, "conversation.record")),
        "can_take_in": can(request.user, "episode.work"),  # intake outside a hub
    }
    if wants_fragment(request):
        return render(request, "conversations/people/partials/_search_results.html", context)
    return render(request, "conversations/people/person_list.html", context)
