"""A person's timeline: every episode they have in the user's localities, and within each its
conversations (with crisis and support plans), signposts, personal outcomes and their reviews,
wellbeing scores, waiting-list entries, changes to their details, and whatever higher apps add
through ``conversations.person_page`` (the peer forum: funding requests and the forum's
decisions, for roles that may see them), newest first.

Episodes are paged (``EPISODES_PER_PAGE``); everything on a page is read in a fixed number of
queries (one per kind of record), whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    OutcomeReview,
    Person,
    PersonalOutcome,
    Signpost,
    SupportPlan,
    WaitingListEntry,
    WellbeingScore,
)
from conversations.person_page import PageLink, person_page_parts
from conversations.selectors.pathway import SUPPORT_PLAN_LATEST_FIRST
from conversations.selectors.person_changes import person_details_changes
from conversations.selectors.records import timeline_corrections_annotate

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

EPISODES_PER_PAGE = 5


@dataclass(frozen=True)
class TimelineEvent:
    day: datetime.date
    kind: str  # the name of the template partial that shows it
    obj: Any
    rank: int = 0  # within a day: higher shows first (a close above the conversation before it)
    seq: int = 0  # then the later recorded first
    template: str = ""  # a higher app's own partial that shows it (else _event.html's own)


@dataclass
class EpisodeTimeline:
    episode: Episode
    events: list[TimelineEvent] = field(default_factory=list)
    outcomes: list[PersonalOutcome] = field(default_factory=list)
    open_crisis_plan: CrisisPlan | None = None
    latest_support_plan: SupportPlan | None = None
    open_entries: list[WaitingListEntry] = field(default_factory=list)
    links: list[PageLink] = field(default_factory=list)  # higher apps' links beside the episode


def person_timeline(*, user: User, person: Person, page_number: Any = 1) -> tuple[Page, list]:
    """The page of episodes and, for each, its events newest first."""
    episodes = (
        Episode.objects.visible_to(user)
        .filter(person=person)
        .select_related("locality", "first_contact_session__hub", "reopened_from", "referral")
        .order_by("-first_contact_on", "-pk")
    )
    page = Paginator(episodes, EPISODES_PER_PAGE).get_page(page_number)
    blocks = {episode.pk: EpisodeTimeline(episode=episode) for episode in page.object_list}
    ids = list(blocks)
    if not ids:
        return page, []

    seq = iter(range(1_000_000_000))

    def add(
        episode_id: int, day: datetime.date, kind: str, obj: Any, rank: int = 0, template: str = ""
    ) -> None:
        event = TimelineEvent(day, kind, obj, rank, next(seq), template)
        blocks[episode_id].events.append(event)

    for block in blocks.values():
        episode = block.episode
        add(episode.pk, episode.first_contact_on, "opened", episode, rank=-10)
        if episode.closed_on:
            add(episode.pk, episode.closed_on, "closed", episode, rank=10)

    crisis_plans = {
        plan.conversation_id: plan for plan in CrisisPlan.objects.filter(episode_id__in=ids)
    }
    support_plans = {
        plan.conversation_id: plan
        for plan in SupportPlan.objects.filter(episode_id__in=ids)
        .order_by(*SUPPORT_PLAN_LATEST_FIRST)
        .prefetch_related("outcomes", "community_solutions")
    }
    for conversation in (
        Conversation.objects.filter(episode_id__in=ids)
        .select_related("hub", "practitioner")
        .order_by("held_on", "pk")
    ):
        conversation.the_crisis_plan = crisis_plans.get(conversation.pk)
        conversation.the_support_plan = support_plans.get(conversation.pk)
        add(conversation.episode_id, conversation.held_on, "conversation", conversation)
    for crisis_plan in crisis_plans.values():
        if crisis_plan.ended_on is None:
            blocks[crisis_plan.episode_id].open_crisis_plan = crisis_plan
    for support_plan in reversed(support_plans.values()):  # latest first: the latest set last
        blocks[support_plan.episode_id].latest_support_plan = support_plan

    for signpost in Signpost.objects.filter(episode_id__in=ids).select_related(
        "solution__category"
    ):
        add(signpost.episode_id, signpost.created_on, "signpost", signpost)

    reviews = Prefetch("reviews", queryset=OutcomeReview.objects.order_by("-reviewed_on", "-pk"))
    for outcome in PersonalOutcome.objects.filter(episode_id__in=ids).prefetch_related(reviews):
        outcome.episode = blocks[outcome.episode_id].episode  # already read: no query per row
        blocks[outcome.episode_id].outcomes.append(outcome)
        add(outcome.episode_id, outcome.created_on, "outcome", outcome, rank=-1)
        for review in outcome.reviews.all():
            add(outcome.episode_id, review.reviewed_on, "review", (outcome, review))

    for score in WellbeingScore.objects.filter(episode_id__in=ids):
        add(score.episode_id, score.recorded_on, "wellbeing", score)

    for entry in WaitingListEntry.objects.filter(episode_id__in=ids).select_related(
        "waiting_list", "appointment_session__hub"
    ):
        add(entry.episode_id, entry.added_on, "waiting_added", entry, rank=-2)
        if entry.removed_on:
            add(entry.episode_id, entry.removed_on, "waiting_removed", entry, rank=2)
        else:
            blocks[entry.episode_id].open_entries.append(entry)

    for part in person_page_parts():
        if part.timeline_items:
            for item in part.timeline_items(user=user, episode_ids=ids):
                add(item.episode_id, item.day, item.kind, item.obj, item.rank, part.event_template)

    for episode_id, change in person_details_changes(
        person=person,
        episodes=[block.episode for block in blocks.values()],
        newest_first_page=page.number == 1,
    ):
        add(episode_id, change.day, "details_changed", change, rank=1)
    # Corrections: "amended on … by …" and the "Correct" link on each record (one query).
    timeline_corrections_annotate(user=user, blocks=blocks.values())

    for block in blocks.values():
        block.events.sort(key=lambda event: (event.day, event.rank, event.seq), reverse=True)
    return page, list(blocks.values())
