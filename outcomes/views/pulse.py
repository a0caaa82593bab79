"""The monthly staff pulse: a minute's worth of five statements (outcome 5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cls_portal.forms import add_service_errors
from cls_portal.permissions import require
from outcomes.forms import StaffPulseForm
from outcomes.periods import Month
from outcomes.reference import PULSE_ITEMS
from outcomes.selectors.pulse import staff_pulse_answer_get
from outcomes.services.pulse import staff_pulse_respond


@login_required
def staff_pulse(request: HttpRequest) -> HttpResponse:
    require(request.user, "staff_pulse.respond")
    answered = staff_pulse_answer_get(user=request.user)
    initial = (
        {"locality": answered.locality_id, **{k: getattr(answered, k) for k in PULSE_ITEMS}}
        if answered
        else {}
    )
    form = StaffPulseForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            staff_pulse_respond(actor=request.user, locality=data.pop("locality"), scores=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Thank you. Your answers are saved for this month.")
            return redirect("outcomes:staff_pulse")
    return render(
        request,
        "outcomes/staff_pulse.html",
        {"form": form, "answered": answered, "month": Month.of(timezone.localdate())},
    )
