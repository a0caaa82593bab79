"""Carers: who looks after whom, and support for a carer in their own right.

A carer is a person like any other: they can have their own episode and conversations. Linking
them to the person they care for (``carer_link_create``) says who cares for whom; marking an
episode as support for them as a carer (``episode_set_as_carer``) makes its conversations a
carer's conversations, which the core data set counts ("carers supported",
``outcomes.selectors.figures.carers``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.models import CarerLink, Episode, Person

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def _check_dates(started_on: datetime.date | None, ended_on: datetime.date | None) -> None:
    today = timezone.localdate()
    errors = {}
    if started_on is None:
        errors["started_on"] = "Enter the day they started caring (roughly is fine)."
    elif started_on > today:
        errors["started_on"] = "The day they started caring cannot be in the future."
    if ended_on is not None and ended_on > today:
        errors["ended_on"] = "The day they stopped caring cannot be in the future."
    elif ended_on is not None and started_on is not None and ended_on < started_on:
        errors["ended_on"] = "They cannot stop caring before they started."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def carer_link_create(
    *,
    actor: User,
    carer: Person,
    cared_for: Person,
    relationship: str,
    started_on: datetime.date | None,
) -> CarerLink:
    """Say that ``carer`` looks after ``cared_for``."""
    people = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .filter(pk__in=[carer.pk, cared_for.pk])
        .order_by("pk")
    }
    carer, cared_for = people[carer.pk], people.get(cared_for.pk, cared_for)
    if carer.pk == cared_for.pk:
        raise ValidationError({"cared_for": "A person cannot be their own carer."})
    if carer.partnership_id != cared_for.partnership_id:
        raise ValidationError({"cared_for": "Choose someone in your partnership."})
    if carer.merged_into_id or cared_for.merged_into_id:
        raise ValidationError({"cared_for": "That record was merged into another: use that one."})
    if relationship not in CarerLink.Relationship.values:
        raise ValidationError({"relationship": "Choose how the carer is related to them."})
    _check_dates(started_on, None)
    assert started_on is not None  # nosec B101 - narrows the type
    if CarerLink.objects.filter(carer=carer, cared_for=cared_for, ended_on__isnull=True).exists():
        raise ValidationError({"cared_for": "They are already linked as carer and cared for."})
    link = CarerLink(
        carer=carer,
        cared_for=cared_for,
        relationship=relationship,
        started_on=started_on,
        created_by=actor,
    )
    link.full_clean()
    link.save()
    audit_create(actor=actor, obj=link)
    return link


@transaction.atomic
def carer_link_end(*, actor: User, link: CarerLink, ended_on: datetime.date | None) -> CarerLink:
    """They no longer care for them (the link stays, with its end)."""
    link = CarerLink.objects.select_for_update().get(pk=link.pk)
    if link.ended_on is not None:
        raise ValidationError("This caring role has already ended.")
    if ended_on is None:
        raise ValidationError({"ended_on": "Enter the day they stopped caring."})
    _check_dates(link.started_on, ended_on)
    before = audit_snapshot(link)
    link.ended_on = ended_on
    link.full_clean()
    link.save()
    audit_update(actor=actor, obj=link, before=before)
    return link


@transaction.atomic
def episode_set_as_carer(*, actor: User, episode: Episode, as_carer: bool) -> Episode:
    """Mark (or unmark) an episode as support for the person as a carer: its conversations are
    then a carer's conversations. Only someone who cares for another can be supported as one."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if as_carer and not CarerLink.objects.filter(carer_id=episode.person_id).exists():
        raise ValidationError(
            "Link them to the person they care for first: then this can be support for them "
            "as a carer."
        )
    if episode.as_carer == as_carer:
        return episode
    before = audit_snapshot(episode)
    episode.as_carer = as_carer
    episode.save(update_fields=["as_carer"])
    audit_update(actor=actor, obj=episode, before=before)
    return episode
