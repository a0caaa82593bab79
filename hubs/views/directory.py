"""The community solutions directory: browse and search, an entry's page, add and edit,
"verified today", and the review queue of entries not checked for six months."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from hubs import selectors
from hubs.forms import DirectorySearchForm, SolutionForm
from hubs.services import directory as services


@login_required
def solution_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "directory.view")
    form = DirectorySearchForm(request.GET or None, partnership_id=request.user.partnership_id)
    # A bad filter is shown as an error on its field and ignored; the good ones still apply.
    form.is_valid()
    filters = selectors.DirectoryFilters(**getattr(form, "cleaned_data", {}))
    solutions = selectors.solution_list(user=request.user, filters=filters)
    page = Paginator(solutions, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query_string": query.urlencode(),
        "can_edit": can(request.user, "directory.edit"),
    }
    if wants_fragment(request):
        return render(request, "hubs/partials/_solution_results.html", context)
    return render(request, "hubs/solution_list.html", context)


@login_required
def solution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, pk=pk)
    localities = solution.localities.order_by("name")
    return render(
        request,
        "hubs/solution_detail.html",
        {
            "solution": solution,
            "localities": localities,
            "can_edit": can(request.user, "directory.edit"),
        },
    )


@login_required
def solution_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "directory.edit")
    form = SolutionForm(request.POST or None, partnership_id=request.user.partnership_id)
    if request.method == "POST" and form.is_valid():
        try:
            solution = _save(request, form, solution=None)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added “{solution}” to the directory.")
            return redirect("hubs:solution_detail", solution.pk)
    return render(request, "hubs/solution_form.html", {"form": form, "title": "Add an entry"})


@login_required
def solution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, pk=pk, action="directory.edit")
    form = SolutionForm(
        request.POST or None, instance=solution, partnership_id=request.user.partnership_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, solution=solution)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved changes to “{solution}”.")
            return redirect("hubs:solution_detail", solution.pk)
    return render(
        request,
        "hubs/solution_form.html",
        {"form": form, "title": f"Edit {solution}", "solution": solution},
    )


def _save(request: HttpRequest, form: SolutionForm, *, solution):
    values = dict(form.cleaned_data)
    if solution is None:
        return services.solution_create(
            actor=request.user, partnership=request.user.partnership, **values
        )
    return services.solution_update(actor=request.user, solution=solution, **values)


@login_required
@require_POST
def solution_verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, pk=pk, action="directory.edit")
    solution = services.solution_verify(actor=request.user, solution=solution)
    if wants_fragment(request):
        return render(
            request, "hubs/partials/_verified.html", {"solution": solution, "can_edit": True}
        )
    messages.success(request, f"“{solution}” is marked as checked today.")
    return redirect("hubs:solution_detail", solution.pk)


@login_required
def solution_review(request: HttpRequest) -> HttpResponse:
    require(request.user, "directory.edit")
    page = Paginator(selectors.solution_review_queue(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "hubs/solution_review.html", {"page": page})
