"""The programme view (programme leads) and sharing with a programme (a partnership's admin).

A programme lead sees only the suppressed core data sets of the partnerships sharing now, side by
side with the programme's totals, and downloads them (CSV, API, annual PDF report). They belong to
no partnership, so every other page answers 403 or 404 (``tests/trust/test_programme_lead_access``).
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from outcomes.forms_programme import ProgrammeMonthForm, ProgrammeReportForm, SharingForm
from outcomes.models import Programme, Report
from outcomes.periods import Month
from outcomes.presentation.programme import programme_month, programme_records
from outcomes.selectors.programmes import (
    programme_choice,
    programme_months_from_query,
    programme_of_lead,
    programme_report_get,
    programme_report_list,
    sharing_choices,
)
from outcomes.services.programmes import programme_report_request, programme_sharing_set
from outcomes.services.reports import report_open_for_download
from outcomes.views.dashboard import CSV_COLUMNS
from outcomes.views.reports import say_how_it_is_going

PAGE_SIZE = 10


def _reports(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    page = Paginator(programme_report_list(programme=programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {"page": page, "polling": any(r.is_in_progress for r in page.object_list)}


@login_required
def programme_view(request: HttpRequest) -> HttpResponse:
    """The sharing partnerships side by side for a month, the totals, 12-month trends."""
    programme = programme_of_lead(user=request.user)
    form = ProgrammeMonthForm(request.GET or None)
    month = form.cleaned_data["period"] if form.is_valid() else Month.last_full(form.today)
    context = {
        "form": form,
        "programme": programme,
        "view": programme_month(programme=programme, month=month),
        "report_form": ProgrammeReportForm(),
        **_reports(request, programme),
    }
    if wants_fragment(request):
        return render(request, "outcomes/programme/_programme.html", context)
    return render(request, "outcomes/programme/programme.html", context)


@login_required
def programme_csv(request: HttpRequest) -> HttpResponse:
    """The core data set of every sharing partnership (and the programme's totals) for a month,
    a run of months or a financial year."""
    programme = programme_of_lead(user=request.user)
    try:
        months = programme_months_from_query(query=request.GET, today=timezone.localdate())
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"cls-programme-{programme.slug}-{months.first}-to-{months.last}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for record in programme_records(programme=programme, months=months):
        cells = record | {
            "value": "" if record["value"] is None else record["value"],
            "suppressed": "yes" if record["suppressed"] else "no",
        }
        writer.writerow([cells[column] for column in CSV_COLUMNS])
    return response


@login_required
def programme_reports(request: HttpRequest) -> HttpResponse:
    """GET: the annual reports table (htmx polls it); POST: ask for a year's report."""
    programme = programme_of_lead(user=request.user)
    form = ProgrammeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = programme_report_request(
                actor=request.user, programme=programme, year=form.cleaned_data["financial_year"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _say_how_it_is_going(request, report)
            return redirect("outcomes:programme_reports")
    context = {"programme": programme, "report_form": form, **_reports(request, programme)}
    if wants_fragment(request) and request.method == "GET":
        return render(request, "outcomes/programme/_reports.html", context)
    return render(request, "outcomes/programme/reports.html", context)


def _say_how_it_is_going(request: HttpRequest, report: Report) -> None:
    what = f"The annual report for the {report.period_label.lower()}"
    say_how_it_is_going(request, report, what)


@login_required
def programme_report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = programme_report_get(user=request.user, pk=pk)
    try:
        handle = report_open_for_download(actor=request.user, report=report)
    except ValidationError:
        messages.error(request, "That report is not ready.")
        return redirect("outcomes:programme_reports")
    filename = f"{report.programme.slug}-annual-report-{report.period:%Y}.pdf"
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


@login_required
def programme_sharing(request: HttpRequest) -> HttpResponse:
    """A partnership's administrator: which programmes it shares its core data set with."""
    choices = sharing_choices(user=request.user)  # 403 for other roles
    form = SharingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = programme_choice(pk=form.cleaned_data["programme"])
        try:
            programme_sharing_set(
                actor=request.user, programme=programme, sharing=form.cleaned_data["sharing"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            state = "now shares" if form.cleaned_data["sharing"] else "no longer shares"
            messages.success(request, f"Your partnership {state} its figures with {programme}.")
            return redirect("outcomes:programme_sharing")
    return render(request, "outcomes/programme/sharing.html", {"choices": choices, "form": form})
