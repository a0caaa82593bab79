"""Forums and meetings: the list, a forum's page, adding and changing them (a meeting's own page,
run from it, is ``views.meetings``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from peer_forum.forms import ForumCreateForm, ForumEditForm, MeetingForm
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
