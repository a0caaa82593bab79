"""Waiting lists: the lists with how many are waiting, each list (now or on a past day) with
everyone's wait so far, adding and removing people, offering hub appointments in one go, and a
small page for administrators to name the lists."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import has_role_permission, require
from conversations.forms.waiting_lists import (
    AsAtForm,
    OfferHubAppointmentForm,
    WaitingListEntryAddForm,
    WaitingListEntryRemoveForm,
    WaitingListForm,
)
from conversations.models import WaitingList
from conversations.selectors.pathway import episode_get
from conversations.selectors.waiting_lists import (
    waiting_list_choices,
    waiting_list_entries_on,
    waiting_list_entry_get,
    waiting_list_get,
    waiting_list_index,
)
from conversations.services import waiting_lists as services
from hubs.selectors import hub_sessions_ahead

ENTRIES_PAGE_SIZE = 50
OFFER_SESSIONS_AHEAD = datetime.timedelta(weeks=8)  # hub sessions offered for appointments


@login_required
def waiting_list_index_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "waiting_list.view")
    lists = waiting_list_index(user=request.user, day=timezone.localdate())
    return render(request, "conversations/waiting_list_index.html", {"lists": lists})


def _offer_form(request: HttpRequest, waiting_list: WaitingList, data=None):
    today = timezone.localdate()
    return OfferHubAppointmentForm(
        data,
        entries=waiting_list_entries_on(user=request.user, waiting_list=waiting_list, day=today),
        sessions=hub_sessions_ahead(
            user=request.user, start=today, end=today + OFFER_SESSIONS_AHEAD
        ),
    )


def _detail(request: HttpRequest, waiting_list: WaitingList, offer_form=None) -> HttpResponse:
    as_at = AsAtForm(request.GET or None)
    today = timezone.localdate()
    day = (as_at.cleaned_data.get("as_at") if as_at.is_valid() else None) or today
    entries = waiting_list_entries_on(user=request.user, waiting_list=waiting_list, day=day)
    page = Paginator(entries, ENTRIES_PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.wait_days = (day - entry.added_on).days
    # Today only (the past cannot be changed); the hub appointment list takes people off too,
    # e.g. someone who declines the appointment, but offers nothing.
    may_remove = day == today and has_role_permission(request.user, "waiting_list.change")
    may_offer = may_remove and not waiting_list.is_hub_appointments
    context = {
        "waiting_list": waiting_list,
        "as_at_form": as_at,
        "day": day,
        "is_today": day == today,
        "page": page,
        "query_string": f"as_at={day:%Y-%m-%d}" if day != today else "",
        "longest_since": entries.aggregate(first=Min("added_on"))["first"],
        "may_offer": may_offer,
        "may_remove": may_remove,
        # hub workers too: they book people from the hub appointment list into sessions
        "may_book": day == today
        and waiting_list.is_hub_appointments
        and has_role_permission(request.user, "hub_booking.change"),
        "offer_form": offer_form or (_offer_form(request, waiting_list) if may_offer else None),
    }
    if wants_fragment(request, target="waiting-list-entries"):
        return render(request, "conversations/partials/_waiting_list_entries.html", context)
    return render(request, "conversations/waiting_list_detail.html", context)


@login_required
def waiting_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, waiting_list_get(user=request.user, pk=pk))


@login_required
@require_POST
def waiting_list_offer(request: HttpRequest, pk: int) -> HttpResponse:
    waiting_list = waiting_list_get(user=request.user, pk=pk, action="waiting_list.change")
    form = _offer_form(request, waiting_list, request.POST)
    if form.is_valid():
        try:
            offered = services.waiting_list_offer_hub_appointments(
                actor=request.user, waiting_list=waiting_list, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            count = len(offered)
            messages.success(
                request,
                f"Offered a hub appointment to {count} {'person' if count == 1 else 'people'}: "
                "they are now on the hub appointment list.",
            )
            return redirect("conversations:waiting_list_detail", pk=waiting_list.pk)
    return _detail(request, waiting_list, offer_form=form)


@login_required
def waiting_list_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_get(user=request.user, pk=pk, action="waiting_list.change")
    form = WaitingListEntryAddForm(
        request.POST or None, waiting_lists=waiting_list_choices(user=request.user)
    )
    timeline = reverse("conversations:person_detail", args=[episode.person_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_list_entry_add(
                actor=request.user, episode=episode, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added to the {form.cleaned_data['waiting_list']} list.")
            return redirect(f"{timeline}#episode-{episode.pk}")
    return render(
        request,
        "conversations/form_page.html",
        {
            "form": form,
            "person": episode.person,
            "title": "Add to a waiting list",
            "submit": "Add to the list",
            "cancel": timeline,
        },
    )


@login_required
def waiting_list_entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = waiting_list_entry_get(user=request.user, pk=pk, action="waiting_list.change")
    back = reverse("conversations:waiting_list_detail", args=[entry.waiting_list_id])
    if entry.removed_on:  # e.g. an old link, or a colleague was quicker
        messages.info(
            request,
            f"{entry.episode.person} was already taken off the {entry.waiting_list} list on "
            f"{entry.removed_on:%d %B %Y}.",
        )
        return redirect(back)
    form = WaitingListEntryRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_list_entry_remove(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Taken off the {entry.waiting_list} list.")
            return redirect(back)
    return render(
        request,
        "conversations/form_page.html",
        {
            "form": form,
            "person": entry.episode.person,
            "title": f"Take off the {entry.waiting_list} list",
            "intro": f"On the list since {entry.added_on:%d %B %Y}.",
            "submit": "Take off the list",
            "cancel": back,
        },
    )


@login_required
def waiting_list_manage(request: HttpRequest) -> HttpResponse:
    require(request.user, "waiting_list.manage")
    form = WaitingListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_list_create(
                actor=request.user, partnership=request.user.partnership, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The {form.cleaned_data['name']} list is ready.")
            return redirect("conversations:waiting_list_manage")
    lists = waiting_list_choices(user=request.user)
    return render(request, "conversations/waiting_list_manage.html", {"form": form, "lists": lists})


@login_required
def waiting_list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    waiting_list = waiting_list_get(user=request.user, pk=pk, action="waiting_list.manage")
    form = WaitingListForm(request.POST or None, initial={"name": waiting_list.name})
    del form.fields["is_hub_appointments"]
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_list_rename(
                actor=request.user, waiting_list=waiting_list, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Renamed.")
            return redirect("conversations:waiting_list_manage")
    return render(
        request,
        "conversations/form_page.html",
        {
            "form": form,
            "title": f"Rename the {waiting_list} list",
            "intro": "People on the list and its history stay as they are.",
            "submit": "Save",
            "cancel": reverse("conversations:waiting_list_manage"),
        },
    )
