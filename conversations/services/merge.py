"""Merging two records of the same person: one proposes, someone else confirms.

A practitioner says record A (the duplicate) is the same person as record B (the kept record),
and why. An administrator or a second practitioner (never the proposer) confirms. Then, in one
transaction with both people's rows locked:

- every row of any model that points at the duplicate moves to the kept record. The relations
  are found by walking ``Person._meta`` (every foreign key, one-to-one and many-to-many link to a
  person, whichever app declares it), so a model added later is moved without being named here;
  records that hang off an episode (conversations, signposts, outcomes, waiting-list entries,
  wellbeing scores, the peer forum's funding requests...) move with their episode. The few
  relations that need a rule of their own are in ``OVERRIDES``;
- the duplicate's audit trail becomes the kept record's (``AuditEntry.relink_person``), so the
  audit history, subject access and erasure of the kept record include it;
- details the kept record lacks (a phone number, a date of birth...) are taken from the
  duplicate; then the duplicate's personal details are blanked and it points at the kept record
  (``merged_into``): links to it lead there, and search no longer finds it.

**Two open episodes**: a person has at most one open episode (a database constraint). When both
records have one, the merge is refused with a plain message: close one first (a real close,
with its reason), then confirm. The merge itself never closes anything, so every figure stays
as it was (footfall counts each person once per session: if both records were seen at the same
session, the double count is corrected, as it should be).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ForeignObjectRel
from django.utils import timezone

from cls_portal.audit.context import acting, current_via
from cls_portal.audit.models import AuditEntry
from cls_portal.audit.services import (
    ERASED,
    audit_create,
    audit_record,
    audit_snapshot,
    audit_update,
)
from cls_portal.permissions import has_role_permission
from conversations.models import CarerLink, Episode, Person, PersonMerge

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

State = PersonMerge.State


@dataclass(frozen=True)
class PersonLink:
    """One relation to a person: ``model.field`` holds a person's id."""

    model: type[models.Model]
    field: str

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field}"


def person_links() -> list[PersonLink]:
    """Every foreign key (and one-to-one) to a person in any installed app, including the rows
    of many-to-many link tables (their foreign keys are found the same way)."""
    # include_hidden: a foreign key declared with related_name="+" points at a person too.
    return [
        PersonLink(rel.related_model, rel.field.name)
        for rel in Person._meta.get_fields(include_hidden=True)
        if isinstance(rel, ForeignObjectRel)
        and (rel.one_to_many or rel.one_to_one)
        and rel.related_model is not None
    ]


# --- relations with a rule of their own ----------------------------------------------------

Override = Callable[[PersonLink, Person, Person], int]


def _leave(link: PersonLink, duplicate: Person, kept: Person) -> int:
    """The merge proposals say which two records were merged: they keep pointing at both."""
    return 0


def _merges_proposing_the_duplicate_as_kept(link: PersonLink, duplicate: Person, kept: Person):
    """Someone else found to be a duplicate of the duplicate is a duplicate of the kept
    record; a proposal between the two records being merged stays as it was."""
    rows = PersonMerge.objects.filter(kept=duplicate).exclude(duplicate=kept)
    return rows.update(kept=kept)


def _carer_links(link: PersonLink, duplicate: Person, kept: Person) -> int:
    """A link between the two records (one caring for the other) is a mistake once they are one
    person: it goes. A current link the kept record already has to the same person wins."""
    other = "cared_for" if link.field == "carer" else "carer"
    mine = CarerLink.objects.filter(**{link.field: duplicate})
    mine.filter(**{other: kept}).delete()
    already = CarerLink.objects.filter(**{link.field: kept, "ended_on__isnull": True})
    mine.filter(ended_on__isnull=True, **{f"{other}__in": already.values(other)}).delete()
    return mine.update(**{link.field: kept})


def _link_table_row(link: PersonLink, duplicate: Person, kept: Person) -> int:
    """A many-to-many link table row: moved, unless the kept record is already linked to the
    same thing (then the duplicate's row goes)."""
    others = [
        f.name for f in link.model._meta.concrete_fields if f.is_relation and f.name != link.field
    ]
    rows = link.model._base_manager.filter(**{link.field: duplicate})
    for other in others:
        taken = link.model._base_manager.filter(**{link.field: kept}).values(other)
        rows.filter(**{f"{other}__in": taken}).delete()
    return rows.update(**{link.field: kept})


OVERRIDES: dict[str, Override] = {
    "conversations.personmerge.duplicate": _leave,
    "conversations.personmerge.kept": _merges_proposing_the_duplicate_as_kept,
    "conversations.carerlink.carer": _carer_links,
    "conversations.carerlink.cared_for": _carer_links,
}


def _move(link: PersonLink, duplicate: Person, kept: Person) -> int:
    if link.key in OVERRIDES:
        return OVERRIDES[link.key](link, duplicate, kept)
    if link.model._meta.auto_created:  # a many-to-many link table
        return _link_table_row(link, duplicate, kept)
    # The model's own manager: on person-linked models it is the audit guard's, which writes
    # one entry per moved row.
    rows = link.model._default_manager.filter(**{link.field: duplicate})
    list(rows.select_for_update().values_list("pk", flat=True))
    return rows.update(**{link.field: kept})


# --- proposing ------------------------------------------------------------------------------


def _check_pair(duplicate: Person, kept: Person) -> None:
    if duplicate.pk == kept.pk:
        raise ValidationError({"kept": "Choose another record: this is the same one."})
    if duplicate.partnership_id != kept.partnership_id:
        raise ValidationError({"kept": "These records belong to different partnerships."})
    for person in (duplicate, kept):
        if person.merged_into_id:
            raise ValidationError(
                {"kept": f"Record #{person.pk} has already been merged into another."}
            )
        if person.is_anonymised:
            raise ValidationError(
                {"kept": f"Record #{person.pk} has been erased: it cannot be merged."}
            )


@transaction.atomic
def person_merge_propose(
    *, actor: User, duplicate: Person, kept: Person, reason: str
) -> PersonMerge:
    """Say that ``duplicate`` is the same person as ``kept``; someone else confirms."""
    people = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[duplicate.pk, kept.pk])
    }
    duplicate, kept = people[duplicate.pk], people.get(kept.pk, kept)
    _check_pair(duplicate, kept)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why these are the same person."})
    if PersonMerge.objects.filter(duplicate=duplicate, state=State.PROPOSED).exists():
        raise ValidationError(
            {"kept": "A merge of this record is already waiting to be confirmed."}
        )
    merge = PersonMerge(duplicate=duplicate, kept=kept, reason=reason[:250], proposed_by=actor)
    merge.full_clean()
    merge.save()
    audit_create(actor=actor, obj=merge)
    return merge


# --- deciding -------------------------------------------------------------------------------


def _lock_open(merge: PersonMerge) -> PersonMerge:
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.state != State.PROPOSED:
        raise ValidationError(f"This merge has already been {merge.get_state_display().lower()}.")
    return merge


def _may_confirm(actor: User, merge: PersonMerge) -> None:
    if merge.proposed_by_id == actor.pk:
        raise ValidationError(
            "Someone else must confirm a merge you proposed: an administrator or another "
            "practitioner."
        )
    if not has_role_permission(actor, "person.merge_confirm"):
        raise PermissionDenied("Only an administrator or a practitioner can confirm a merge.")


def _fill_and_blank(duplicate: Person, kept: Person) -> dict[str, Any]:
    """Take the details the kept record lacks from the duplicate, then blank the duplicate's
    personal details (they live on in the kept record and the audit trail)."""
    taken = {}
    for name in Person.PERSONAL_FIELDS:
        mine, theirs = getattr(kept, name), getattr(duplicate, name)
        if mine in (None, "") and theirs not in (None, ""):
            setattr(kept, name, theirs)
            taken[name] = theirs
        field = Person._meta.get_field(name)
        assert isinstance(field, models.Field)  # nosec B101 - narrows the type
        blank = None if field.null else ("" if field.blank else ERASED)
        setattr(duplicate, name, blank)
    return taken


@transaction.atomic
def person_merge_confirm(*, actor: User, merge: PersonMerge) -> Person:
    """Merge the duplicate into the kept record (see the module). Returns the kept record."""
    merge = _lock_open(merge)
    _may_confirm(actor, merge)
    # Both people locked, in id order (two merges touching the same people wait in turn).
    people = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .filter(pk__in=[merge.duplicate_id, merge.kept_id])
        .order_by("pk")
    }
    duplicate, kept = people[merge.duplicate_id], people[merge.kept_id]
    _check_pair(duplicate, kept)
    open_episodes = list(
        Episode.objects.select_for_update()
        .filter(person__in=[duplicate, kept])
        .exclude(state=Episode.State.CLOSED)
        .values_list("person_id", flat=True)
    )
    if len(open_episodes) > 1:
        raise ValidationError(
            "Both records have an open episode. Close one of them first (with its reason), "
            "then confirm the merge."
        )
    # Which episodes moved: the kept record's timeline says so on each of them.
    episode_ids = list(Episode.objects.filter(person=duplicate).values_list("pk", flat=True))
    moved: dict[str, Any] = {}
    with acting(via=current_via(), actor=actor):
        for link in person_links():
            count = _move(link, duplicate, kept)
            if count:
                moved[link.model._meta.label_lower] = (
                    moved.get(link.model._meta.label_lower, 0) + count
                )
    before_kept, before_duplicate = audit_snapshot(kept), audit_snapshot(duplicate)
    taken = _fill_and_blank(duplicate, kept)
    kept.full_clean()
    kept.save()
    audit_update(actor=actor, obj=kept, before=before_kept)
    duplicate.merged_into = kept
    duplicate.save()
    audit_update(actor=actor, obj=duplicate, before=before_duplicate)
    moved["cls_portal.auditentry"] = AuditEntry.objects.relink_person(duplicate.pk, kept.pk)
    before = audit_snapshot(merge)
    merge.state, merge.decided_by, merge.decided_at = State.CONFIRMED, actor, timezone.now()
    merge.moved = moved | {"episodes": episode_ids}
    merge.save()
    audit_update(actor=actor, obj=merge, before=before)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=kept,
        changes={"merged_from": [None, duplicate.pk], "details_taken": sorted(taken)},
    )
    return kept


@transaction.atomic
def person_merge_decline(*, actor: User, merge: PersonMerge) -> PersonMerge:
    """Not the same person (or proposed by mistake): the proposal closes, nothing moves.
    The proposer may withdraw it; anyone who may confirm may decline it."""
    merge = _lock_open(merge)
    if merge.proposed_by_id != actor.pk:
        _may_confirm(actor, merge)
    before = audit_snapshot(merge)
    merge.state, merge.decided_by, merge.decided_at = State.DECLINED, actor, timezone.now()
    merge.save()
    audit_update(actor=actor, obj=merge, before=before)
    return merge
