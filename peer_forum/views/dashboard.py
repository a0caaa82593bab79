"""The forum dashboard: a month's decisions, how long they took and the cost avoided."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from peer_forum.forms import DashboardForm
from peer_forum.selectors import forum_dashboard, month_bounds
from peer_forum.selectors.escalations import escalations_waiting_summary
from peer_forum.selectors.reviews import package_reviews_due
from peer_forum.views.common import query_string_without_page, section_links


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, "forum.dashboard")
    this_month = f"{timezone.localdate():%Y-%m}"
    form = DashboardForm(
        request.GET or None,
        initial={"period": this_month},
        partnership_id=request.user.partnership_id,
    )
    if form.is_bound and not form.is_valid() and {"locality", "forum"} & set(form.errors):
        raise Http404("No such locality or forum.")  # another partnership's: not even a hint
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    start, end = data.get("period") or month_bounds(this_month)
    figures = forum_dashboard(
        partnership_id=request.user.partnership_id,
        start=start,
        end=end,
        locality_id=getattr(data.get("locality"), "pk", None),
        forum_id=getattr(data.get("forum"), "pk", None),
    )
    context = {
        "form": form,
        "figures": figures,
        "query_string": query_string_without_page(request),
        "peer_forum_links": section_links(request),
    }
    if wants_fragment(request):
        return render(request, "peer_forum/partials/_dashboard_figures.html", context)
    context["escalations"] = escalations_waiting_summary(user=request.user)
    if can(request.user, "package.review"):
        due = package_reviews_due(user=request.user, on=timezone.localdate())
        context["reviews_due"] = due.count()
    return render(request, "peer_forum/dashboard.html", context)
