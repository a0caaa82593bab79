"""Cost-benefit studies (DESIGN §5): list, create, change the parameters, add and remove costs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import require
from outcomes.forms import CostBenefitStudyForm, CostLineForm
from outcomes.presentation.cost_benefit import study_figures
from outcomes.selectors.cost_benefit import (
    cost_benefit_summary,
    cost_line_get,
    cost_line_list,
    study_get,
    study_list,
)
from outcomes.services.cost_benefit import (
    cost_benefit_study_create,
    cost_benefit_study_update,
    cost_line_add,
    cost_line_remove,
)

PAGE_SIZE = 25


@login_required
def study_list_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "cost_benefit.manage")
    page = Paginator(study_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outcomes/study_list.html", {"page": page})


@login_required
def study_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "cost_benefit.manage")
    form = CostBenefitStudyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            study = cost_benefit_study_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Study saved. Now add its costs.")
            return redirect("outcomes:study_detail", pk=study.pk)
    return render(
        request, "outcomes/study_form.html", {"form": form, "title": "New cost-benefit study"}
    )


def _detail_context(study, line_form=None) -> dict:
    summary = cost_benefit_summary(study)
    return {
        "study": study,
        "summary": summary,
        "shown": study_figures(summary),
        "lines": cost_line_list(study=study),
        "line_form": line_form or CostLineForm(),
    }


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The study, its figures and its cost lines. POST adds a cost line; with htmx only the
    costs-and-result fragment comes back (errors included, status 200)."""
    study = study_get(user=request.user, pk=pk)
    line_form = CostLineForm(request.POST or None)
    if request.method == "POST" and line_form.is_valid():
        try:
            cost_line_add(actor=request.user, study=study, **line_form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(line_form, exc)
        else:
            if not wants_fragment(request):
                messages.success(request, "Cost added.")
                return redirect("outcomes:study_detail", pk=study.pk)
            line_form = CostLineForm()
    context = _detail_context(study, line_form)
    template = (
        "outcomes/partials/_study_costs.html"
        if wants_fragment(request)
        else "outcomes/study_detail.html"
    )
    return render(request, template, context)


@login_required
def study_edit(request: HttpRequest, pk: int) -> HttpResponse:
    study = study_get(user=request.user, pk=pk)
    form = CostBenefitStudyForm(request.POST or None, instance=study, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cost_benefit_study_update(actor=request.user, study=study, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved the study's parameters.")
            return redirect("outcomes:study_detail", pk=study.pk)
    return render(
        request,
        "outcomes/study_form.html",
        {"form": form, "title": f"Change {study}", "study": study},
    )


@require_POST
@login_required
def cost_line_remove_view(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    study = study_get(user=request.user, pk=pk)
    cost_line_remove(actor=request.user, line=cost_line_get(study=study, pk=line_pk))
    if wants_fragment(request):
        return render(request, "outcomes/partials/_study_costs.html", _detail_context(study))
    messages.success(request, "Cost removed.")
    return redirect("outcomes:study_detail", pk=study.pk)
