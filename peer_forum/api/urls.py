"""Peer-forum API, under /api/v1/peer-forum/."""

from django.urls import path

from peer_forum.api import views

urlpatterns = [
    path("peer-forum/forums/", views.ForumListView.as_view(), name="api_forum_list"),
    path("peer-forum/forums/<int:pk>/", views.ForumDetailView.as_view(), name="api_forum_detail"),
    path("peer-forum/meetings/", views.MeetingListView.as_view(), name="api_meeting_list"),
    path(
        "peer-forum/meetings/<int:pk>/",
        views.MeetingDetailView.as_view(),
        name="api_meeting_detail",
    ),
    path(
        "peer-forum/meetings/<int:pk>/attendance/",
        views.MeetingAttendanceView.as_view(),
        name="api_meeting_attendance",
    ),
    path("peer-forum/requests/", views.RequestListView.as_view(), name="api_request_list"),
    path(
        "peer-forum/requests/<int:pk>/",
        views.RequestDetailView.as_view(),
        name="api_request_detail",
    ),
    path(
        "peer-forum/requests/<int:pk>/submit/",
        views.RequestSubmitView.as_view(),
        name="api_request_submit",
    ),
    path(
        "peer-forum/requests/<int:pk>/decisions/",
        views.RequestDecideView.as_view(),
        name="api_request_decide",
    ),
    path("peer-forum/decisions/", views.DecisionListView.as_view(), name="api_decision_list"),
    path("peer-forum/savings/", views.SavingsView.as_view(), name="api_savings"),
]
