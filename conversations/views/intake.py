"""Intake outside a hub (someone new, or a referral), a person's details, and their consent.
The services decide; these views only ask (``intake_record``, ``person_update``,
``consent_record``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cls_portal.audit.services import audit_view
from cls_portal.forms import add_service_errors
from cls_portal.permissions import require
from conversations.forms.intake import (
    ConsentForm,
    IntakeForm,
    PersonDetailsForm,
    ReferralIntakeForm,
)
from conversations.models import Person
from conversations.selectors.consent import consent_history, consent_now
from conversations.selectors.people import person_get, person_get_in_partnership
from conversations.services.consent import consent_record
from conversations.services.intake import intake_record
from conversations.services.people import PossibleDuplicates
from conversations.services.person_details import person_update
from conversations.views.dropins import _candidates_seen


def _page(person: Person) -> str:
    return reverse("conversations:person_detail", args=[person.pk])


@login_required
def person_intake(request: HttpRequest, referral: bool = False) -> HttpResponse:
    """Someone new got in touch, or was referred: add them (the drop-in's rules) and open an
    episode waiting for its first conversation."""
    require(request.user, "episode.work")
    form_class = ReferralIntakeForm if referral else IntakeForm
    form = form_class(request.POST or None, partnership=request.user.partnership)
    chosen = request.POST.get("use_person")
    candidates: list[Person] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = intake_record(
                actor=request.user,
                person=person_get_in_partnership(user=request.user, pk=chosen) if chosen else None,
                new_person=None if chosen else form.new_person(),
                confirm_new="confirm_new" in request.POST,
                candidates_seen=_candidates_seen(request),
                **form.intake_values(),
            )
        except PossibleDuplicates as duplicates:
            candidates = duplicates.candidates
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _saved_words(result.person, referral=referral))
            return redirect(_page(result.person) + f"#episode-{result.episode.pk}")
    return render(
        request,
        "conversations/people/intake.html",
        {"form": form, "candidates": candidates, "referral": referral},
    )


def _saved_words(person: Person, *, referral: bool) -> str:
    if person.is_anonymised:
        return "Counted. No details were kept, as they did not agree."
    what = "The referral" if referral else "Their first contact"
    return f"{what} for {person.full_name} is recorded: it is waiting for a first conversation."


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk, action="person.change")
    if person.merged_into_id:  # merged into another record of the same person: change that one
        return redirect("conversations:person_edit", person.merged_into_id)
    if request.method == "GET":  # the access log: the form shows their details
        audit_view(actor=request.user, obj=person)
    form = PersonDetailsForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=request.user, person=person, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Their details are saved.")
            return redirect(_page(person))
    return render(
        request,
        "conversations/form_page.html",
        {
            "form": form,
            "person": person,
            "title": "Change their details",
            "intro": "Every change is kept in their record's history, with what it was before.",
            "submit": "Save their details",
            "cancel": _page(person),
        },
    )


@login_required
def person_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Their answers now and before, and a form to record a new one."""
    person = person_get(user=request.user, pk=pk, action="person.change")
    if request.method == "GET":  # the access log: who looked at whose record
        audit_view(actor=request.user, obj=person)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_record(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Their answer is recorded.")
            return redirect(reverse("conversations:person_consent", args=[person.pk]))
    return render(
        request,
        "conversations/people/consent.html",
        {
            "person": person,
            "form": form,
            "now": consent_now(person=person),
            "history": consent_history(person=person),
        },
    )
