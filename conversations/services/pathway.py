"""The Three Conversations pathway: the one place that says how an episode may move.

waiting → conversation 1 → conversation 2 (crisis) → conversation 3 (build a good life) → closed.
An episode moves when a conversation of another kind is recorded on it, or when it is closed.
A closed episode is never reopened in place: reopening starts a new episode linked to the old one,
so every wait figure keeps its meaning.

Milestones are derived from the events that cause them, never typed in (the rules are pure
functions in ``pathway_rules``, which the demo seeder applies too):
- ``first_conversation_on`` / ``last_conversation_on``: the earliest / latest conversation;
- ``crisis_started_on``: when the episode last moved into conversation 2;
- ``crisis_referred_on``: the latest referral for crisis support (a conversation that is not a
  crisis conversation, ending "referred for crisis support") that no crisis conversation has
  followed yet (``pending_crisis_referral``); the crisis board lists these people as waiting;
- ``support_in_place_on``: the first of: a conversation that resolved things there and then,
  a signpost taken up, or funded support approved (``episode_note_support_in_place``).

Side effects of a move (``pathway_rules`` says which; the services here carry them out), so every
caller (pages, API, drop-ins, the peer forum) gets them:
- leaving conversation 2 (to 1, 3 or closed) ends the open crisis plan that day;
- closing takes the person off any waiting list the episode is still on (died / moved away keep
  their reason; anything else is "no longer needed");
- a conversation at a hub takes the person off the hub appointment list ("seen"), which is how the
  hub path that "offer a hub appointment" starts (``waiting_lists``) finishes.

Events happen in order: a conversation that moves the episode, or a close, cannot be dated before
the episode's last conversation (a conversation of the current kind may be recorded late).
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from cls_portal.permissions import sees_all_localities
from conversations.models import Conversation, CrisisPlan, Episode, Person
from conversations.services.bookings import hub_bookings_mark_seen
from conversations.services.pathway_rules import (
    STATE_FOR_KIND,
    crisis_plan_ends_on,
    episode_after_close,
    episode_after_conversation,
    episode_after_support,
)
from conversations.services.waiting_lists import (
    hub_appointment_entries_mark_seen,
    waiting_list_entries_remove_for_closed_episode,
)
from hubs.models import HubSession

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

State = Episode.State

# The allowed moves, in one table. Closed is an end: reopening makes a new episode.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    State.WAITING: frozenset({State.CONVERSATION_1, State.CONVERSATION_2, State.CLOSED}),
    State.CONVERSATION_1: frozenset({State.CONVERSATION_2, State.CONVERSATION_3, State.CLOSED}),
    State.CONVERSATION_2: frozenset({State.CONVERSATION_1, State.CONVERSATION_3, State.CLOSED}),
    State.CONVERSATION_3: frozenset({State.CONVERSATION_2, State.CLOSED}),
    State.CLOSED: frozenset(),
}
# Conversation 2 is time-limited: longer than this in crisis is flagged.
CRISIS_TIME_LIMIT = datetime.timedelta(weeks=6)


class MoveRefused(ValidationError):
    """A move the pathway does not allow; the message says why, in plain words."""


def move_is_allowed(from_state: str, to_state: str) -> bool:
    return to_state in ALLOWED_MOVES[from_state]


def episode_check_move(episode: Episode, to_state: str) -> None:
    """Raise MoveRefused unless the episode may move to ``to_state`` (staying put is fine)."""
    if episode.state == to_state and to_state != State.CLOSED:
        return
    if episode.state == State.CLOSED:
        raise MoveRefused(
            "This episode is closed. Reopen it to start a new episode for this person.",
            code="episode_closed",
        )
    if not move_is_allowed(episode.state, to_state):
        raise MoveRefused(
            f"An episode in “{State(episode.state).label}” cannot move to "
            f"“{State(to_state).label}”.",
            code="move_not_allowed",
        )


def allowed_conversation_kinds(episode: Episode) -> list[int]:
    """The kinds of conversation that may be recorded on this episode now (for offering only
    the moves that make sense; ``episode_check_move`` still decides)."""
    if episode.state == State.CLOSED:
        return []
    return [
        kind
        for kind, state in STATE_FOR_KIND.items()
        if state == episode.state or move_is_allowed(episode.state, state)
    ]


def _check_day(
    day: datetime.date, episode: Episode, what: str, *, field: str = "held_on", moves: bool = False
) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"The {what} date cannot be in the future."})
    if day < episode.first_contact_on:
        raise ValidationError(
            {
                field: f"The {what} date cannot be before first contact "
                f"({episode.first_contact_on:%d %B %Y})."
            }
        )
    if moves and episode.last_conversation_on and day < episode.last_conversation_on:
        raise ValidationError(
            {
                field: f"The {what} date cannot be before the last conversation "
                f"({episode.last_conversation_on:%d %B %Y}): things happen in order."
            }
        )


def _check_session(session: HubSession | None, *, held_on: datetime.date, place: str) -> None:
    """A conversation at a hub session happened there, that day (the pages and the API alike)."""
    if session is None:
        return
    if session.date != held_on:
        raise ValidationError({"hub_session": "The session was on another day."})
    if place != Conversation.Place.HUB_SESSION:
        raise ValidationError({"place": "Choose “At a hub session” for a hub session."})


def _leave_crisis(*, actor: User, episode: Episode, on: datetime.date) -> None:
    """Conversation 2 is over: its open plan ends the day the episode moves on."""
    for plan in CrisisPlan.objects.select_for_update().filter(
        episode=episode, ended_on__isnull=True
    ):
        before = audit_snapshot(plan)
        plan.ended_on = crisis_plan_ends_on(plan_started_on=plan.conversation.held_on, on=on)
        plan.save(update_fields=["ended_on", "updated_at"])
        audit_update(actor=actor, obj=plan, before=before)


def locality_for_new_episode(*, user: User, person: Person) -> int:
    """Where an episode a worker starts (not at a hub session) belongs: the person's locality if
    the worker works there, else the worker's own, so the team that starts it can follow it."""
    if sees_all_localities(user) or person.locality_id in user.locality_id_set:
        return person.locality_id
    return min(user.locality_id_set)


@transaction.atomic
def episode_open(
    *,
    actor: User,
    person: Person,
    first_contact_on: datetime.date,
    channel: str,
    source: str = Episode.Source.SELF,
    session: HubSession | None = None,
    locality_id: int | None = None,
    reopened_from: Episode | None = None,
) -> Episode:
    """Start a journey for a person. A person has at most one open episode at a time.
    The episode belongs to the locality where the person was seen (the hub's), so that team
    can follow them up; else ``locality_id``, else the person's home locality."""
    if Episode.objects.filter(person=person).exclude(state=State.CLOSED).exists():
        raise ValidationError(
            "This person already has an open episode: record the conversation there.",
            code="episode_already_open",
        )
    if first_contact_on > timezone.localdate():
        raise ValidationError({"first_contact_on": "First contact cannot be in the future."})
    episode = Episode(
        person=person,
        partnership_id=person.partnership_id,
        locality_id=session.hub.locality_id if session else locality_id or person.locality_id,
        state=State.WAITING,
        first_contact_on=first_contact_on,
        channel=channel,
        source=source,
        first_contact_session=session,
        reopened_from=reopened_from,
        created_by=actor,
    )
    episode.full_clean()
    try:
        with transaction.atomic():
            episode.save()
    except IntegrityError as exc:  # a concurrent open for the same person won
        raise ValidationError(
            "This person already has an open episode: record the conversation there.",
            code="episode_already_open",
        ) from exc
    audit_create(actor=actor, obj=episode)
    return episode


def crisis_referrals_recompute(*, partnership: Any) -> int:
    """Work a partnership's waiting referrals out from its conversations, for data written in
    bulk without ``conversation_record`` (the demo seeder applies ``pathway_rules`` instead, and
    its test checks this agrees); returns how many are waiting."""
    episodes = Episode.objects.filter(partnership=partnership)
    referrals = Conversation.objects.filter(
        what_happened=Conversation.WhatHappened.CRISIS, episode__partnership=partnership
    ).exclude(kind=Conversation.Kind.CRISIS)
    latest = referrals.filter(episode=OuterRef("pk")).order_by("-held_on")
    episodes.filter(crisis_referred_on__isnull=False).update(crisis_referred_on=None)
    episodes.filter(pk__in=referrals.values("episode_id")).update(
        crisis_referred_on=Subquery(latest.values("held_on")[:1])
    )
    episodes.filter(crisis_referred_on__lte=F("crisis_started_on")).update(crisis_referred_on=None)
    return episodes.filter(crisis_referred_on__isnull=False).count()


@transaction.atomic
def conversation_record(
    *,
    actor: User,
    episode: Episode,
    kind: int,
    held_on: datetime.date,
    place: str,
    what_matters: str,
    strengths_own: str = "",
    strengths_family: str = "",
    strengths_community: str = "",
    agreed_actions: str = "",
    next_step: str = "",
    what_happened: str = "",
    hub_session: HubSession | None = None,
    submission_token: uuid.UUID | None = None,
) -> Conversation:
    """Record a conversation and move the episode to the state of its kind."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    to_state = STATE_FOR_KIND[kind]
    episode_check_move(episode, to_state)
    _check_day(held_on, episode, "conversation", moves=episode.state != to_state)
    _check_session(hub_session, held_on=held_on, place=place)
    conversation = Conversation(
        episode=episode,
        kind=kind,
        held_on=held_on,
        place=place,
        hub_session=hub_session,
        hub_id=hub_session.hub_id if hub_session else None,
        practitioner=actor if getattr(actor, "pk", None) else None,
        what_matters=what_matters,
        strengths_own=strengths_own,
        strengths_family=strengths_family,
        strengths_community=strengths_community,
        agreed_actions=agreed_actions,
        next_step=next_step,
        what_happened=what_happened,
        submission_token=submission_token,
    )
    conversation.full_clean()
    conversation.save()
    audit_create(actor=actor, obj=conversation)

    before = audit_snapshot(episode)
    effects = episode_after_conversation(
        episode,
        kind=kind,
        held_on=held_on,
        what_happened=what_happened,
        at_hub=place == Conversation.Place.HUB_SESSION or hub_session is not None,
    )
    if effects.ends_crisis_plan:
        _leave_crisis(actor=actor, episode=episode, on=held_on)
    effects.apply(episode)
    episode.full_clean()
    episode.save()
    audit_update(actor=actor, obj=episode, before=before)
    if effects.hub_appointment_seen:
        hub_appointment_entries_mark_seen(actor=actor, episode=episode, on=held_on)
    if hub_session is not None:  # a booking into this session is seen
        hub_bookings_mark_seen(actor=actor, person_id=episode.person_id, session=hub_session)
    conversation.episode = episode
    return conversation


@transaction.atomic
def episode_note_support_in_place(*, actor: User, episode: Episode, on: datetime.date) -> Episode:
    """Support is in place from ``on`` (a signpost taken up, funding approved); the earliest
    such day is kept, and never before the first conversation."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    before = audit_snapshot(episode)
    episode_after_support(episode, on=on).apply(episode)
    episode.save(update_fields=["support_in_place_on"])
    audit_update(actor=actor, obj=episode, before=before)
    return episode


@transaction.atomic
def episode_close(
    *,
    actor: User,
    episode: Episode,
    reason: str,
    closed_on: datetime.date | None = None,
) -> Episode:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    episode_check_move(episode, State.CLOSED)
    if reason not in Episode.CloseReason.values:
        raise ValidationError({"close_reason": "Choose why the episode is closing."})
    closed_on = closed_on or timezone.localdate()
    _check_day(closed_on, episode, "closing", field="closed_on", moves=True)
    effects = episode_after_close(episode, reason=reason, closed_on=closed_on)
    if effects.ends_crisis_plan:
        _leave_crisis(actor=actor, episode=episode, on=closed_on)
    waiting_list_entries_remove_for_closed_episode(
        actor=actor, episode=episode, on=closed_on, removal_reason=effects.waiting_list_removal
    )
    before = audit_snapshot(episode)
    effects.apply(episode)
    episode.full_clean()
    episode.save()
    audit_update(actor=actor, obj=episode, before=before)
    return episode


@transaction.atomic
def episode_reopen(
    *,
    actor: User,
    episode: Episode,
    channel: str,
    first_contact_on: datetime.date | None = None,
    source: str = Episode.Source.SELF,
) -> Episode:
    """A closed episode comes back as a new one, linked to the old, waiting for a conversation."""
    closed_on = episode.closed_on  # set whenever the episode is closed
    if episode.state != State.CLOSED or closed_on is None:
        raise MoveRefused("Only a closed episode can be reopened.", code="episode_not_closed")
    first_contact_on = first_contact_on or timezone.localdate()
    if first_contact_on < closed_on:
        # Episodes of one person never overlap, or the wait figures would count a day twice.
        raise ValidationError(
            {
                "first_contact_on": "The new first contact cannot be before the episode closed "
                f"({closed_on:%d %B %Y})."
            }
        )
    return episode_open(
        actor=actor,
        person=episode.person,
        first_contact_on=first_contact_on,
        channel=channel,
        source=source,
        locality_id=episode.locality_id,
        reopened_from=episode,
    )
