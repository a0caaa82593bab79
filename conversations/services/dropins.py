"""Logging a drop-in at a hub session in one step: the person (found or new), what matters to
them, and what happened.

The rules, in order (all in one transaction, so a failure changes nothing):
1. The session must be open.
2. A new person is checked for likely duplicates first (``person_duplicates``); unless the
   worker confirms "none of these", the candidates are offered instead (``PossibleDuplicates``).
   The check and the insert take turns with anyone adding a likely duplicate at the same moment,
   at any hub of the partnership (``person_create``): the second is offered the first.
3. If the person has an open episode the visit is recorded on it; otherwise an episode is
   opened with first contact on the session's date, through the channel the session's mode
   implies (appointments → "hub appointment", anything else → "hub drop-in").
4. The conversation is a conversation 1 (listen and connect) — unless the episode is already
   in conversation 2 (crisis) or 3 (good life): then it is recorded as that kind, so a hub
   visit never moves someone off the crisis board or out of their plan.
5. What happened:
   - resolved there and then → the episode closes that day: "resolved at first contact" if this
     was its first conversation; otherwise "connected to community support" if a signpost of
     the episode has been taken up, else "no longer needed". Not offered for an episode in
     conversation 2 or 3 (their practitioner closes those);
   - connected to community solutions → a signpost to each chosen entry, checked on the
     follow-up date (default four weeks);
   - follow-up conversation booked → the next step is recorded on the conversation;
   - added to a waiting list → an entry on the chosen list (``waiting_list_entry_add``);
   - referred for crisis support → recorded as such; the practitioners' crisis board picks
     it up (no crisis plan is made here).
   Entries chosen from the directory are signposted whatever happened.
6. Someone new who did not agree to us keeping their details is recorded with nothing that
   identifies them (``person_create``): no notes are kept, what happened must be "resolved" or
   "connected" (nobody could follow them up), and the episode closes that day.
7. A repeated submission (a double-clicked Save: the same ``submission_token``) changes nothing
   and returns the first result.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conversations.models import (
    Conversation,
    Episode,
    Person,
    Signpost,
    WaitingList,
    WaitingListEntry,
)
from conversations.services.consent import NOT_KEPT_NOTE
from conversations.services.pathway import (
    STATE_FOR_KIND,
    conversation_record,
    episode_close,
    episode_open,
)
from conversations.services.people import PossibleDuplicates as PossibleDuplicates
from conversations.services.people import person_create
from conversations.services.signposts import signpost_create
from conversations.services.waiting_lists import waiting_list_entry_add
from hubs.models import CommunitySolution, HubSession, Locality

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

WhatHappened = Conversation.WhatHappened
KIND_FOR_STATE = {state: kind for kind, state in STATE_FOR_KIND.items()}


@dataclass
class NewPerson:
    """What the drop-in page asks about someone new (only the first name is required by
    the model; the page also asks for a last name)."""

    first_name: str
    last_name: str = ""
    date_of_birth: datetime.date | None = None
    postcode: str = ""
    phone: str = ""
    health_number: str = ""
    email: str = ""
    locality: Locality | None = None  # where they live; default the hub's locality
    consent: str = Person.Consent.VERBAL


@dataclass
class DropIn:
    conversation: Conversation
    person: Person
    episode: Episode
    signposts: list[Signpost] = field(default_factory=list)
    waiting_list_entry: WaitingListEntry | None = None
    created: bool = True  # False: a repeated submission, nothing new was recorded


def channel_for(session: HubSession) -> str:
    if session.mode == HubSession.Mode.APPOINTMENT:
        return Episode.Channel.HUB_APPOINTMENT
    return Episode.Channel.HUB_DROP_IN


def close_reason_when_resolved(episode: Episode, *, first_conversation: bool) -> str:
    if first_conversation:
        return Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT
    if episode.signposts.filter(status=Signpost.Status.TAKEN_UP).exists():
        return Episode.CloseReason.CONNECTED_TO_COMMUNITY
    return Episode.CloseReason.NO_LONGER_NEEDED


def dropin_for_token(token: uuid.UUID | None, *, session: HubSession) -> DropIn | None:
    """The drop-in an earlier submission of the same form recorded, if any."""
    if token is None:
        return None
    conversation = (
        Conversation.objects.select_related("episode__person", "hub_session")
        .filter(submission_token=token)
        .first()
    )
    if conversation is None:
        return None
    if conversation.hub_session_id != session.pk:
        raise ValidationError("This form was already used at another session. Start a new one.")
    return DropIn(
        conversation=conversation,
        person=conversation.episode.person,
        episode=conversation.episode,
        signposts=list(conversation.signposts.select_related("solution")),
        created=False,
    )


def dropin_log(
    *,
    actor: User,
    session: HubSession,
    what_matters: str,
    what_happened: str,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    confirm_new: bool = False,
    candidates_seen: Collection[int] | None = None,
    solutions: Iterable[CommunitySolution] = (),
    follow_up_on: datetime.date | None = None,
    next_step: str = "",
    waiting_list: WaitingList | None = None,
    submission_token: uuid.UUID | None = None,
) -> DropIn:
    """Record a visit to a hub session (see the module's docstring for the rules)."""
    earlier = dropin_for_token(submission_token, session=session)
    if earlier is not None:
        return earlier
    try:
        return _dropin_log(
            actor=actor,
            session=session,
            what_matters=what_matters,
            what_happened=what_happened,
            person=person,
            new_person=new_person,
            confirm_new=confirm_new,
            candidates_seen=candidates_seen,
            solutions=list(solutions),
            follow_up_on=follow_up_on,
            next_step=next_step,
            waiting_list=waiting_list,
            submission_token=submission_token,
        )
    except (IntegrityError, ValidationError):
        # Two submissions of one form at the same moment: the other one won (the token is
        # unique: the model's check or the database says so), and this one's writes, the new
        # person included, were rolled back with its transaction.
        earlier = dropin_for_token(submission_token, session=session)
        if earlier is None:
            raise
        return earlier


def _check_choices(
    *,
    what_happened: str,
    solutions: list[CommunitySolution],
    next_step: str,
    waiting_list: WaitingList | None,
) -> None:
    if what_happened not in WhatHappened.values:
        raise ValidationError({"what_happened": "Choose what happened."})
    if what_happened == WhatHappened.CONNECTED and not solutions:
        raise ValidationError(
            {"solutions": "Choose the community solutions they were connected to."}
        )
    if what_happened == WhatHappened.FOLLOW_UP and not next_step.strip():
        raise ValidationError(
            {"next_step": "Say when and where the follow-up conversation will be."}
        )
    if what_happened == WhatHappened.WAITING_LIST and waiting_list is None:
        raise ValidationError({"waiting_list": "Choose the waiting list."})


NOT_KEPT_OUTCOMES = (WhatHappened.RESOLVED, WhatHappened.CONNECTED)


def _details_not_kept(new_person: NewPerson | None) -> bool:
    return new_person is not None and new_person.consent == Person.Consent.DECLINED


def _check_not_kept(what_happened: str) -> None:
    """Someone whose details are not kept cannot be called back, listed or referred on."""
    if what_happened in WhatHappened.values and what_happened not in NOT_KEPT_OUTCOMES:
        raise ValidationError(
            {
                "what_happened": "We cannot follow up someone whose details we do not keep: "
                "choose “resolved there and then” or “connected to community solutions”, or "
                "ask again whether they agree we keep their details."
            }
        )


def _the_person(
    *, actor: User, session: HubSession, person: Person | None, new_person: NewPerson | None,
    confirm_new: bool, candidates_seen: Collection[int] | None,
) -> Person:  # fmt: skip
    partnership = session.hub.partnership
    if person is not None:
        if person.partnership_id != partnership.pk or person.is_anonymised:
            raise ValidationError("Choose a person of this partnership.")
        return person
    if new_person is None:
        raise ValidationError("Find the person, or add them as someone new.")
    return person_create(
        actor=actor,
        partnership=partnership,
        locality=new_person.locality or session.hub.locality,
        first_name=new_person.first_name,
        last_name=new_person.last_name,
        date_of_birth=new_person.date_of_birth,
        postcode=new_person.postcode,
        phone=new_person.phone,
        health_number=new_person.health_number,
        consent=new_person.consent,
        confirm_new=confirm_new,
        candidates_seen=candidates_seen,
    )


@transaction.atomic
def _dropin_log(
    *,
    actor: User,
    session: HubSession,
    what_matters: str,
    what_happened: str,
    person: Person | None,
    new_person: NewPerson | None,
    confirm_new: bool,
    candidates_seen: Collection[int] | None,
    solutions: list[CommunitySolution],
    follow_up_on: datetime.date | None,
    next_step: str,
    waiting_list: WaitingList | None,
    submission_token: uuid.UUID | None,
) -> DropIn:
    session = (
        # Lock the session only (not its hub or partnership): a close or head-count waits.
        HubSession.objects.select_for_update(of=("self",))
        .select_related("hub__partnership", "hub__locality")
        .get(pk=session.pk)
    )
    if not session.is_open:
        raise ValidationError("This session has been closed: open today's session to log visits.")
    if session.date > timezone.localdate():
        raise ValidationError("This session has not happened yet.")
    not_kept = person is None and _details_not_kept(new_person)
    if not_kept:  # nothing about them is kept: see conversations.services.consent
        _check_not_kept(what_happened)
        what_matters, next_step, follow_up_on = NOT_KEPT_NOTE, "", None
    if not what_matters.strip():
        raise ValidationError({"what_matters": "Write what matters to them, in their words."})
    _check_choices(
        what_happened=what_happened,
        solutions=solutions,
        next_step=next_step,
        waiting_list=waiting_list,
    )
    person = _the_person(
        actor=actor, session=session, person=person, new_person=new_person,
        confirm_new=confirm_new, candidates_seen=candidates_seen,
    )  # fmt: skip
    episode = (
        Episode.objects.select_for_update()
        .filter(person=person)
        .exclude(state=Episode.State.CLOSED)
        .first()
    )
    if episode is None:
        episode = episode_open(
            actor=actor,
            person=person,
            first_contact_on=session.date,
            channel=channel_for(session),
            session=session,
        )
    kind = KIND_FOR_STATE.get(episode.state, Conversation.Kind.LISTEN_AND_CONNECT)
    if what_happened == WhatHappened.RESOLVED and kind != Conversation.Kind.LISTEN_AND_CONNECT:
        raise ValidationError(
            {
                "what_happened": f"{person.first_name} is in “{Episode.State(episode.state).label}”"
                " with a practitioner, who will close their episode when the time comes. "
                "Choose another outcome, e.g. a follow-up conversation."
            }
        )
    first_conversation = episode.first_conversation_on is None
    conversation = conversation_record(
        actor=actor,
        episode=episode,
        kind=kind,
        held_on=session.date,
        place=Conversation.Place.HUB_SESSION,
        what_matters=what_matters.strip(),
        next_step=next_step.strip(),
        what_happened=what_happened,
        hub_session=session,
        submission_token=submission_token,
    )
    episode = conversation.episode
    signposts = [
        signpost_create(
            actor=actor, conversation=conversation, solution=solution, follow_up_on=follow_up_on
        )
        for solution in solutions
    ]
    entry = None
    # (_check_choices refused a waiting-list outcome without its list.)
    if what_happened == WhatHappened.WAITING_LIST and waiting_list is not None:
        entry = waiting_list_entry_add(
            actor=actor, episode=episode, waiting_list=waiting_list, added_on=session.date
        )
    if what_happened == WhatHappened.RESOLVED:
        episode = episode_close(
            actor=actor,
            episode=episode,
            reason=close_reason_when_resolved(episode, first_conversation=first_conversation),
            closed_on=session.date,
        )
    elif not_kept:  # counted, but nobody could follow up someone with no details
        episode = episode_close(
            actor=actor,
            episode=episode,
            reason=Episode.CloseReason.DETAILS_NOT_KEPT,
            closed_on=session.date,
        )
    return DropIn(
        conversation=conversation,
        person=person,
        episode=episode,
        signposts=signposts,
        waiting_list_entry=entry,
    )
