"""Hubs, opening a session, the session page (the hub worker's screen for the day), the
head-count tally and closing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from hubs import selectors
from hubs.access import require_can_run_session_at
from hubs.forms import HubForm, HubSessionOpenForm
from hubs.services.hubs import hub_create, hub_update
from hubs.services.sessions import hub_session_close, hub_session_open, hub_session_tally
from hubs.session_page import session_page_sections

# Sent with every head-count change so the session dashboard (footfall) reloads itself.
FOOTFALL_CHANGED = "footfall-changed"


@login_required
def hub_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "hub.view")
    can_manage = can(request.user, "hub.manage")  # administrators also see hubs not in use
    hubs = selectors.hub_list(user=request.user, include_inactive=can_manage)
    page = Paginator(hubs, 25).get_page(request.GET.get("page"))
    hubs = selectors.hub_attach_open_sessions(user=request.user, hubs=page.object_list)
    return render(
        request,
        "hubs/hub_list.html",
        {
            "page": page,
            "hubs": hubs,
            "can_run": can(request.user, "hub_session.run"),
            "can_manage": can_manage,
        },
    )


@login_required
def hub_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hub = selectors.hub_get(user=request.user, pk=pk)
    sessions = selectors.hub_session_list(user=request.user, hub=hub)
    page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    can_run = can(request.user, "hub_session.run") and (
        hub.locality_id in request.user.locality_id_set
    )
    context = {
        "hub": hub,
        "page": page,
        "can_run": can_run,
        "can_manage": can(request.user, "hub.manage"),  # the template's "Edit the hub" link
    }
    return render(request, "hubs/hub_detail.html", context)


@login_required
def hub_add(request: HttpRequest) -> HttpResponse:
    require(request.user, "hub.manage")
    form = HubForm(request.POST or None, partnership_id=request.user.partnership_id)
    if request.method == "POST" and form.is_valid():
        try:
            hub = hub_create(
                actor=request.user, partnership=request.user.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added {hub}.")
            return redirect("hubs:hub_detail", hub.pk)
    return render(request, "hubs/hub_form.html", {"form": form, "title": "Add a hub"})


@login_required
def hub_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hub = selectors.hub_get(user=request.user, pk=pk, action="hub.manage")
    form = HubForm(request.POST or None, instance=hub, partnership_id=request.user.partnership_id)
    if request.method == "POST" and form.is_valid():
        try:
            hub_update(actor=request.user, hub=hub, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved changes to {hub}.")
            return redirect("hubs:hub_detail", hub.pk)
    return render(request, "hubs/hub_form.html", {"form": form, "title": f"Edit {hub}", "hub": hub})


@login_required
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    hub = selectors.hub_get(user=request.user, pk=pk)
    require_can_run_session_at(request.user, hub)
    # The worker opening it is included anyway: only colleagues are offered.
    colleagues = selectors.hub_session_staff_choices(hub=hub).exclude(pk=request.user.pk)
    form = HubSessionOpenForm(request.POST or None, staff_choices=colleagues)
    if request.method == "POST" and form.is_valid():
        try:
            session, created = hub_session_open(actor=request.user, hub=hub, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not created:
                messages.info(request, "A session is already open here today: here it is.")
            return redirect("hubs:session_detail", session.pk)
    planned = selectors.hub_calendar(
        user=request.user, hub=hub, start=timezone.localdate(), end=timezone.localdate()
    ).filter(planned=True)
    return render(request, "hubs/session_open.html", {"hub": hub, "form": form, "planned": planned})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.hub_session_get(user=request.user, pk=pk)
    context = {
        "session": session,
        "staff": session.staff.order_by("first_name", "last_name"),
        "opens_today": session.planned and session.date == timezone.localdate(),
        # e.g. who is booked in (conversations registers it: hubs never imports it)
        "sections": session_page_sections(request=request, session=session),
    }
    return render(request, "hubs/session_detail.html", context)


@login_required
@require_POST
def session_tally(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.hub_session_get(user=request.user, pk=pk)
    error = None
    try:
        session = hub_session_tally(
            actor=request.user,
            session=session,
            change=-1 if request.POST.get("change") == "-1" else 1,
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not wants_fragment(request):
        if error:
            messages.error(request, error)
        return redirect("hubs:session_detail", session.pk)
    response = render(request, "hubs/partials/_tally.html", {"session": session, "error": error})
    if not error:
        response["HX-Trigger"] = FOOTFALL_CHANGED
    return response


@login_required
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.hub_session_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            hub_session_close(actor=request.user, session=session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"The session at {session.hub} is closed.")
        return redirect("hubs:session_detail", session.pk)
    return render(request, "hubs/session_close.html", {"session": session})
