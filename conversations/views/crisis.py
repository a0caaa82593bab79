"""The crisis board and quick status updates to a crisis plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import require
from cls_portal.querysets import OWN_NAMES, slim
from cls_portal.redirects import next_or
from conversations.forms.crisis import CrisisPlanUpdateForm
from conversations.selectors.crisis import crisis_board, crisis_plan_get, crisis_referrals
from conversations.services.crisis import crisis_plan_update
from conversations.services.pathway import CRISIS_TIME_LIMIT

BOARD_PAGE_SIZE = 25
# What each row of the board's two tables shows besides its date (the plan's columns are
# annotations of the board's own query).
BOARD_ROW = (*OWN_NAMES, "locality__name")
FRAGMENTS = {
    "crisis-board": "conversations/partials/_crisis_board.html",
    "crisis-referrals": "conversations/partials/_crisis_referrals.html",
}


@login_required
def crisis_board_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "crisis_board.view")
    today = timezone.localdate()
    board = slim(crisis_board(user=request.user, today=today), "crisis_started_on", *BOARD_ROW)
    page = Paginator(board, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    referrals = slim(crisis_referrals(user=request.user), "crisis_referred_on", *BOARD_ROW)
    referrals = Paginator(referrals, BOARD_PAGE_SIZE).get_page(request.GET.get("referrals"))
    context = {
        "today": today,
        "weeks": CRISIS_TIME_LIMIT.days // 7,
        "page": page,
        "referrals": referrals,
        # Each table's pager keeps the other table on the page it was on.
        "board_query": f"referrals={referrals.number}" if referrals.number > 1 else "",
        "referrals_query": f"page={page.number}" if page.number > 1 else "",
        "back": urlencode({"next": request.get_full_path()}),  # each plan's update comes back here
    }
    for target, template in FRAGMENTS.items():
        if wants_fragment(request, target=target):
            return render(request, template, context)
    return render(request, "conversations/crisis_board.html", context)


@login_required
def crisis_plan_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = crisis_plan_get(user=request.user, pk=pk, action="episode.work")
    initial = {"rag": plan.rag, "review_by": plan.review_by}
    form = CrisisPlanUpdateForm(request.POST or None, initial=initial)
    done = next_or(request, reverse("conversations:person_detail", args=[plan.episode.person_id]))
    if request.method == "POST" and form.is_valid():
        try:
            crisis_plan_update(actor=request.user, crisis_plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Crisis plan updated.")
            return redirect(done)
    return render(
        request,
        "conversations/crisis_plan_update.html",
        {"form": form, "plan": plan, "person": plan.episode.person, "next": done},
    )
