"""The board's pages: the quarterly CLS fidelity self-assessment (with the evidence the product
holds beside each rating) and the targets the outcomes report is read against."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cls_portal.forms import add_service_errors
from cls_portal.permissions import has_role_permission, require
from outcomes.forms_board import FidelityForm, TargetForm, quarter_from
from outcomes.models import FIDELITY_ELEMENTS
from outcomes.presentation.board import evidence_shown
from outcomes.reference import TARGET_FIGURES
from outcomes.selectors.fidelity import (
    Quarter,
    fidelity_assessment_for,
    fidelity_evidence,
    fidelity_trend,
)
from outcomes.selectors.targets import target_get, target_list
from outcomes.services.board import fidelity_assessment_save, target_remove, target_set


@login_required
def fidelity(request: HttpRequest) -> HttpResponse:
    """The partnership's ratings quarter by quarter, and this quarter's evidence."""
    require(request.user, "fidelity.view")
    quarter = Quarter.of(timezone.localdate())
    partnership_id = request.user.partnership_id
    return render(
        request,
        "outcomes/fidelity.html",
        {
            "trend": fidelity_trend(partnership_id=partnership_id, quarters=8),
            "quarter": quarter,
            "previous": quarter.previous,
            "may_assess": has_role_permission(request.user, "fidelity.assess"),
        },
    )


@login_required
def fidelity_assess(request: HttpRequest) -> HttpResponse:
    """Rate the eight elements for a quarter (``?quarter=YYYY-MM-DD``, this one by default);
    beside each, the evidence the product holds for that quarter."""
    require(request.user, "fidelity.assess")
    day = quarter_from(request.GET.get("quarter"), default=timezone.localdate())
    if day is None:
        return HttpResponseBadRequest("Give the quarter as a date, e.g. 2026-04-01.")
    quarter = Quarter.of(day)
    existing = fidelity_assessment_for(user=request.user, quarter=quarter)
    initial = {}
    if existing is not None:
        for rating in existing.ratings.all():
            initial[f"{rating.element}_rating"] = rating.rating
            initial[f"{rating.element}_evidence"] = rating.evidence
    form = FidelityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            fidelity_assessment_save(
                actor=request.user, quarter=quarter.start, ratings=form.ratings()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the self-assessment for {quarter.label}.")
            return redirect("outcomes:fidelity")
    evidence = fidelity_evidence(partnership_id=request.user.partnership_id, quarter=quarter)
    rows = [
        (element, label, rating, note, evidence_shown(evidence[element]))
        for element, label, rating, note in form.pairs()
    ]
    return render(
        request,
        "outcomes/fidelity_form.html",
        {
            "form": form,
            "rows": rows,
            "quarter": quarter,
            "existing": existing,
            "elements": FIDELITY_ELEMENTS,
        },
    )


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The partnership's targets; POST sets one (a new figure or a changed target)."""
    require(request.user, "targets.manage")
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Target saved.")
            return redirect("outcomes:targets")
    current = target_list(user=request.user)
    return render(
        request,
        "outcomes/targets.html",
        {
            "form": form,
            "targets": [
                (t, TARGET_FIGURES[t.code][0]) for t in current if t.code in TARGET_FIGURES
            ],
        },
    )


@require_POST
@login_required
def target_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_get(user=request.user, pk=pk)
    target_remove(actor=request.user, target=target)
    messages.success(request, "Target removed.")
    return redirect("outcomes:targets")
