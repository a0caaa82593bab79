"""Reports: request one, watch its status change without reloading, download it, retry it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from outcomes.forms import ReportRequestForm
from outcomes.models import Report
from outcomes.selectors.reports import report_get, report_list
from outcomes.selectors.scopes import scope_for
from outcomes.services.reports import report_open_for_download, report_request, report_retry

PAGE_SIZE = 25


def _reports_page(request: HttpRequest):
    page = Paginator(report_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    polling = any(report.is_in_progress for report in page.object_list)
    return {"page": page, "polling": polling}


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    """GET: the reports (just the table for htmx polling); POST: request a report."""
    require(request.user, "reports.request" if request.method == "POST" else "reports.view")
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = scope_for(user=request.user, **data["place"])  # 404 for another partnership's
        try:
            report = report_request(
                actor=request.user,
                kind=data["kind"],
                month=data["period"],
                scope=scope,
                baseline=data["baseline"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _say_how_it_is_going(request, report)
            return redirect("outcomes:report_list")
    context = _reports_page(request) | {
        "form": form,
        "may_request": can(request.user, "reports.request"),
    }
    if wants_fragment(request) and request.method == "GET":
        return render(request, "outcomes/partials/_report_table.html", context)
    return render(request, "outcomes/report_list.html", context)


def _say_how_it_is_going(request: HttpRequest, report: Report) -> None:
    say_how_it_is_going(
        request, report, f"Your {report.get_kind_display().lower()} for {report.period_label}"
    )


def say_how_it_is_going(request: HttpRequest, report: Report, what: str) -> None:
    """Say what the report's row will say: read again, since the job was sent on commit and may
    already have run (ready or failed); or say plainly that the job service is down."""
    report.refresh_from_db(fields=["status"])
    if report.status == Report.Status.DONE:
        messages.success(request, f"{what} is ready: download it from the list below.")
    elif report.status == Report.Status.FAILED:
        messages.error(request, f"{what} could not be made. Try again from the list below.")
    elif report.job_sent is False:
        messages.warning(
            request,
            f"{what} is saved, but the job service cannot be reached just now. It will start "
            "when the job service is back; this page shows when it is ready.",
        )
    else:
        messages.success(request, f"{what} is being made. This page shows when it is ready.")


@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    try:
        handle = report_open_for_download(actor=request.user, report=report)
    except ValidationError:
        messages.error(request, "That report is not ready yet.")
        return redirect("outcomes:report_list")
    filename = (
        f"{report.partnership.slug}-{report.kind.replace('_', '-')}-{report.period:%Y-%m}.pdf"
    )
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


@require_POST
@login_required
def report_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk, action="reports.request")
    try:
        report = report_retry(actor=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _say_how_it_is_going(request, report)
    return redirect("outcomes:report_list")
