"""Pages of the conversations app. People, drop-ins and signposts live in ``urls_people``;
the pathway, timeline, crisis board, personal outcomes and waiting lists in ``urls_pathway``."""

from django.urls import include, path

app_name = "conversations"

urlpatterns = [
    path("", include("conversations.urls_people")),
    path("", include("conversations.urls_pathway")),
    path("", include("conversations.urls_privacy")),
    path("", include("conversations.urls_records")),
    path("", include("conversations.urls_bookings")),
]
