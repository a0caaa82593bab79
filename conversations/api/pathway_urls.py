from django.urls import path

from conversations.api import pathway_views as v

urlpatterns = [
    path("episodes/", v.EpisodeListView.as_view(), name="api_episode_list"),
    path("episodes/<int:pk>/", v.EpisodeDetailView.as_view(), name="api_episode_detail"),
    path("episodes/<int:pk>/close/", v.EpisodeCloseView.as_view(), name="api_episode_close"),
    path("episodes/<int:pk>/reopen/", v.EpisodeReopenView.as_view(), name="api_episode_reopen"),
    path(
        "episodes/<int:pk>/conversations/",
        v.EpisodeConversationsView.as_view(),
        name="api_episode_conversations",
    ),
    path("conversations/", v.ConversationListView.as_view(), name="api_conversation_list"),
    path(
        "conversations/<int:pk>/",
        v.ConversationDetailView.as_view(),
        name="api_conversation_detail",
    ),
    path("crisis-plans/", v.CrisisPlanListView.as_view(), name="api_crisis_plan_list"),
    path("crisis-plans/<int:pk>/", v.CrisisPlanDetailView.as_view(), name="api_crisis_plan_detail"),
    path("crisis-board/", v.CrisisBoardView.as_view(), name="api_crisis_board"),
    path("support-plans/", v.SupportPlanListView.as_view(), name="api_support_plan_list"),
    path(
        "personal-outcomes/",
        v.PersonalOutcomeListView.as_view(),
        name="api_personal_outcome_list",
    ),
    path(
        "personal-outcomes/<int:pk>/",
        v.PersonalOutcomeDetailView.as_view(),
        name="api_personal_outcome_detail",
    ),
    path(
        "personal-outcomes/<int:pk>/reviews/",
        v.OutcomeReviewCreateView.as_view(),
        name="api_outcome_review_create",
    ),
    path("wellbeing-scores/", v.WellbeingScoreListView.as_view(), name="api_wellbeing_list"),
    path("waiting-lists/", v.WaitingListListView.as_view(), name="api_waiting_list_list"),
    path(
        "waiting-lists/<int:pk>/offer-hub-appointment/",
        v.WaitingListOfferView.as_view(),
        name="api_waiting_list_offer",
    ),
    path(
        "waiting-list-entries/",
        v.WaitingListEntryListView.as_view(),
        name="api_waiting_list_entry_list",
    ),
    path(
        "waiting-list-entries/<int:pk>/",
        v.WaitingListEntryDetailView.as_view(),
        name="api_waiting_list_entry_detail",
    ),
    path(
        "waiting-list-entries/<int:pk>/remove/",
        v.WaitingListEntryRemoveView.as_view(),
        name="api_waiting_list_entry_remove",
    ),
]
