"""Packages reviewed and ended: the packages due their review, and a package's review form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import require
from peer_forum.forms import PackageReviewForm
from peer_forum.selectors import requests as request_selectors
from peer_forum.selectors import reviews as review_selectors
from peer_forum.services.reviews import package_review_record
from peer_forum.views.common import page_of, section_links


@login_required
def reviews_due(request: HttpRequest) -> HttpResponse:
    require(request.user, "package.review")
    today = timezone.localdate()
    due = review_selectors.package_reviews_due(user=request.user, on=today)
    context = {
        "page": page_of(request, due, 25),
        "today": today,
        "peer_forum_links": section_links(request),
    }
    if wants_fragment(request, "reviews-due"):
        return render(request, "peer_forum/partials/_reviews_due.html", context)
    return render(request, "peer_forum/reviews_due.html", context)


@login_required
def request_review(request: HttpRequest, pk: int) -> HttpResponse:
    funding = request_selectors.request_get(user=request.user, pk=pk, action="package.review")
    form = PackageReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = package_review_record(actor=request.user, request=funding, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            new = getattr(review, "new_request", None)
            if new is not None:
                messages.success(request, "Review saved: the change goes to the forum.")
                return redirect("peer_forum:request_detail", pk=new.pk)
            messages.success(request, f"Review saved: {review.get_outcome_display().lower()}.")
            return redirect("peer_forum:request_detail", pk=funding.pk)
    context = {"form": form, "funding": funding}
    return render(request, "peer_forum/request_review.html", context)
