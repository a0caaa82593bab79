"""A person's page: their details and the timeline of every episode of their journey."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.services import audit_view
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import has_role_permission
from conversations.models import Conversation
from conversations.person_page import episode_links, person_page_sections
from conversations.selectors.people import person_get
from conversations.selectors.timeline import person_timeline
from conversations.selectors.wellbeing_change import person_wellbeing_change
from conversations.services.pathway import allowed_conversation_kinds
from conversations.services.recording import ACTION_FOR_KIND
from conversations.services.wellbeing import measures_available

# What the page offers, by the action each needs (the services and views check again).
ABILITIES = {
    "record": "conversation.record",
    "change": "person.change",
    "work": "episode.work",
    "wait": "waiting_list.change",
    "see_waiting_lists": "waiting_list.view",
    "audit": "person.audit",
    "export": "person.export",
    "erase": "person.erase",
    "amend": "record.amend",
    "book": "hub_booking.change",
}


def abilities(user) -> dict[str, bool]:
    return {name: has_role_permission(user, action) for name, action in ABILITIES.items()}


def _record_links(user, episode) -> list[dict[str, str]]:
    """The conversations this user may record on the episode now (only moves the pathway allows)."""
    if episode is None:
        return []
    return [
        {
            "label": f"Record conversation {kind}",
            "hint": Conversation.Kind(kind).label.split(": ", 1)[-1],
            "url": reverse("conversations:conversation_create", args=[episode.pk, kind]),
        }
        for kind in allowed_conversation_kinds(episode)
        if has_role_permission(user, ACTION_FOR_KIND[kind])
    ]


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    if person.merged_into_id:  # merged into another record of the same person: go there
        return redirect("conversations:person_detail", person.merged_into_id)
    audit_view(actor=request.user, obj=person)  # the access log: who looked at whose record
    page, blocks = person_timeline(
        user=request.user, person=person, page_number=request.GET.get("page")
    )
    for block in blocks:  # what higher apps offer beside an episode (peer forum: request funding)
        block.links = episode_links(user=request.user, block=block)
    latest = blocks[0].episode if blocks and page.number == 1 else None
    context = {
        "person": person,
        "page": page,
        "blocks": blocks,
        "latest": latest,
        "today": timezone.localdate(),
        "record_links": _record_links(request.user, latest),
        "may": abilities(request.user),
        "measures": measures_available(person.partnership),
        "sections": person_page_sections(user=request.user, person=person),
        "wellbeing_changes": person_wellbeing_change(user=request.user, person_id=person.pk),
    }
    if wants_fragment(request, target="timeline"):
        return render(request, "conversations/partials/_timeline.html", context)
    return render(request, "conversations/person_detail.html", context)
