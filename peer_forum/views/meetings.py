"""A meeting as the page it is run from: who is present and whether the forum is quorate, then
the agenda, each request decided in place (its form loads into its item with htmx; after a
decision the item shows it and the next one opens). Also holding today's meeting in one step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can
from peer_forum.access import may_decide
from peer_forum.forms import AttendanceForm
from peer_forum.models import Decision, ForumMeeting
from peer_forum.selectors import forums as forum_selectors
from peer_forum.selectors import meeting_page
from peer_forum.services import forums as forum_services
from peer_forum.views.common import page_of


def quorum_state(forum: Any, present: int, members: int) -> dict[str, Any]:
    """ "Quorate: 3 of 4 members present", or not, with how many the forum needs."""
    quorate = present >= forum.quorum
    text = f"{present} of {members} member{'s' if members != 1 else ''} present"
    if quorate:
        return {"quorate": True, "text": f"Quorate: {text} ({forum.quorum} needed)."}
    return {
        "quorate": False,
        "text": f"Not quorate: {text}; {forum.quorum} needed to decide. Tick who is present "
        "below and save before deciding.",
    }


def meeting_context(
    request: HttpRequest,
    meeting: ForumMeeting,
    *,
    attendance_form: AttendanceForm | None = None,
    open_item: Any = None,
    recorded: str = "",
    notice: str = "",
    notice_about: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the meeting page and its agenda fragment show. ``open_item``: a dict with the
    request and its decide form, shown inside that request's agenda item; ``notice_about``: the
    request a refusal is about, as it is now (its ``funding`` and ``last_decision``)."""
    user = request.user
    forum = meeting.forum
    sees_cases = can(user, "funding_request.view")
    agenda = forum_selectors.meeting_agenda(user=user, meeting=meeting) if sees_cases else None
    present = list(meeting.attendees.order_by("first_name", "last_name"))
    return {
        "meeting": meeting,
        "forum": forum,
        "page": page_of(request, agenda, 25) if agenda is not None else None,
        "agenda_count": meeting.agenda.count() if not sees_cases else None,
        "present": present,
        "quorum": quorum_state(forum, len(present), forum.members.count()),
        "attendance_form": attendance_form
        or AttendanceForm(initial={"attendees": present}, forum=forum),
        "can_manage": can(user, "forum.manage"),
        "can_decide": may_decide(user, forum),
        "today": meeting.held_on == timezone.localdate(),
        "is_past_or_today": meeting.held_on <= timezone.localdate(),
        "outcome_labels": dict(Decision.Outcome.choices),
        "open_item": open_item,
        "recorded": recorded,
        "notice": notice,
        "notice_about": notice_about,
    }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = forum_selectors.meeting_get(user=request.user, pk=pk)
    context = meeting_context(request, meeting)
    if wants_fragment(request, "agenda"):
        return render(request, "peer_forum/partials/_agenda.html", context)
    return render(request, "peer_forum/meeting_detail.html", context)


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = forum_selectors.meeting_get(user=request.user, pk=pk, action="forum.manage")
    form = AttendanceForm(request.POST, forum=meeting.forum)
    saved = False
    if form.is_valid():
        try:
            forum_services.meeting_record_attendance(
                actor=request.user, meeting=meeting, attendees=form.cleaned_data["attendees"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved = True
            if not wants_fragment(request):
                messages.success(request, "Attendance saved.")
                return redirect("peer_forum:meeting_detail", pk=meeting.pk)
    context = meeting_context(request, meeting, attendance_form=None if saved else form)
    context["attendance_saved"] = saved
    if wants_fragment(request):
        return render(request, "peer_forum/partials/_attendance.html", context)
    return render(request, "peer_forum/meeting_detail.html", context)


@login_required
@require_POST
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Hold today's meeting of a forum in one step: open it if it exists, else add it and put
    the forum's waiting requests on its agenda (``forum_services.meeting_hold``)."""
    forum = forum_selectors.forum_get(user=request.user, pk=pk, action="forum.manage")
    meeting = meeting_page.todays_meeting(user=request.user, forum=forum)
    if meeting is not None:
        return redirect("peer_forum:meeting_detail", pk=meeting.pk)
    try:
        meeting, waiting = forum_services.meeting_hold(
            actor=request.user, forum=forum, held_on=timezone.localdate()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("peer_forum:queue")
    on_agenda = f"{len(waiting)} request{'s' if len(waiting) != 1 else ''} on its agenda"
    messages.success(request, f"Today's meeting of {forum.name} is open, with {on_agenda}.")
    return redirect("peer_forum:meeting_detail", pk=meeting.pk)
