from django.urls import path

from conversations.api import (
    conversations,
    crisis,
    episodes,
    personal_outcomes,
    plans,
    waiting_lists,
    wellbeing,
)

urlpatterns = [
    path("episodes/", episodes.EpisodeListView.as_view(), name="api_episode_list"),
    path("episodes/<int:pk>/", episodes.EpisodeDetailView.as_view(), name="api_episode_detail"),
    path("episodes/<int:pk>/close/", episodes.EpisodeCloseView.as_view(), name="api_episode_close"),
    path(
        "episodes/<int:pk>/reopen/",
        episodes.EpisodeReopenView.as_view(),
        name="api_episode_reopen",
    ),
    path(
        "episodes/<int:pk>/conversations/",
        conversations.EpisodeConversationsView.as_view(),
        name="api_episode_conversations",
    ),
    path(
        "conversations/",
        conversations.ConversationListView.as_view(),
        name="api_conversation_list",
    ),
    path(
        "conversations/<int:pk>/",
        conversations.ConversationDetailView.as_view(),
        name="api_conversation_detail",
    ),
    path("crisis-plans/", crisis.CrisisPlanListView.as_view(), name="api_crisis_plan_list"),
    path(
        "crisis-plans/<int:pk>/",
        crisis.CrisisPlanDetailView.as_view(),
        name="api_crisis_plan_detail",
    ),
    path("crisis-board/", crisis.CrisisBoardView.as_view(), name="api_crisis_board"),
    path("support-plans/", plans.SupportPlanListView.as_view(), name="api_support_plan_list"),
    path(
        "personal-outcomes/",
        personal_outcomes.PersonalOutcomeListView.as_view(),
        name="api_personal_outcome_list",
    ),
    path(
        "personal-outcomes/<int:pk>/",
        personal_outcomes.PersonalOutcomeDetailView.as_view(),
        name="api_personal_outcome_detail",
    ),
    path(
        "personal-outcomes/<int:pk>/reviews/",
        personal_outcomes.OutcomeReviewCreateView.as_view(),
        name="api_outcome_review_create",
    ),
    path(
        "wellbeing-scores/", wellbeing.WellbeingScoreListView.as_view(), name="api_wellbeing_list"
    ),
    path(
        "waiting-lists/",
        waiting_lists.WaitingListListView.as_view(),
        name="api_waiting_list_list",
    ),
    path(
        "waiting-lists/<int:pk>/offer-hub-appointment/",
        waiting_lists.WaitingListOfferView.as_view(),
        name="api_waiting_list_offer",
    ),
    path(
        "waiting-list-entries/",
        waiting_lists.WaitingListEntryListView.as_view(),
        name="api_waiting_list_entry_list",
    ),
    path(
        "waiting-list-entries/<int:pk>/",
        waiting_lists.WaitingListEntryDetailView.as_view(),
        name="api_waiting_list_entry_detail",
    ),
    path(
        "waiting-list-entries/<int:pk>/remove/",
        waiting_lists.WaitingListEntryRemoveView.as_view(),
        name="api_waiting_list_entry_remove",
    ),
]
