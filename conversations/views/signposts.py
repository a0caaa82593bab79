"""Follow-ups: signposts due a check, and recording how each went."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import require
from conversations.forms.signposts import SignpostFollowUpForm
from conversations.selectors.signposts import (
    FOLLOW_UP_VIEWS,
    signpost_follow_up_list,
    signpost_get,
)
from conversations.services.signposts import signpost_follow_up_record

FOLLOW_UP_RECORDED = "follow-up-recorded"


@login_required
def signpost_follow_ups(request: HttpRequest) -> HttpResponse:
    require(request.user, "signpost.change")
    which = request.GET.get("show") if request.GET.get("show") in FOLLOW_UP_VIEWS else "due"
    signposts = signpost_follow_up_list(user=request.user, which=which)
    page = Paginator(signposts, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "conversations/people/signpost_follow_ups.html",
        {
            "page": page,
            "which": which,
            "views": FOLLOW_UP_VIEWS,
            "query_string": f"show={which}",
            "today": timezone.localdate(),
        },
    )


@login_required
def signpost_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    signpost = signpost_get(user=request.user, pk=pk)
    form = SignpostFollowUpForm(request.POST or None, signpost=signpost)
    if request.method == "POST" and form.is_valid():
        try:
            signpost = signpost_follow_up_record(
                actor=request.user, signpost=signpost, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if wants_fragment(request):
                response = render(
                    request,
                    "conversations/people/partials/_follow_up_row.html",
                    {"signpost": signpost, "recorded": True, "today": timezone.localdate()},
                )
                response["HX-Trigger"] = FOLLOW_UP_RECORDED
                return response
            messages.success(request, f"Recorded: {signpost.get_status_display().lower()}.")
            return redirect("conversations:signpost_follow_ups")
    context = {"signpost": signpost, "form": form}
    if wants_fragment(request):
        return render(request, "conversations/people/partials/_follow_up_form.html", context)
    return render(request, "conversations/people/signpost_follow_up.html", context)
