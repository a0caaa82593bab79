"""The person page's part for merges, corrections and carers (``conversations.person_page``):
a section "Carers and other records", and timeline events for a merge (on each episode that
moved) and a carer link (on each episode of either person open on the day it was recorded).
A correction shows on the record itself ("amended on … by …", ``selectors.records``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from cls_portal.permissions import has_role_permission
from conversations.models import CarerLink, Episode, PersonMerge
from conversations.person_page import (
    PageSection,
    PersonPagePart,
    TimelineItem,
    person_page_part_register,
)

if TYPE_CHECKING:
    from cls_portal.accounts.models import User
    from conversations.models import Person


def _sections(*, user: User, person: Person) -> list[PageSection]:
    if not has_role_permission(user, "person.view"):
        return []
    url = reverse("conversations:person_links", args=[person.pk])
    return [
        PageSection("person-links", "Carers and other records", url, "Carers and other records")
    ]


def _merges(episode_ids: list[int]) -> Iterable[TimelineItem]:
    merges = (
        PersonMerge.objects.filter(
            state=PersonMerge.State.CONFIRMED, kept__episodes__in=episode_ids
        )
        .select_related("decided_by", "proposed_by")
        .distinct()
    )
    wanted = set(episode_ids)
    for merge in merges:
        day = timezone.localdate(merge.decided_at) if merge.decided_at else None
        for episode_id in merge.moved.get("episodes", []):
            if episode_id in wanted and day:
                yield TimelineItem(episode_id, day, "merged", merge, rank=5)


def _carer_links(user: User, episode_ids: list[int]) -> Iterable[TimelineItem]:
    episodes = list(
        Episode.objects.filter(pk__in=episode_ids).values(
            "pk", "person_id", "first_contact_on", "closed_on"
        )
    )
    people = {row["person_id"] for row in episodes}
    links = CarerLink.objects.visible_to(user).filter(
        carer_id__in=people
    ) | CarerLink.objects.visible_to(user).filter(cared_for_id__in=people)
    for link in links.select_related("carer", "cared_for"):
        day = timezone.localdate(link.created_at)
        for row in episodes:
            if row["person_id"] not in (link.carer_id, link.cared_for_id):
                continue
            if row["first_contact_on"] <= day and (
                row["closed_on"] is None or row["closed_on"] >= day
            ):
                link.here_is_carer = row["person_id"] == link.carer_id  # type: ignore[attr-defined]
                yield TimelineItem(row["pk"], day, "carer_linked", link, rank=3)


def _timeline_items(*, user: User, episode_ids: list[int]) -> list[TimelineItem]:
    ids = list(episode_ids)
    return [*_merges(ids), *_carer_links(user, ids)]


def register() -> None:
    person_page_part_register(
        PersonPagePart(
            name="records",
            event_template="conversations/records/_event.html",
            timeline_items=_timeline_items,
            sections=_sections,
        )
    )
