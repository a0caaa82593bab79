"""Keeping records right: merging two records of one person, corrections, carers."""

from django.urls import path

from conversations.views import amendments, carers, merges

urlpatterns = [
    path("people/<int:pk>/merge/", merges.person_merge_propose_view, name="person_merge_propose"),
    path("person-merges/", merges.person_merge_list, name="person_merge_list"),
    path("person-merges/<int:pk>/", merges.person_merge_detail, name="person_merge_detail"),
    path("people/<int:pk>/links/", carers.person_links, name="person_links"),
    path("people/<int:pk>/carers/add/", carers.carer_link_create_view, name="carer_link_create"),
    path("carer-links/<int:pk>/end/", carers.carer_link_end_view, name="carer_link_end"),
    path("episodes/<int:pk>/as-carer/", carers.episode_as_carer, name="episode_as_carer"),
    # Corrections: one page per kind of record (the same view).
    path(
        "conversations/<int:pk>/correct/",
        amendments.record_correct,
        {"slug": "conversation"},
        name="conversation_correct",
    ),
    path(
        "crisis-plans/<int:pk>/correct/",
        amendments.record_correct,
        {"slug": "crisis-plan"},
        name="crisis_plan_correct",
    ),
    path(
        "support-plans/<int:pk>/correct/",
        amendments.record_correct,
        {"slug": "support-plan"},
        name="support_plan_correct",
    ),
    path(
        "personal-outcomes/<int:pk>/correct/",
        amendments.record_correct,
        {"slug": "outcome"},
        name="outcome_correct",
    ),
    path(
        "waiting-list-entries/<int:pk>/correct/",
        amendments.record_correct,
        {"slug": "waiting-entry"},
        name="waiting_list_entry_correct",
    ),
]
