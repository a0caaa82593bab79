"""Booking a person into a hub session planned ahead, cancelling a booking, marking "did not
attend", and the "Expected" section of the session page (registered with ``hubs.session_page``)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from cls_portal.forms import add_service_errors
from cls_portal.permissions import can
from conversations.forms.bookings import HubBookingForm
from conversations.selectors.bookings import hub_booking_get, session_bookings
from conversations.selectors.people import person_get
from conversations.services import bookings as services
from hubs.models import HubSession
from hubs.selectors import hub_sessions_ahead

BOOK_WEEKS_AHEAD = datetime.timedelta(weeks=8)
EXPECTED_PAGE_SIZE = 50


@login_required
def booking_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk, action="hub_booking.change")
    today = timezone.localdate()
    sessions = hub_sessions_ahead(user=request.user, start=today, end=today + BOOK_WEEKS_AHEAD)
    form = HubBookingForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.hub_booking_create(
                actor=request.user, person=person, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{person.full_name} is booked in at {booking.at:%H:%M} on "
                f"{booking.session.date:%A %d %B}.",
            )
            return redirect("hubs:session_detail", booking.session_id)
    entry = services.hub_appointment_entry_of(person)
    intro = (
        f"On the hub appointment list since {entry.added_on:%d %B %Y}."
        if entry
        else "Sessions at your hubs in the next eight weeks."
    )
    back = reverse("conversations:person_detail", args=[person.pk])
    return render(
        request,
        "conversations/form_page.html",
        {
            "form": form,
            "person": person,
            "title": "Book into a hub session",
            "intro": intro,
            "submit": "Book",
            "cancel": back,
        },
    )


@login_required
@require_POST
def booking_not_attended(request: HttpRequest, pk: int) -> HttpResponse:
    booking = hub_booking_get(user=request.user, pk=pk)
    try:
        services.hub_booking_mark_not_attended(actor=request.user, booking=booking)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"{booking.person.full_name}: did not attend. They stay on the hub appointment list.",
        )
    return redirect("hubs:session_detail", booking.session_id)


@login_required
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = hub_booking_get(user=request.user, pk=pk)
    back = reverse("hubs:session_detail", args=[booking.session_id])
    if request.method == "POST":
        try:
            services.hub_booking_cancel(actor=request.user, booking=booking)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Cancelled {booking.person.full_name}'s booking.")
        return redirect(back)
    return render(
        request,
        "conversations/booking_cancel.html",
        {"booking": booking, "person": booking.person, "back": back},
    )


def session_expected_section(*, request: HttpRequest, session: HubSession) -> SafeString:
    """The session page's "Expected" section: who is booked in, and what became of each."""
    bookings = session_bookings(user=request.user, session=session)
    page = Paginator(bookings, EXPECTED_PAGE_SIZE).get_page(request.GET.get("expected_page"))
    context = {
        "session": session,
        "page": page,
        "may_change": can(request.user, "hub_booking.change"),
        "on_or_after_day": session.date <= timezone.localdate(),
    }
    return render_to_string(
        "conversations/partials/_session_expected.html", context, request=request
    )
