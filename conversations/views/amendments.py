"""Correcting a record (conversation, crisis plan, support plan, personal outcome or
waiting-list entry), with a reason (``services.amendments``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cls_portal.audit.services import audit_view
from cls_portal.forms import add_service_errors
from conversations.forms.records import AmendForm
from conversations.selectors.records import amendable_get
from conversations.services.amendments import AMENDABLE, may_amend, record_amend


@login_required
def record_correct(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    record = amendable_get(user=request.user, slug=slug, pk=pk)
    if not may_amend(request.user, record):
        raise PermissionDenied("Only its author or a practitioner can correct this record.")
    kind = AMENDABLE[slug]
    if request.method == "GET":  # the access log (a refused or saved form logs nothing more)
        audit_view(actor=request.user, obj=record)
    person = record.episode.person  # type: ignore[attr-defined]
    done = reverse("conversations:person_detail", args=[person.pk])
    form = AmendForm(request.POST or None, kind=kind, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            record_amend(
                actor=request.user,
                record=record,
                correction_reason=form.cleaned_data["correction_reason"],
                **form.values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The {kind.label} has been corrected.")
            return redirect(done)
    context = {
        "title": f"Correct the {kind.label}",
        "intro": "The previous version is kept in the record's history, with your reason.",
        "form": form,
        "person": person,
        "submit": "Save the correction",
        "cancel": done,
    }
    return render(request, "conversations/form_page.html", context)
