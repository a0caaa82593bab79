"""Administrators' trust pages: a person's audit history, everything held about them (JSON
and PDF), erasure on request, and the retention review. Every read is access-logged."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.audit.services import audit_view
from cls_portal.permissions import require
from conversations.forms.privacy import EraseConfirmForm, RetentionForm
from conversations.pdf import subject_access_pdf
from conversations.selectors.privacy import (
    HISTORY_PER_PAGE,
    REVIEW_PER_PAGE,
    entry_changes,
    person_audit_history,
    person_for_trust,
    person_records_count,
    retention_cutoff,
    retention_review,
    subject_access,
)
from conversations.services.privacy import person_erase
from hubs.services.retention import partnership_retention_set


@login_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_trust(user=request.user, pk=pk, action="person.audit")
    audit_view(actor=request.user, obj=person)  # the history shows their details changing
    page = Paginator(person_audit_history(person=person), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(entry, entry_changes(entry)) for entry in page.object_list]
    return render(
        request,
        "conversations/privacy/person_history.html",
        {"person": person, "page": page, "rows": rows},
    )


def _attachment(response: HttpResponse, person_pk: int, extension: str) -> HttpResponse:
    filename = f"subject-access-person-{person_pk}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def person_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_trust(user=request.user, pk=pk, action="person.export")
    access = subject_access(person=person)
    audit_view(actor=request.user, obj=person, action=AuditEntry.Action.EXPORT)
    body = json.dumps(access.as_json(), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    return _attachment(HttpResponse(body, content_type="application/json"), person.pk, "json")


@login_required
def person_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_trust(user=request.user, pk=pk, action="person.export")
    pdf = subject_access_pdf(subject_access(person=person))
    audit_view(actor=request.user, obj=person, action=AuditEntry.Action.DOWNLOAD)
    return _attachment(HttpResponse(pdf, content_type="application/pdf"), person.pk, "pdf")


@login_required
def person_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_trust(user=request.user, pk=pk, action="person.erase")
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not person.is_anonymised and form.is_valid():
        try:
            person_erase(actor=request.user, person=person)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Person #{person.pk}'s details have been erased.")
            return redirect("conversations:person_detail", pk=person.pk)
    audit_view(actor=request.user, obj=person)
    context = {"person": person, "form": form, "counts": person_records_count(person=person)}
    return render(request, "conversations/privacy/person_erase.html", context)


@login_required
def retention_review_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "retention.manage")
    partnership = request.user.partnership
    form = RetentionForm(
        request.POST if request.method == "POST" else None,
        initial={"years": partnership.retention_years},
    )
    if request.method == "POST" and form.is_valid():
        partnership_retention_set(
            actor=request.user, partnership=partnership, years=form.cleaned_data["years"]
        )
        messages.success(request, "The retention period has been saved.")
        return redirect("conversations:retention_review")
    page = Paginator(retention_review(user=request.user), REVIEW_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "partnership": partnership,
        "cutoff": retention_cutoff(partnership),
    }
    return render(request, "conversations/privacy/retention_review.html", context)
