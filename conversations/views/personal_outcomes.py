"""Personal outcomes in the person's words, their reviews, and wellbeing scores."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from conversations.forms.personal_outcomes import OutcomeReviewForm, PersonalOutcomeForm
from conversations.forms.wellbeing import WellbeingForm
from conversations.models import WellbeingScore
from conversations.selectors.pathway import episode_get
from conversations.selectors.personal_outcomes import personal_outcome_get
from conversations.services.personal_outcomes import outcome_review_record, personal_outcome_add
from conversations.services.wellbeing import measures_available, wellbeing_score_record


def _timeline(person_id: int, anchor: str = "") -> str:
    url = reverse("conversations:person_detail", args=[person_id])
    return f"{url}#{anchor}" if anchor else url


@login_required
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_get(user=request.user, pk=pk, action="conversation.record")
    form = PersonalOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            personal_outcome_add(actor=request.user, episode=episode, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Outcome added.")
            return redirect(_timeline(episode.person_id, f"episode-{episode.pk}"))
    return render(
        request,
        "conversations/form_page.html",
        {
            "form": form,
            "person": episode.person,
            "title": "Add a personal outcome",
            "intro": "What matters to them and what they want to achieve, in their own words.",
            "submit": "Add the outcome",
            "cancel": _timeline(episode.person_id),
        },
    )


@login_required
def outcome_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A review of one outcome. From the timeline it opens in place (htmx): the form replaces the
    outcome, and saving puts the outcome back with its new status."""
    outcome = personal_outcome_get(user=request.user, pk=pk, action="conversation.record")
    form = OutcomeReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_review_record(actor=request.user, outcome=outcome, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if wants_fragment(request):
                outcome = personal_outcome_get(user=request.user, pk=pk)
                return render(
                    request,
                    "conversations/partials/_outcome.html",
                    {"outcome": outcome, "may_review": True, "just_reviewed": True},
                )
            messages.success(request, "Review saved.")
            return redirect(_timeline(outcome.episode.person_id, f"outcome-{outcome.pk}"))
    context = {"form": form, "outcome": outcome, "person": outcome.episode.person}
    if wants_fragment(request):
        return render(request, "conversations/partials/_outcome_review_form.html", context)
    return render(request, "conversations/outcome_review.html", context)


@login_required
def wellbeing_create(request: HttpRequest, pk: int, measure: str) -> HttpResponse:
    episode = episode_get(user=request.user, pk=pk, action="conversation.record")
    if measure not in measures_available(episode.partnership):
        raise Http404("That measure is not available in your partnership.")
    form = WellbeingForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            wellbeing_score_record(
                actor=request.user,
                episode=episode,
                measure=measure,
                scores=form.scores(),
                recorded_on=form.cleaned_data["recorded_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Wellbeing scores saved.")
            return redirect(_timeline(episode.person_id, f"episode-{episode.pk}"))
    return render(
        request,
        "conversations/form_page.html",
        {
            "form": form,
            "person": episode.person,
            "title": WellbeingScore.Measure(measure).label,
            "intro": "Ask each question as written and note their answer."
            + (
                " The four answers are kept separately, never added up."
                if measure == "ons4"
                else ""
            ),
            "submit": "Save the scores",
            "cancel": _timeline(episode.person_id),
        },
    )
