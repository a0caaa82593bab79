"""Peer-forum pages, under /peer-forum/."""

from django.urls import path

from peer_forum.views import (
    dashboard,
    decisions,
    escalations,
    forums,
    meetings,
    requests,
    reviews,
)

app_name = "peer_forum"

urlpatterns = [
    path("", forums.forum_list, name="forum_list"),
    path("forums/new/", forums.forum_create, name="forum_create"),
    path("forums/<int:pk>/", forums.forum_detail, name="forum_detail"),
    path("forums/<int:pk>/edit/", forums.forum_edit, name="forum_edit"),
    path("forums/<int:pk>/meetings/new/", forums.meeting_create, name="meeting_create"),
    path("forums/<int:pk>/meetings/today/", meetings.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("queue/", requests.queue, name="queue"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_create, name="request_create"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", requests.request_edit, name="request_edit"),
    path("requests/<int:pk>/submit/", requests.request_submit, name="request_submit"),
    path("requests/<int:pk>/agenda/", requests.request_schedule, name="request_schedule"),
    path("requests/<int:pk>/decide/", decisions.request_decide, name="request_decide"),
    path("escalations/", escalations.escalation_list, name="escalation_list"),
    path("escalations/panel/", escalations.escalation_panel, name="escalation_panel"),
    path("escalations/<int:pk>/", escalations.escalation_detail, name="escalation_detail"),
    path("reviews/", reviews.reviews_due, name="reviews_due"),
    path("requests/<int:pk>/review/", reviews.request_review, name="request_review"),
    path("people/<int:pk>/requests/", requests.person_requests, name="person_requests"),
]
