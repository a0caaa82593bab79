"""Deciding a request at a meeting: a page of its own, or in place on the meeting's page (the
form loads into the request's agenda item; after the decision the agenda shows it and opens the
next request). A refused choice says why and links to the step that fixes it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can
from peer_forum.access import require_forum_member
from peer_forum.forms import DecisionForm
from peer_forum.models import ForumMeeting, FundingRequest
from peer_forum.selectors import forums as forum_selectors
from peer_forum.selectors import meeting_page
from peer_forum.selectors import requests as request_selectors
from peer_forum.services.decisions import (
    AlreadyDecided,
    StaleDecision,
    allowed_outcomes,
    forum_request_decide,
    request_decision_state,
)
from peer_forum.views.meetings import meeting_context


def _done(request: HttpRequest, url: str) -> HttpResponse:
    # Outside a meeting's page the form leaves by HX-Redirect (a plain redirect would swap the
    # next page into the panel); a history restore ignores HX-Redirect, so it and every other
    # request follow an ordinary redirect to the whole page.
    return HttpResponseClientRedirect(url) if wants_fragment(request) else redirect(url)


def _codes(exc: ValidationError) -> set[str]:
    errors = (
        [e for items in exc.error_dict.values() for e in items]
        if hasattr(exc, "error_dict")
        else exc.error_list
    )
    return {error.code for error in errors if error.code}


def _fixes(request: HttpRequest, exc: ValidationError, meeting: Any, in_meeting: bool) -> list:
    """Links to the step that lifts a refusal (record who is present, hold a meeting)."""
    fixes = []
    if "no_quorum" in _codes(exc) and meeting is not None:
        url = "#attendance" if in_meeting else None
        url = url or reverse("peer_forum:meeting_detail", args=[meeting.pk]) + "#attendance"
        fixes.append({"text": "Record who is present at this meeting", "url": url})
    return fixes


def decide_form(
    funding: FundingRequest, data: Any = None, *, meeting: ForumMeeting | None = None
) -> DecisionForm:
    if funding.forum is None or funding.submitted_on is None:
        raise ValueError("Only a request put to a forum is decided.")  # callers check first
    meetings = forum_selectors.meetings_for_deciding(
        forum=funding.forum, submitted_on=funding.submitted_on
    )
    chosen = meeting.pk if meeting is not None else funding.meeting_id
    return DecisionForm(
        data,
        initial={"meeting": chosen, "seen": request_decision_state(funding)},
        outcomes=allowed_outcomes(funding),
        meetings=meetings,
        limit=funding.forum.limit_for(funding.intervention_type),
        in_meeting=meeting is not None,
        auto_id=f"id_decide_{funding.pk}_%s",
    )


def _form_context(request: HttpRequest, funding: FundingRequest, form: DecisionForm, **extra: Any):
    meeting = extra.get("meeting")
    return {
        "funding": funding,
        "form": form,
        "has_meeting": form.fields["meeting"].queryset.exists(),
        "can_hold": can(request.user, "forum.manage"),
        "in_meeting": meeting is not None,
        "fixes": [],
        **extra,
    }


def _agenda(request: HttpRequest, meeting: ForumMeeting, **kwargs: Any) -> HttpResponse:
    """The meeting's agenda again, swapped over the old one."""
    response = render(
        request, "peer_forum/partials/_agenda.html", meeting_context(request, meeting, **kwargs)
    )
    return reswap(retarget(response, "#agenda"), "outerHTML")


def _next_item(request: HttpRequest, meeting: ForumMeeting, after: int) -> dict | None:
    funding = meeting_page.next_to_decide(user=request.user, meeting=meeting, after=after)
    if funding is None or funding.forum is None:
        return None
    form = decide_form(funding, meeting=meeting)
    return _form_context(request, funding, form, meeting=meeting)


def _stale_page(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    """The refusal and the request as it is now (with a fresh form if it still waits)."""
    funding = request_selectors.request_get(user=request.user, pk=pk, action="forum.decide")
    form = decide_form(funding)
    decisions = list(funding.decisions.all())  # prefetched, oldest first
    context = _form_context(
        request, funding, form, stale=message, last_decision=decisions[-1] if decisions else None
    )
    template = (
        "peer_forum/partials/_decide_form.html"
        if wants_fragment(request)
        else "peer_forum/request_decide.html"
    )
    return render(request, template, context)


@login_required
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    funding = request_selectors.request_get(user=request.user, pk=pk, action="forum.decide")
    detail_url = reverse("peer_forum:request_detail", args=[funding.pk])
    if funding.forum is None:  # a draft: no forum yet, so nobody can decide it
        messages.info(request, "This request has not been submitted to a forum yet.")
        return _done(request, detail_url)
    require_forum_member(request.user, funding.forum)
    params = request.POST if request.method == "POST" else request.GET
    meeting = None
    if params.get("in_meeting") and params.get("meeting"):
        meeting = forum_selectors.meeting_get(user=request.user, pk=params["meeting"])
    if not funding.is_awaiting_decision:
        if meeting is not None and wants_fragment(request):
            return _agenda(request, meeting, notice="This request has already been decided.")
        messages.info(request, "This request has already been decided.")
        return _done(request, detail_url)
    data = request.POST if request.method == "POST" else None
    form = decide_form(funding, data, meeting=meeting)
    if not form.is_bound and not meeting and params.get("meeting"):
        form.initial["meeting"] = params["meeting"]
    fixes: list = []
    if request.method == "POST" and form.is_valid():
        try:
            decision = forum_request_decide(
                actor=request.user, request=funding, **form.cleaned_data
            )
        except StaleDecision as exc:  # decided or deferred since this form was loaded
            if meeting is not None and wants_fragment(request):
                now = request_selectors.request_get(user=request.user, pk=pk, action="forum.decide")
                decisions = list(now.decisions.all())
                return _agenda(
                    request,
                    meeting,
                    notice=exc.messages[0],
                    notice_about={
                        "funding": now,
                        "last_decision": decisions[-1] if decisions else None,
                    },
                )
            return _stale_page(request, pk, exc.messages[0])
        except AlreadyDecided as exc:  # someone decided first
            if meeting is not None and wants_fragment(request):
                return _agenda(request, meeting, notice=exc.messages[0])
            messages.error(request, exc.messages[0])
            return _done(request, detail_url)
        except ValidationError as exc:
            add_service_errors(form, exc)
            fixes = _fixes(request, exc, form.cleaned_data.get("meeting"), meeting is not None)
        else:
            label = decision.get_outcome_display()
            if meeting is not None and wants_fragment(request):
                recorded = f"Decision recorded for {funding.episode.person.full_name}: {label}."
                return _agenda(
                    request,
                    meeting,
                    recorded=recorded,
                    open_item=_next_item(request, meeting, after=funding.pk),
                )
            messages.success(request, f"Decision recorded: {label}.")
            return _done(request, reverse("peer_forum:meeting_detail", args=[decision.meeting_id]))
    context = _form_context(request, funding, form, meeting=meeting)
    context["fixes"] = fixes
    template = (
        "peer_forum/partials/_decide_form.html"
        if wants_fragment(request)
        else "peer_forum/request_decide.html"
    )
    return render(request, template, context)
