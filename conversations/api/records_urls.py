from django.urls import path

from conversations.api import records as views

CORRECTIONS = {
    "conversation": ("conversations", "api_conversation_correct"),
    "crisis-plan": ("crisis-plans", "api_crisis_plan_correct"),
    "support-plan": ("support-plans", "api_support_plan_correct"),
    "outcome": ("personal-outcomes", "api_outcome_correct"),
    "waiting-entry": ("waiting-list-entries", "api_waiting_list_entry_correct"),
}

urlpatterns = [
    path(
        "people/<int:pk>/merge/",
        views.PersonMergeProposeView.as_view(),
        name="api_person_merge_propose",
    ),
    path("person-merges/", views.PersonMergeListView.as_view(), name="api_person_merge_list"),
    path(
        "person-merges/<int:pk>/",
        views.PersonMergeDetailView.as_view(),
        name="api_person_merge_detail",
    ),
    path(
        "person-merges/<int:pk>/confirm/",
        views.PersonMergeConfirmView.as_view(),
        name="api_person_merge_confirm",
    ),
    path(
        "person-merges/<int:pk>/decline/",
        views.PersonMergeDeclineView.as_view(),
        name="api_person_merge_decline",
    ),
    path("people/<int:pk>/carers/", views.PersonCarersView.as_view(), name="api_person_carers"),
    path("carer-links/<int:pk>/end/", views.CarerLinkEndView.as_view(), name="api_carer_link_end"),
    path(
        "episodes/<int:pk>/as-carer/",
        views.EpisodeAsCarerView.as_view(),
        name="api_episode_as_carer",
    ),
    *(
        path(f"{prefix}/<int:pk>/correct/", views.correct_view(slug).as_view(), name=name)
        for slug, (prefix, name) in CORRECTIONS.items()
    ),
]
