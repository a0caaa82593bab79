"""A hub's calendar: the sessions planned for the coming weeks, its regular sessions, adding a
regular or a one-off session, ending a regular one, and opening a planned session on its day."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cls_portal.forms import add_service_errors
from cls_portal.permissions import require
from hubs import selectors
from hubs.access import require_can_run_session_at
from hubs.forms import (
    HubScheduleEndForm,
    HubScheduleForm,
    HubSessionOpenPlannedForm,
    HubSessionPlanForm,
)
from hubs.models import Hub
from hubs.services.calendar import (
    PLAN_WEEKS_AHEAD,
    hub_schedule_add,
    hub_schedule_end,
    hub_session_open_planned,
    hub_session_plan,
)

CALENDAR_PAGE_SIZE = 30


def _hub_to_plan(request: HttpRequest, pk: int) -> Hub:
    """A hub whose calendar the user may plan: its locality's hub workers and practitioners
    (404 for other localities and partnerships, 403 for other roles)."""
    hub = selectors.hub_get(user=request.user, pk=pk)
    require_can_run_session_at(request.user, hub)
    require(request.user, "hub_calendar.plan")
    return hub


@login_required
def hub_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub_to_plan(request, pk)
    today = timezone.localdate()
    until = today + datetime.timedelta(weeks=PLAN_WEEKS_AHEAD)
    sessions = selectors.hub_calendar(user=request.user, hub=hub, start=today, end=until)
    page = Paginator(sessions, CALENDAR_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "hub": hub,
        "page": page,
        "today": today,
        "until": until,
        "schedules": selectors.hub_schedules_in_use(user=request.user, hub=hub, today=today),
    }
    return render(request, "hubs/hub_calendar.html", context)


def _form_page(request: HttpRequest, hub: Hub, form, title: str, submit: str) -> HttpResponse:
    return render(
        request,
        "hubs/calendar_form.html",
        {"hub": hub, "form": form, "title": title, "submit": submit},
    )


@login_required
def schedule_add(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub_to_plan(request, pk)
    form = HubScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = hub_schedule_add(actor=request.user, hub=hub, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{schedule} is on the calendar.")
            return redirect("hubs:hub_calendar", hub.pk)
    return _form_page(request, hub, form, "Add a regular session", "Add to the calendar")


@login_required
def schedule_end(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = selectors.hub_schedule_get(user=request.user, pk=pk)
    form = HubScheduleEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hub_schedule_end(actor=request.user, schedule=schedule, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{schedule} ends on {form.cleaned_data['last_day']:%d %B %Y}."
            )
            return redirect("hubs:hub_calendar", schedule.hub_id)
    return _form_page(request, schedule.hub, form, f"End {schedule}", "End it")


@login_required
def session_plan(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub_to_plan(request, pk)
    form = HubSessionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = hub_session_plan(actor=request.user, hub=hub, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added a session on {session.date:%A %d %B}.")
            return redirect("hubs:hub_calendar", hub.pk)
    return _form_page(request, hub, form, "Add a one-off session", "Add to the calendar")


@login_required
def session_open_planned(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.hub_session_get(user=request.user, pk=pk)
    detail = reverse("hubs:session_detail", args=[session.pk])
    if not session.planned:
        return redirect(detail)
    colleagues = selectors.hub_session_staff_choices(hub=session.hub).exclude(pk=request.user.pk)
    # Every field may be left empty, so an empty POST is still a POST.
    data = request.POST if request.method == "POST" else None
    form = HubSessionOpenPlannedForm(data, staff_choices=colleagues)
    if request.method == "POST" and form.is_valid():
        try:
            hub_session_open_planned(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The session at {session.hub} is open.")
            return redirect(detail)
    title = f"Open the {session.starts_at:%H:%M} session"
    return _form_page(request, session.hub, form, title, "Open the session")
