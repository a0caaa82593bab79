"""A person's page: their details and every episode of their journey."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cls_portal.audit.services import audit_view
from conversations.selectors.people import person_get


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    audit_view(actor=request.user, obj=person)  # the access log: who looked at whose record
    episodes = person.episodes.select_related("locality").order_by("-first_contact_on", "-pk")
    return render(
        request, "conversations/person_detail.html", {"person": person, "episodes": episodes}
    )
