"""Funding requests: the list, the forum queue, preparing, changing and submitting a request, its
page, and the fragment the person timeline loads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cls_portal.audit.services import audit_view
from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from conversations.selectors.pathway import episode_get, support_plan_latest
from conversations.selectors.people import person_get
from peer_forum.access import may_decide
from peer_forum.forms import EpisodeSearchForm, FundingRequestForm, ScheduleForm, SubmitForm
from peer_forum.models import FundingRequest
from peer_forum.selectors import forums as forum_selectors
from peer_forum.selectors import meeting_page
from peer_forum.selectors import requests as request_selectors
from peer_forum.services import requests as request_services
from peer_forum.services.decisions import allowed_outcomes
from peer_forum.views.common import (
    page_of,
    query_string_without_page,
    section_links,
)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "funding_request.view")
    status = request.GET.get("status", "")
    status = status if status in FundingRequest.Status.values else ""
    requests = request_selectors.request_list(user=request.user, status=status or None)
    context = {
        "page": page_of(request, requests, 25),
        "status": status,
        "statuses": FundingRequest.Status.choices,
        "query_string": query_string_without_page(request),
        "peer_forum_links": section_links(request),
    }
    if wants_fragment(request):
        return render(request, "peer_forum/partials/_request_table.html", context)
    return render(request, "peer_forum/request_list.html", context)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require(request.user, "forum.decide")
    page = page_of(request, request_selectors.request_queue(user=request.user), 25)
    forums = list(meeting_page.forums_sat_on(user=request.user))
    ahead = meeting_page.meetings_ahead(forums=forums)
    today = timezone.localdate()
    for funding in page.object_list:  # which meeting each can be decided at
        funding.decidable = meeting_page.decidable_at(funding, ahead, today)
    sittings = []
    for forum in forums:
        upcoming = ahead.get(forum.pk, [])
        todays = next((meeting for meeting in upcoming if meeting.held_on == today), None)
        sittings.append(
            {"forum": forum, "today": todays, "next": upcoming[0] if upcoming else None}
        )
    context = {
        "page": page,
        "sittings": sittings,
        "can_hold": can(request.user, "forum.manage"),
        "peer_forum_links": section_links(request),
    }
    if wants_fragment(request):
        return render(request, "peer_forum/partials/_queue_table.html", context)
    return render(request, "peer_forum/queue.html", context)


def _request_form(request: HttpRequest, episode, initial: dict) -> FundingRequestForm:
    solutions = request_selectors.directory_choices(
        episode=episode, include=initial.get("proposed_solutions", ())
    )
    return FundingRequestForm(request.POST or None, solutions=solutions, initial=initial)


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    """With ``?episode=<pk>``: a draft pre-filled from the episode's latest support plan.
    Without: find the person's open episode first."""
    if not request.GET.get("episode"):
        return _episode_search(request)
    episode = episode_get(
        user=request.user, pk=request.GET["episode"], action="funding_request.prepare"
    )
    plan = support_plan_latest(user=request.user, episode=episode)
    form = _request_form(request, episode, initial=request_services.support_plan_draft(plan))
    if request.method == "POST" and form.is_valid():
        try:
            created = request_services.funding_request_create(
                actor=request.user, episode=episode, support_plan=plan, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Draft saved. Check it, then submit it to the forum.")
            return redirect("peer_forum:request_detail", pk=created.pk)
    context = {"form": form, "episode": episode, "plan": plan, "title": "Request funding"}
    return render(request, "peer_forum/request_form.html", context)


def _episode_search(request: HttpRequest) -> HttpResponse:
    require(request.user, "funding_request.prepare")
    form = EpisodeSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    found = request_selectors.open_episode_search(user=request.user, query=query) if query else None
    limit = request_selectors.SEARCH_LIMIT
    context = {
        "form": form,
        "query": query,
        "episodes": found[:limit] if found is not None else None,
        "more": found is not None and len(found) > limit,
        "peer_forum_links": section_links(request),
    }
    if wants_fragment(request):
        return render(request, "peer_forum/partials/_episode_results.html", context)
    return render(request, "peer_forum/request_start.html", context)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    funding = request_selectors.request_get(user=request.user, pk=pk)
    audit_view(actor=request.user, obj=funding)  # the access log: a person's record was read
    can_prepare = can(request.user, "funding_request.prepare")
    schedule_form = None
    if can_prepare and funding.is_awaiting_decision:
        schedule_form = ScheduleForm(
            initial={"meeting": funding.meeting},
            meetings=forum_selectors.upcoming_meetings(forum=funding.forum),
        )
    context = {
        "funding": funding,
        "decisions": list(funding.decisions.all()),
        "can_prepare": can_prepare,
        "can_decide": funding.is_awaiting_decision and may_decide(request.user, funding.forum),
        "can_see_escalations": can(request.user, "escalation.view"),
        "can_review": (
            funding.status == FundingRequest.Status.APPROVED
            and funding.ended_on is None
            and not funding.is_one_off
            and can(request.user, "package.review")
        ),
        "schedule_form": schedule_form,
        "only_escalate": allowed_outcomes(funding) == ["escalate"],
    }
    return render(request, "peer_forum/request_detail.html", context)


def _initial(funding: FundingRequest) -> dict:
    initial = {name: getattr(funding, name) for name in request_services.REQUEST_FIELDS}
    initial["proposed_solutions"] = list(funding.proposed_solutions.all())
    return initial


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    funding = request_selectors.request_get(
        user=request.user, pk=pk, action="funding_request.prepare"
    )
    if not funding.is_editable:
        messages.error(request, "This request can no longer be changed.")
        return redirect("peer_forum:request_detail", pk=funding.pk)
    form = _request_form(request, funding.episode, initial=_initial(funding))
    if request.method == "POST" and form.is_valid():
        try:
            request_services.funding_request_update(
                actor=request.user, request=funding, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Changes saved.")
            return redirect("peer_forum:request_detail", pk=funding.pk)
    context = {
        "form": form,
        "episode": funding.episode,
        "funding": funding,
        "title": "Change the request",
    }
    return render(request, "peer_forum/request_form.html", context)


@login_required
def request_submit(request: HttpRequest, pk: int) -> HttpResponse:
    funding = request_selectors.request_get(
        user=request.user, pk=pk, action="funding_request.prepare"
    )
    forums = forum_selectors.forums_for_locality(locality_id=funding.episode.locality_id)
    meetings = forum_selectors.upcoming_meetings_of(forums=forums)
    form = SubmitForm(request.POST or None, forums=forums, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            request_services.funding_request_submit(
                actor=request.user, request=funding, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Submitted to {form.cleaned_data['forum'].name}.")
            return redirect("peer_forum:request_detail", pk=funding.pk)
    context = {"form": form, "funding": funding, "has_forum": forums.exists()}
    return render(request, "peer_forum/request_submit.html", context)


@login_required
@require_POST
def request_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    funding = request_selectors.request_get(
        user=request.user, pk=pk, action="funding_request.prepare"
    )
    meetings = forum_selectors.upcoming_meetings(forum=funding.forum)
    form = ScheduleForm(request.POST, meetings=meetings)
    try:
        if not form.is_valid():
            raise ValidationError("Choose one of the forum's upcoming meetings.")
        request_services.funding_request_schedule(
            actor=request.user, request=funding, meeting=form.cleaned_data["meeting"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Agenda updated.")
    return redirect("peer_forum:request_detail", pk=funding.pk)


@login_required
def person_requests(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's funding requests, for their timeline (loaded with htmx) or on their own."""
    person = person_get(user=request.user, pk=pk, action="funding_request.view")
    audit_view(actor=request.user, obj=person)
    requests = request_selectors.person_request_list(user=request.user, person_id=person.pk)
    context = {
        "person": person,
        "page": page_of(request, requests, 10),
        "can_prepare": can(request.user, "funding_request.prepare"),
        "open_episode": request_selectors.open_episode_for_person(
            user=request.user, person_id=person.pk
        ),
    }
    if wants_fragment(request):
        return render(request, "peer_forum/partials/_person_requests.html", context)
    return render(request, "peer_forum/person_requests.html", context)
