"""Intake outside a hub: someone new gets in touch by phone, email, a home visit or the duty
desk, or is referred by a GP, hospital or community organisation.

The rules, in one transaction (a failure changes nothing):
1. The person is found, or added by the drop-in's own rules (``person_create``: the same
   duplicate check, "none of these" to add anyway, the same consent).
2. An episode is opened (``episode_open``) through the channel and source given, in the
   person's locality if the worker works there, else the worker's own. It waits for its first
   conversation.
3. A referral keeps who referred (name, organisation, role, contact details) and why, on the
   episode. Its first contact is the referral date: the wait to first conversation is counted
   from the day the referral was made (DESIGN §4), which may be before the day it was taken.
4. Someone who did not agree to us keeping their details is counted (how they got in touch,
   and the kind of referrer: the episode's source) with nothing that identifies them, and
   nothing of the referral but its date; nobody could follow them up, so the episode closes
   that day ("did not agree to us keeping their details").
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create
from cls_portal.permissions import acting_partnership_id, require
from conversations.models import Episode, Person, Referral
from conversations.services.dropins import NewPerson
from conversations.services.pathway import episode_close, episode_open, locality_for_new_episode
from conversations.services.people import EARLIEST_BIRTH, person_create
from hubs.models import Locality, Partnership

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Channel = Episode.Channel
# The ways in outside a hub (a hub's own channels are the drop-in's).
INTAKE_CHANNELS = (
    Channel.PHONE,
    Channel.EMAIL,
    Channel.HOME_VISIT,
    Channel.REFERRAL,
    Channel.DUTY_DESK,
)


@dataclass
class ReferralDetails:
    """Who referred someone, and why. The organisation or the referrer's name is needed."""

    referred_on: datetime.date
    organisation: str = ""
    name: str = ""
    role: str = ""
    contact: str = ""
    reason: str = ""


@dataclass
class Intake:
    person: Person
    episode: Episode
    referral: Referral | None = None


def _check(
    *, channel: str, source: str, contacted_on: datetime.date, referral: ReferralDetails | None
) -> None:
    if channel not in INTAKE_CHANNELS:
        raise ValidationError({"channel": "Choose how they got in touch."})
    if source not in Episode.Source.values:
        raise ValidationError({"source": "Choose who got in touch."})
    if (channel == Channel.REFERRAL) != (referral is not None):
        raise ValidationError(
            {"channel": "A referral says who referred them; choose “referral” for one."}
        )
    if not EARLIEST_BIRTH <= contacted_on <= timezone.localdate():
        raise ValidationError({"contacted_on": "Enter the date they got in touch, not later."})
    if referral is None:
        return
    if not (referral.organisation.strip() or referral.name.strip()):
        raise ValidationError({"referrer_organisation": "Say who referred them."})
    if not referral.reason.strip():
        raise ValidationError({"reason_for_referral": "Say why they were referred."})
    if not EARLIEST_BIRTH <= referral.referred_on <= timezone.localdate():
        raise ValidationError({"referred_on": "Enter the date of the referral, not later."})


def _the_person(
    *, actor: User, person: Person | None, new_person: NewPerson | None,
    confirm_new: bool, candidates_seen: Collection[int] | None,
) -> Person:  # fmt: skip
    partnership = Partnership.objects.get(pk=acting_partnership_id(actor))
    if person is not None:
        if person.partnership_id != partnership.pk or person.is_anonymised:
            raise ValidationError("Choose a person of your partnership.")
        return person
    if new_person is None:
        raise ValidationError("Find the person, or add them as someone new.")
    locality = (
        new_person.locality
        or Locality.objects.filter(pk__in=actor.locality_id_set, partnership=partnership)
        .order_by("pk")
        .first()
    )
    if locality is None:
        raise ValidationError({"locality": "Choose where they live."})
    return person_create(  # the drop-in's own rules (one implementation)
        actor=actor,
        partnership=partnership,
        locality=locality,
        first_name=new_person.first_name,
        last_name=new_person.last_name,
        date_of_birth=new_person.date_of_birth,
        postcode=new_person.postcode,
        phone=new_person.phone,
        email=new_person.email,
        health_number=new_person.health_number,
        consent=new_person.consent,
        confirm_new=confirm_new,
        candidates_seen=candidates_seen,
    )


@transaction.atomic
def intake_record(
    *,
    actor: User,
    channel: str,
    source: str = Episode.Source.SELF,
    contacted_on: datetime.date | None = None,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    referral: ReferralDetails | None = None,
    confirm_new: bool = False,
    candidates_seen: Collection[int] | None = None,
) -> Intake:
    """Take someone in outside a hub (see the module's docstring for the rules)."""
    require(actor, "episode.work")
    contacted_on = contacted_on or timezone.localdate()
    _check(channel=channel, source=source, contacted_on=contacted_on, referral=referral)
    person = _the_person(
        actor=actor, person=person, new_person=new_person, confirm_new=confirm_new,
        candidates_seen=candidates_seen,
    )  # fmt: skip
    episode = episode_open(
        actor=actor,
        person=person,
        first_contact_on=referral.referred_on if referral else contacted_on,
        channel=channel,
        source=source,
        locality_id=locality_for_new_episode(user=actor, person=person),
    )
    kept = not person.is_anonymised  # (only someone just added without details can be)
    record = _referral_save(actor=actor, episode=episode, details=referral, kept=kept)
    if not kept:
        episode = episode_close(
            actor=actor,
            episode=episode,
            reason=Episode.CloseReason.DETAILS_NOT_KEPT,
            closed_on=episode.first_contact_on,
        )
    return Intake(person=person, episode=episode, referral=record)


def _referral_save(
    *, actor: User, episode: Episode, details: ReferralDetails | None, kept: bool
) -> Referral | None:
    if details is None:
        return None
    # Who referred them and why is about them too: not kept when they did not agree (the
    # episode's source still counts where the referral came from).
    referral = Referral(
        episode=episode,
        referred_on=details.referred_on,
        referrer_organisation=details.organisation.strip() if kept else "",
        referrer_role=details.role.strip() if kept else "",
        referrer_name=details.name.strip() if kept else "",
        referrer_contact=details.contact.strip() if kept else "",
        reason_for_referral=details.reason.strip() if kept else "",
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    audit_create(actor=actor, obj=referral)
    return referral
