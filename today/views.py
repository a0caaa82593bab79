"""The home page (each role's due work, then their quick links) and "Your settings"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cls_portal.forms import add_service_errors
from cls_portal.views import home_links_for
from today.forms import ReminderPreferenceForm
from today.sections import due_total, sections_for
from today.selectors import reminder_preference_for
from today.services import reminder_preference_set


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sections = sections_for(request.user, today)
    context = {
        "today": today,
        "sections": sections,
        "due_total": due_total(sections),
        "links": home_links_for(request.user),
    }
    return render(request, "today/home.html", context)


@login_required
def your_settings(request: HttpRequest) -> HttpResponse:
    """Every signed-in user's own settings: for now, the daily e-mail digest."""
    preference = reminder_preference_for(user=request.user)
    initial = {"daily_digest": preference.daily_digest if preference else False}
    # An unticked box sends nothing: a POST is bound even when empty.
    data = request.POST if request.method == "POST" else None
    form = ReminderPreferenceForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reminder_preference_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            on = form.cleaned_data["daily_digest"]
            messages.success(
                request, "Saved: " + ("a digest comes each morning." if on else "no digest.")
            )
            return redirect("today:settings")
    return render(request, "today/settings.html", {"form": form})
