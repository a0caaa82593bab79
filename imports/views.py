"""Import pages (administrators): upload and check a file, watch the check, confirm, watch the
import; the columns of each kind, and their templates."""

from __future__ import annotations

import contextlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import require
from hubs.models import SolutionCategory
from imports.forms import ImportUploadForm
from imports.kinds import KINDS
from imports.selectors import import_job_get, import_job_list
from imports.services import import_job_confirm, import_job_progress, import_job_upload
from imports.templates_files import template_csv, template_xlsx

PAGE_SIZE = 20
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def import_index(request: HttpRequest) -> HttpResponse:
    """GET: the imports so far and the upload form; POST: upload a file to check."""
    jobs = import_job_list(user=request.user)  # 403 for any role but administrators
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_upload(
                actor=request.user,
                partnership=request.user.partnership,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("imports:job_detail", pk=job.pk)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "imports/import_index.html", {"form": form, "page": page})


@login_required
def import_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job: its check or import under way (a progress bar the page polls), or its report."""
    job = import_job_get(user=request.user, pk=pk)
    done, total = import_job_progress(job)
    context = {
        "job": job,
        "done": done,
        "total": total,
        "percent": min(100, round(100 * done / total)) if total else 0,
        "kind": KINDS[job.kind],
    }
    if wants_fragment(request):
        return render(request, "imports/partials/_job_status.html", context)
    return render(request, "imports/job_detail.html", context)


@login_required
@require_POST
def import_job_apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_get(user=request.user, pk=pk)
    # Already started, or not checked: the page says where it is.
    with contextlib.suppress(ValidationError):
        import_job_confirm(actor=request.user, job=job)
    return redirect("imports:job_detail", pk=job.pk)


@login_required
@require_GET
def import_columns(request: HttpRequest) -> HttpResponse:
    require(request.user, "imports.manage")
    return render(
        request,
        "imports/columns.html",
        {"kinds": KINDS.values(), "categories": SolutionCategory.objects.all()},
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """``?name=people.csv``, ``?name=directory.xlsx``…: a kind's template."""
    require(request.user, "imports.manage")
    slug, _, extension = request.GET.get("name", "").partition(".")
    kind = KINDS.get(slug)
    if kind is None or extension not in CONTENT_TYPES:
        raise Http404("No such template.")
    body = template_csv(kind) if extension == "csv" else template_xlsx(kind)
    response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{slug}-template.{extension}"'
    return response
