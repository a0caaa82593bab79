"""The HSCP lead dashboard (the six outcomes for a month and place) and the core data set CSV."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from cls_portal.htmx import wants_fragment
from cls_portal.permissions import require
from outcomes.forms import MonthScopeForm
from outcomes.periods import Month
from outcomes.presentation import core_data_set_records, dashboard_context
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.selectors.cost_benefit import studies_for_scope
from outcomes.selectors.fidelity import fidelity_trend
from outcomes.selectors.requests import month_scope_from_query
from outcomes.selectors.scopes import scope_for

CSV_COLUMNS = [
    "period",
    "scope_level",
    "scope_name",
    "outcome",
    "code",
    "label",
    "breakdown",
    "unit",
    "value",
    "shown",
    "suppressed",
]


def outcome_url(number: int) -> str:
    """The address of one outcome's page of the dashboard."""
    return reverse(f"outcomes:dashboard_outcome_{number}")


@login_required
def dashboard(request: HttpRequest, number: int | None = None) -> HttpResponse:
    """The overview (at a glance, fidelity beside the outcomes) or, at
    ``/outcomes/dashboard/outcome-<n>/`` (``number``), one outcome's figures, charts and tables:
    one outcome at a time rather than one long page."""
    require(request.user, "outcomes.view")
    form = MonthScopeForm(request.GET or None, user=request.user)
    context: dict = {"form": form, "number": number, "query": request.GET.urlencode()}
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        scope = scope_for(user=request.user, **data.get("place", {}))
        month = data.get("period") or Month.last_full(timezone.localdate())
        context |= dashboard_context(month=month, scope=scope, baseline=data.get("baseline"))
        context["chosen"] = next(
            (section for section in context["sections"] if section.number == number), None
        )
        context["tabs"] = [
            (section, outcome_url(section.number)) for section in context["sections"]
        ]
        context["fidelity"] = fidelity_trend(partnership_id=scope.partnership_id)
    fragment = wants_fragment(request)
    template = "outcomes/partials/_dashboard.html" if fragment else "outcomes/dashboard.html"
    return render(request, template, context)


@login_required
def figures_csv(request: HttpRequest) -> HttpResponse:
    """The core data set for a month and place, with small numbers suppressed."""
    require(request.user, "outcomes.view")
    try:
        month, scope, baseline = month_scope_from_query(user=request.user, query=request.GET)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    # The whole trend, as the dashboard and PDF work it out: every output of a month and place
    # then hides the same cells (complementary suppression reads the months before too).
    figures = outcome_figures(
        month=month, scope=scope, baseline=baseline, studies=studies_for_scope(scope=scope)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    slug = f"{scope.level}-{scope.locality_id or scope.hub_id or scope.partnership_id}"
    response["Content-Disposition"] = f'attachment; filename="cls-core-data-{month}-{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for record in core_data_set_records(figures):
        cells = record | {
            "value": "" if record["value"] is None else record["value"],
            "suppressed": "yes" if record["suppressed"] else "no",
        }
        writer.writerow([cells[column] for column in CSV_COLUMNS])
    return response
