"""The peer forum's part of a person's page (registered in ``PeerForumConfig.ready()``):
funding requests, decisions, senior decisions on escalations and package reviews on the
timeline, the person's requests as a section, and "Request funding" beside an open episode with
a support plan. conversations sits below
peer_forum, so it asks for these through ``conversations.person_page`` and never names us.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from cls_portal.permissions import has_role_permission
from conversations.person_page import PageLink, PageSection, PersonPagePart, TimelineItem
from peer_forum.models import Decision, EscalationDecision, FundingRequest, PackageReview

if TYPE_CHECKING:
    from cls_portal.accounts.models import User
    from conversations.models import Person
    from conversations.selectors.timeline import EpisodeTimeline


def funding_timeline_items(*, user: User, episode_ids: list[int]) -> Iterator[TimelineItem]:
    """The requests, forum decisions, senior decisions on escalations and package reviews on
    these episodes that the user may see: four queries. Kinds: ``funding_request``,
    ``funding_decided`` (a ``Decision``), ``funding_senior_decided`` (an
    ``EscalationDecision``) and ``package_reviewed`` (a ``PackageReview``)."""
    if not has_role_permission(user, "funding_request.view"):
        return
    requests = FundingRequest.objects.visible_to(user).filter(episode_id__in=episode_ids)
    for funding in requests.select_related("forum"):
        # A draft shows on the day it was begun; once submitted, on the day it went in.
        day = funding.submitted_on or timezone.localdate(funding.created_at)
        yield TimelineItem(funding.episode_id, day, "funding_request", funding)
    decisions = Decision.objects.visible_to(user).filter(request__episode_id__in=episode_ids)
    for decision in decisions.select_related("request"):
        # Above the request's other events of the same day.
        yield TimelineItem(
            decision.request.episode_id, decision.decided_on, "funding_decided", decision, rank=1
        )
    # The whole path: the senior decision on an escalation, and the package's reviews.
    seniors = EscalationDecision.objects.visible_to(user).filter(
        decision__request__episode_id__in=episode_ids
    )
    for senior in seniors.select_related("decision__request", "panel", "decided_by"):
        yield TimelineItem(
            senior.decision.request.episode_id,
            senior.decided_on,
            "funding_senior_decided",
            senior,
            rank=2,
        )
    reviews = PackageReview.objects.visible_to(user).filter(request__episode_id__in=episode_ids)
    for review in reviews.select_related("request"):
        yield TimelineItem(
            review.request.episode_id, review.reviewed_on, "package_reviewed", review, rank=1
        )


def funding_sections(*, user: User, person: Person) -> list[PageSection]:
    if not has_role_permission(user, "funding_request.view"):
        return []
    url = reverse("peer_forum:person_requests", args=[person.pk])
    return [PageSection("funding-requests", "Funding requests", url, "See their funding requests")]


def funding_episode_links(*, user: User, block: EpisodeTimeline) -> list[PageLink]:
    """A draft request can be started from an open episode's latest support plan."""
    episode = block.episode
    if not (
        block.latest_support_plan
        and episode.is_open
        and has_role_permission(user, "funding_request.prepare")
    ):
        return []
    url = f"{reverse('peer_forum:request_create')}?episode={episode.pk}"
    hint = "Opens a draft peer-forum request filled in from the latest support plan."
    return [PageLink("Request funding", url, hint)]


PERSON_PAGE_PART = PersonPagePart(
    name="peer_forum",
    event_template="peer_forum/partials/_timeline_event.html",
    timeline_items=funding_timeline_items,
    sections=funding_sections,
    episode_links=funding_episode_links,
)
