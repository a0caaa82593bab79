"""Reading merges, corrections and carer links, scoped to what the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.http import Http404

from cls_portal.permissions import has_role_permission, require
from conversations.models import Amendment, CarerLink, Episode, Person, PersonMerge
from conversations.selectors.people import person_search
from conversations.services.amendments import AMENDABLE, CORRECTING_ROLES, Amendable

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

MERGE_PAGE_SIZE = 25


def merge_get(*, user: User, pk: Any, action: str = "person.merge_confirm") -> PersonMerge:
    """One merge proposal whose two records the user may both see (404 otherwise)."""
    return PersonMerge.objects.select_related(
        "duplicate__locality", "kept__locality", "proposed_by", "decided_by"
    ).get_for(user, action, pk=pk)


def merges_waiting(*, user: User) -> QuerySet[PersonMerge]:
    """Proposals waiting for a second person, oldest first."""
    require(user, "person.merge_confirm")
    return (
        PersonMerge.objects.visible_to(user)
        .filter(state=PersonMerge.State.PROPOSED)
        .select_related("duplicate__locality", "kept__locality", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def merge_open_for(*, person: Person) -> PersonMerge | None:
    """The proposal waiting to merge this record away, if any."""
    return PersonMerge.objects.filter(duplicate=person, state=PersonMerge.State.PROPOSED).first()


def amendable_get(*, user: User, slug: str, pk: Any, action: str = "record.amend") -> Model:
    """One record of a kind that can be corrected, within the user's scope (404 outside it,
    403 for a role that may not correct)."""
    kind: Amendable | None = AMENDABLE.get(slug)
    if kind is None:
        raise Http404("No such kind of record.")
    queryset = kind.model._default_manager.select_related("episode__person")
    return queryset.get_for(user, action, pk=pk)  # type: ignore[attr-defined]


def amendments_by_record(*, episode_ids: Iterable[int]) -> dict[tuple[str, int], Amendment]:
    """The latest correction of each record of these episodes (one query)."""
    latest: dict[tuple[str, int], Amendment] = {}
    rows = (
        Amendment.objects.filter(episode_id__in=list(episode_ids))
        .select_related("amended_by")
        .order_by("amended_at", "pk")
    )
    for amendment in rows:
        latest[(amendment.record_model, amendment.record_id)] = amendment
    return latest


def carer_links_of(*, user: User, person: Person) -> tuple[list[CarerLink], list[CarerLink]]:
    """(whom this person cares for, who cares for them), current first; only links whose
    other person the user may see."""
    visible = Person.objects.visible_to(user)
    base = CarerLink.objects.select_related("carer__locality", "cared_for__locality").order_by(
        "ended_on", "-started_on", "-pk"
    )
    caring_for = list(base.filter(carer=person, cared_for__in=visible))
    carers = list(base.filter(cared_for=person, carer__in=visible))
    return caring_for, carers


def carer_link_get(*, user: User, pk: Any, action: str = "carer.change") -> CarerLink:
    return CarerLink.objects.select_related("carer", "cared_for").get_for(user, action, pk=pk)


def people_to_choose(*, user: User, text: str, besides: Person) -> list[Person]:
    """People found by the search box whose records the user may open, other than ``besides``
    (for choosing the other record of a merge, or the other person of a carer link)."""
    if not (text or "").strip():
        return []
    found = person_search(user=user, text=text).people
    return [p for p in found if p.can_open and p.pk != besides.pk]


def person_links_context(*, user: User, person: Person) -> dict[str, Any]:
    """What the person page's "carers and other records" section shows."""
    caring_for, carers = carer_links_of(user=user, person=person)
    open_episode = (
        Episode.objects.visible_to(user)
        .filter(person=person)
        .exclude(state=Episode.State.CLOSED)
        .first()
    )
    merged_from = (
        PersonMerge.objects.filter(kept=person, state=PersonMerge.State.CONFIRMED)
        .select_related("decided_by", "proposed_by")
        .order_by("-decided_at", "-pk")
    )
    return {
        "caring_for": caring_for,
        "carers": carers,
        "open_episode": open_episode,
        "merged_from": list(merged_from),
        "waiting_merge": merge_open_for(person=person),
    }


def _correctable_on_timeline(blocks: Iterable[Any]) -> list[tuple[Model, int | None]]:
    """The records a timeline shows that can be corrected, each with its author's id (read
    from what the timeline already holds: no query per row)."""
    found: list[tuple[Model, int | None]] = []
    for block in blocks:
        for event in block.events:
            obj = event.obj
            if event.kind == "conversation":
                found.append((obj, obj.practitioner_id))
                for plan in (obj.the_crisis_plan, obj.the_support_plan):
                    if plan is not None:
                        found.append((plan, obj.practitioner_id))
            elif event.kind == "outcome":
                found.append((obj, obj.created_by_id))
            elif event.kind == "waiting_added":
                found.append((obj, obj.added_by_id))
    return found


def timeline_corrections_annotate(*, user: User, blocks: Iterable[Any]) -> None:
    """Set ``last_amendment`` ("amended on … by …") and ``can_correct`` (show the "Correct"
    link) on every correctable record of a timeline page, in one query."""
    blocks = list(blocks)
    found = amendments_by_record(episode_ids=[block.episode.pk for block in blocks])
    may = has_role_permission(user, "record.amend")
    for record, author_id in _correctable_on_timeline(blocks):
        record.last_amendment = found.get((record._meta.label_lower, record.pk))  # type: ignore[attr-defined]
        record.can_correct = may and (  # type: ignore[attr-defined]
            user.role in CORRECTING_ROLES or (author_id is not None and author_id == user.pk)
        )
