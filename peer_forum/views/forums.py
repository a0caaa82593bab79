"""Forums and meetings: the list, a forum's page, adding and changing them, a meeting's agenda
and who is present."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from peer_forum.access import may_decide
from peer_forum.forms import AttendanceForm, ForumCreateForm, ForumEditForm, MeetingForm
from peer_forum.models import Decision
from peer_forum.selectors import forums as forum_selectors
from peer_forum.services import forums as forum_services
from peer_forum.views.common import page_of, section_links


@login_required
def forum_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "forum.view")
    page = page_of(request, forum_selectors.forum_list(user=request.user), 25)
    context = {
        "page": page,
        "can_manage": can(request.user, "forum.manage"),
        "peer_forum_links": section_links(request),
    }
    return render(request, "peer_forum/forum_list.html", context)


@login_required
def forum_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "forum.manage")
    localities = forum_selectors.manageable_localities(user=request.user)
    form = ForumCreateForm(
        request.POST or None,
        localities=localities,
        members_queryset=forum_selectors.possible_members(localities=localities),
    )
    if request.method == "POST" and form.is_valid():
        try:
            forum = forum_services.forum_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{forum.name} is set up.")
            return redirect("peer_forum:forum_detail", pk=forum.pk)
    return render(request, "peer_forum/forum_form.html", {"form": form, "title": "Add a forum"})


@login_required
def forum_edit(request: HttpRequest, pk: int) -> HttpResponse:
    forum = forum_selectors.forum_get(user=request.user, pk=pk, action="forum.manage")
    initial = {
        "name": forum.name,
        "delegated_weekly_limit": forum.delegated_weekly_limit,
        "delegated_one_off_limit": forum.delegated_one_off_limit,
        "quorum": forum.quorum,
        "members": forum.members.all(),
        "is_active": forum.is_active,
    }
    members = forum_services.eligible_members(forum.locality)
    form = ForumEditForm(request.POST or None, initial=initial, members_queryset=members)
    if request.method == "POST" and form.is_valid():
        try:
            forum_services.forum_update(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved changes to {forum.name}.")
            return redirect("peer_forum:forum_detail", pk=forum.pk)
    context = {"form": form, "title": f"Change {forum.name}", "forum": forum}
    return render(request, "peer_forum/forum_form.html", context)


@login_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forum = forum_selectors.forum_get(user=request.user, pk=pk)
    page = page_of(request, forum_selectors.meeting_list(forum=forum), 20)
    context = {
        "forum": forum,
        "members": forum_selectors.forum_members(forum),
        "page": page,
        "can_manage": can(request.user, "forum.manage"),
    }
    if wants_fragment(request):
        return render(request, "peer_forum/partials/_meeting_table.html", context)
    return render(request, "peer_forum/forum_detail.html", context)


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    forum = forum_selectors.forum_get(user=request.user, pk=pk, action="forum.manage")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = forum_services.meeting_create(
                actor=request.user, forum=forum, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Meeting on {meeting.held_on:%-d %B %Y} added.")
            return redirect("peer_forum:meeting_detail", pk=meeting.pk)
    context = {"form": form, "forum": forum, "title": f"Add a meeting of {forum.name}"}
    return render(request, "peer_forum/meeting_form.html", context)


def _meeting_context(request: HttpRequest, meeting, form=None) -> dict:
    user = request.user
    sees_cases = can(user, "funding_request.view")
    agenda = forum_selectors.meeting_agenda(user=user, meeting=meeting) if sees_cases else None
    page = page_of(request, agenda, 25) if agenda is not None else None
    return {
        "meeting": meeting,
        "forum": meeting.forum,
        "page": page,
        "agenda_count": meeting.agenda.count() if not sees_cases else None,
        "present": list(meeting.attendees.order_by("first_name", "last_name")),
        "attendance_form": form
        or AttendanceForm(initial={"attendees": meeting.attendees.all()}, forum=meeting.forum),
        "can_manage": can(user, "forum.manage"),
        "can_decide": may_decide(user, meeting.forum),
        "outcome_choices": Decision.Outcome.choices,
    }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = forum_selectors.meeting_get(user=request.user, pk=pk)
    return render(request, "peer_forum/meeting_detail.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = forum_selectors.meeting_get(user=request.user, pk=pk, action="forum.manage")
    form = AttendanceForm(request.POST, forum=meeting.forum)
    if form.is_valid():
        try:
            forum_services.meeting_record_attendance(
                actor=request.user, meeting=meeting, attendees=form.cleaned_data["attendees"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = None
            if not wants_fragment(request):
                messages.success(request, "Attendance saved.")
                return redirect("peer_forum:meeting_detail", pk=meeting.pk)
    context = _meeting_context(request, meeting, form)
    if wants_fragment(request):
        return render(request, "peer_forum/partials/_attendance.html", context)
    return render(request, "peer_forum/meeting_detail.html", context)
