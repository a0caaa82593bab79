from django.urls import path

from conversations.views import crisis, pathway, personal_outcomes, timeline, waiting_lists

urlpatterns = [
    path("people/<int:pk>/", timeline.person_detail, name="person_detail"),
    path("people/<int:pk>/start-episode/", pathway.episode_start, name="episode_start"),
    path(
        "episodes/<int:pk>/conversation-<int:kind>/",
        pathway.conversation_create,
        name="conversation_create",
    ),
    path("episodes/<int:pk>/close/", pathway.episode_close, name="episode_close"),
    path("episodes/<int:pk>/reopen/", pathway.episode_reopen, name="episode_reopen"),
    path(
        "episodes/<int:pk>/outcomes/new/", personal_outcomes.outcome_create, name="outcome_create"
    ),
    path(
        "episodes/<int:pk>/wellbeing/<str:measure>/",
        personal_outcomes.wellbeing_create,
        name="wellbeing_create",
    ),
    path(
        "episodes/<int:pk>/waiting-lists/add/",
        waiting_lists.waiting_list_entry_add,
        name="waiting_list_entry_add",
    ),
    path(
        "personal-outcomes/<int:pk>/review/",
        personal_outcomes.outcome_review,
        name="outcome_review",
    ),
    path("crisis-board/", crisis.crisis_board_view, name="crisis_board"),
    path(
        "crisis-plans/<int:pk>/update/", crisis.crisis_plan_update_view, name="crisis_plan_update"
    ),
    path("waiting-lists/", waiting_lists.waiting_list_index_view, name="waiting_list_index"),
    path("waiting-lists/manage/", waiting_lists.waiting_list_manage, name="waiting_list_manage"),
    path("waiting-lists/<int:pk>/", waiting_lists.waiting_list_detail, name="waiting_list_detail"),
    path("waiting-lists/<int:pk>/edit/", waiting_lists.waiting_list_edit, name="waiting_list_edit"),
    path(
        "waiting-lists/<int:pk>/offer-hub-appointment/",
        waiting_lists.waiting_list_offer,
        name="waiting_list_offer",
    ),
    path(
        "waiting-list-entries/<int:pk>/remove/",
        waiting_lists.waiting_list_entry_remove,
        name="waiting_list_entry_remove",
    ),
]
