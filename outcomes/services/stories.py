"""Recording change stories (structured, anonymised, with consent to share)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from cls_portal.permissions import acting_partnership_id
from hubs.models import Hub, Locality
from outcomes.models import ChangeStory, ChangeStoryOutcome
from outcomes.reference import CLSOutcome

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

STORY_FIELDS = (
    "title",
    "what_mattered",
    "strengths",
    "barriers",
    "what_happened",
    "before_cls",
    "consent_to_share",
)


def _check(
    *, actor: User, locality: Locality, hub: Hub | None, told_on: datetime.date, outcomes: list[int]
) -> None:
    if locality.partnership_id != actor.partnership_id:
        raise ValidationError({"locality": "Choose one of your localities."})
    if hub is not None and hub.locality_id != locality.pk:
        raise ValidationError({"hub": "Choose a hub in the chosen locality, or none."})
    if told_on > timezone.localdate():
        raise ValidationError({"told_on": "The date of the story cannot be in the future."})
    if not outcomes or any(number not in CLSOutcome.values for number in outcomes):
        raise ValidationError({"outcomes": "Choose at least one of the six CLS outcomes."})


def _set_outcomes(story: ChangeStory, outcomes: Iterable[int]) -> None:
    story.outcome_links.all().delete()
    ChangeStoryOutcome.objects.bulk_create(
        ChangeStoryOutcome(story=story, outcome=number) for number in sorted(set(outcomes))
    )


@transaction.atomic
def change_story_create(
    *,
    actor: User,
    locality: Locality,
    title: str,
    what_mattered: str,
    what_happened: str,
    before_cls: str,
    outcomes: list[int],
    hub: Hub | None = None,
    told_on: datetime.date | None = None,
    strengths: str = "",
    barriers: str = "",
    consent_to_share: bool = False,
) -> ChangeStory:
    told_on = told_on or timezone.localdate()
    _check(actor=actor, locality=locality, hub=hub, told_on=told_on, outcomes=outcomes)
    story = ChangeStory(
        partnership_id=acting_partnership_id(actor),
        locality=locality,
        hub=hub,
        told_on=told_on,
        title=title,
        what_mattered=what_mattered,
        strengths=strengths,
        barriers=barriers,
        what_happened=what_happened,
        before_cls=before_cls,
        consent_to_share=consent_to_share,
        recorded_by=actor,
    )
    story.full_clean()
    story.save()
    _set_outcomes(story, outcomes)
    audit_create(actor=actor, obj=story)
    return story


@transaction.atomic
def change_story_update(
    *,
    actor: User,
    story: ChangeStory,
    locality: Locality,
    hub: Hub | None,
    told_on: datetime.date,
    outcomes: list[int],
    **fields: Any,
) -> ChangeStory:
    unknown = set(fields) - set(STORY_FIELDS)
    if unknown:
        raise TypeError(f"Not a story field: {', '.join(sorted(unknown))}")
    _check(actor=actor, locality=locality, hub=hub, told_on=told_on, outcomes=outcomes)
    before = audit_snapshot(story)
    before["outcomes"] = sorted(story.outcome_links.values_list("outcome", flat=True))
    story.locality, story.hub, story.told_on = locality, hub, told_on
    for name, value in fields.items():
        setattr(story, name, value)
    story.full_clean()
    story.save()
    _set_outcomes(story, outcomes)
    audit_update(actor=actor, obj=story, before=before, extra_after={"outcomes": sorted(outcomes)})
    return story
