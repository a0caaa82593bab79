"""Bookings into hub sessions planned ahead."""

from django.urls import path

from conversations.views import bookings

urlpatterns = [
    path("people/<int:pk>/book/", bookings.booking_create, name="booking_create"),
    path(
        "bookings/<int:pk>/did-not-attend/",
        bookings.booking_not_attended,
        name="booking_not_attended",
    ),
    path("bookings/<int:pk>/cancel/", bookings.booking_cancel, name="booking_cancel"),
]
