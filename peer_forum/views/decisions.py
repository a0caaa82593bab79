"""Deciding a request at a meeting: a page, or a fragment loaded into the meeting's agenda."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from peer_forum.access import require_forum_member
from peer_forum.forms import DecisionForm
from peer_forum.selectors import forums as forum_selectors
from peer_forum.selectors import requests as request_selectors
from peer_forum.services.decisions import AlreadyDecided, allowed_outcomes, forum_request_decide


def _done(request: HttpRequest, url: str) -> HttpResponse:
    # The decide form loaded into a meeting's agenda must leave by HX-Redirect (a plain redirect
    # would swap the next page into the agenda); a history restore ignores HX-Redirect, so it
    # and every other request follow an ordinary redirect to the whole page.
    return HttpResponseClientRedirect(url) if wants_fragment(request) else redirect(url)


@login_required
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    funding = request_selectors.request_get(user=request.user, pk=pk, action="forum.decide")
    detail_url = reverse("peer_forum:request_detail", args=[funding.pk])
    if funding.forum is None:  # a draft: no forum yet, so nobody can decide it
        messages.info(request, "This request has not been submitted to a forum yet.")
        return _done(request, detail_url)
    require_forum_member(request.user, funding.forum)
    if not funding.is_awaiting_decision:
        messages.info(request, "This request has already been decided.")
        return _done(request, detail_url)
    meetings = forum_selectors.meetings_for_deciding(
        forum=funding.forum, submitted_on=funding.submitted_on
    )
    form = DecisionForm(
        request.POST or None,
        initial={"meeting": request.GET.get("meeting") or funding.meeting_id},
        outcomes=allowed_outcomes(funding),
        meetings=meetings,
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = forum_request_decide(
                actor=request.user, request=funding, **form.cleaned_data
            )
        except AlreadyDecided as exc:
            messages.error(request, exc.messages[0])
            return _done(request, detail_url)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Decision recorded: {decision.get_outcome_display()}.")
            return _done(request, reverse("peer_forum:meeting_detail", args=[decision.meeting_id]))
    template = (
        "peer_forum/partials/_decide_form.html"
        if wants_fragment(request)
        else "peer_forum/request_decide.html"
    )
    return render(
        request, template, {"funding": funding, "form": form, "has_meeting": meetings.exists()}
    )
