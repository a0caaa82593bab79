"""Changes to a person's details, for their timeline: when, by whom, which details (the values
themselves are on the page and, before and after, in the audit history administrators read)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from conversations.models import Person

if TYPE_CHECKING:
    from conversations.models import Episode

# Shown as one detail: the number is one field on the form, whichever the nation calls it.
_SAME_AS = {"nhs_number": "chi_number"}


@dataclass(frozen=True)
class DetailsChange:
    day: datetime.date
    by: str
    details: tuple[str, ...]


def _labels(names: list[str]) -> tuple[str, ...]:
    labels: list[str] = []
    for name in names:
        try:
            field = Person._meta.get_field(_SAME_AS.get(name, name))
        except FieldDoesNotExist:
            continue
        if not isinstance(field, Field):
            continue
        label = "CHI/NHS number" if field.name == "chi_number" else str(field.verbose_name)
        label = label[:1].upper() + label[1:]
        if label not in labels:
            labels.append(label)
    return tuple(labels)


def person_details_changes(
    *, person: Person, episodes: list[Episode], newest_first_page: bool
) -> Iterator[tuple[int, DetailsChange]]:
    """Each change to the person's details, with the episode of this page it happened during
    (the newest episode begun on or before that day; on the first page, the newest episode takes
    changes after it too). Changes outside this page's episodes are on another page. One query."""
    if not episodes:
        return
    ordered = sorted(episodes, key=lambda e: (e.first_contact_on, e.pk), reverse=True)
    newest = ordered[0]
    entries = (
        AuditEntry.objects.filter(
            model=Person._meta.label_lower,
            object_id=str(person.pk),
            action=AuditEntry.Action.UPDATE,
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    for entry in entries:
        details = _labels(list(entry.changes))
        if not details:
            continue
        day = timezone.localtime(entry.at).date()
        home = next((e for e in ordered if e.first_contact_on <= day), None)
        if home is None:
            continue
        ended = home.closed_on is not None and home.closed_on < day
        if ended and not (home is newest and newest_first_page):
            continue
        by = entry.actor.get_full_name() or entry.actor.username if entry.actor else "the system"
        yield home.pk, DetailsChange(day=day, by=by, details=details)
