"""The peer forum's part of a person's page (registered in ``PeerForumConfig.ready()``):
funding requests and decisions on the timeline, the person's requests as a section, and
"Request funding" beside an open episode with a support plan. conversations sits below
peer_forum, so it asks for these through ``conversations.person_page`` and never names us.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from cls_portal.permissions import has_role_permission
from conversations.person_page import PageLink, PageSection, PersonPagePart, TimelineItem
from peer_forum.models import Decision, FundingRequest

if TYPE_CHECKING:
    from cls_portal.accounts.models import User
    from conversations.models import Person
    from conversations.selectors.timeline import EpisodeTimeline


def funding_timeline_items(*, user: User, episode_ids: list[int]) -> Iterator[TimelineItem]:
    """The requests and decisions on these episodes that the user may see: two queries."""
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
