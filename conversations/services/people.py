"""Adding a person: the least we need to know, in one consistent form, audited — and not someone
already known.

The check for likely duplicates and the insert are one step per identity: before checking, the
service locks the names of what the check compares (``person_identity_lock``), so the same new
person added at two hubs at the same moment is added once, and the second worker is shown the
first as a likely duplicate. People who could not be each other's duplicates do not wait.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create
from cls_portal.locks import lock_names
from conversations.models import Person
from conversations.selectors.people import person_duplicates
from conversations.services.consent import consent_record_from_answer
from conversations.validators import normalise_health_number
from hubs.models import Locality, Partnership
from hubs.postcodes import normalise_postcode

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

EARLIEST_BIRTH = datetime.date(1900, 1, 1)


class PossibleDuplicates(ValidationError):
    """A new person looks like someone already known; ``candidates`` are offered instead."""

    def __init__(self, candidates: list[Person]) -> None:
        self.candidates = candidates
        super().__init__(
            "This person may already be known. Choose them below, or confirm that none of "
            "these is them.",
            code="possible_duplicates",
        )


def person_identity_names(
    *,
    partnership_id: int,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    health_number: str = "",
) -> tuple[set[str], set[str]]:
    """The lock names (exclusive, shared) for adding this person: whoever adds someone that
    ``person_duplicates`` would find this person as — or would offer for this person — takes
    turns with them. Mirrors its three rules:

    - the same number: exclusive on the number;
    - a date of birth and both names: exclusive on (date, first letter, first three letters of
      the last name), the prefix the check compares; a shorter last name is found by a check
      for a longer one ("Li" by "Lin…"), so the shorter prefixes are taken shared (an exclusive
      "LI" waits for a shared one);
    - both names: the name itself, exclusive without a date of birth (that check compares
      names), shared with one (found by such a check, but not checking by name itself).
    Case is folded; two names the database takes as equal but Python does not would only lock
    too little for those letters, never too much for anyone else."""
    first, last = first_name.strip(), last_name.strip()
    prefix = f"person:{partnership_id}:"
    exclusive: set[str] = set()
    shared: set[str] = set()
    number = normalise_health_number(health_number)
    if number:
        exclusive.add(f"{prefix}number:{number}")
    if first and last:
        name = f"{prefix}name:{first.casefold()}|{last.casefold()}"
        (shared if date_of_birth else exclusive).add(name)
    if date_of_birth and first and last:
        born = f"{prefix}born:{date_of_birth.isoformat()}:{first[:1].casefold()}:"
        exclusive.add(born + last[:3].casefold())
        shared.update(born + last[:length].casefold() for length in range(1, min(len(last), 3)))
    return exclusive, shared


def person_identity_lock(
    *,
    partnership: Partnership,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    health_number: str = "",
) -> None:
    """Until this transaction ends, nobody else adds someone who could be this person's
    duplicate (PostgreSQL: advisory locks on ``person_identity_names``; elsewhere the
    partnership's row, see ``cls_portal.locks``). Take it before checking for duplicates."""
    exclusive, shared = person_identity_names(
        partnership_id=partnership.pk,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        health_number=health_number,
    )
    lock_names(exclusive, shared, fallback=Partnership.objects.filter(pk=partnership.pk))


@transaction.atomic
def person_create(
    *,
    actor: User,
    partnership: Partnership,
    locality: Locality,
    first_name: str,
    last_name: str = "",
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    phone: str = "",
    email: str = "",
    health_number: str = "",
    consent: str = Person.Consent.VERBAL,
    communication_needs: str = "",
    confirm_new: bool = False,
    candidates_seen: Collection[int] | None = None,
) -> Person:
    """Add a person to a partnership. ``health_number`` is stored as their CHI number in
    Scotland and NHS number elsewhere; it is checked by its mod-11 check digit.

    Someone who looks like a person already known (``person_duplicates``) is not added: the
    candidates are raised (``PossibleDuplicates``) unless the worker confirmed "none of these"
    (``confirm_new``). A confirmation names the candidates the worker was shown
    (``candidates_seen``; ``None``: whoever they are): a likely duplicate added since, e.g. at
    another hub, is offered first. Checked and added under ``person_identity_lock``."""
    if locality.partnership_id != partnership.pk:
        raise ValidationError({"locality": "Choose a locality of your own partnership."})
    consent = consent or Person.Consent.VERBAL
    if consent not in Person.Consent.values:
        raise ValidationError({"consent": "Choose whether they agreed we can keep their details."})
    if consent == Person.Consent.DECLINED:
        return person_create_not_kept(actor=actor, partnership=partnership, locality=locality)
    if date_of_birth and not (EARLIEST_BIRTH <= date_of_birth <= timezone.localdate()):
        raise ValidationError({"date_of_birth": "Enter a date of birth in the past."})
    person_identity_lock(
        partnership=partnership,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        health_number=health_number,
    )
    if not confirm_new or candidates_seen is not None:
        candidates = person_duplicates(
            partnership_id=partnership.pk,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            postcode=postcode,
            health_number=health_number,
        )
        unseen = {c.pk for c in candidates} - set(candidates_seen or ())
        if candidates and (not confirm_new or unseen):
            for candidate in candidates:  # for the warning: who is new since they looked
                candidate.added_since_seen = confirm_new and candidate.pk in unseen
            raise PossibleDuplicates(candidates)
    number = normalise_health_number(health_number)
    scotland = partnership.nation == Partnership.Nation.SCOTLAND
    person = Person(
        partnership=partnership,
        locality=locality,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        postcode=normalise_postcode(postcode),
        phone=phone.strip(),
        email=email.strip(),
        chi_number=number if scotland else "",
        nhs_number="" if scotland else number,
        consent=consent or Person.Consent.VERBAL,
        communication_needs=communication_needs.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        person.full_clean()
    except ValidationError as error:
        # One field on the form carries the number, whichever the nation calls it.
        errors = error.message_dict
        for name in ("chi_number", "nhs_number"):
            if name in errors:
                errors.setdefault("health_number", []).extend(errors.pop(name))
        raise ValidationError(errors) from error
    person.save()
    audit_create(actor=actor, obj=person)
    consent_record_from_answer(actor=actor, person=person, answer=consent)
    return person


def person_create_not_kept(*, actor: User, partnership: Partnership, locality: Locality) -> Person:
    """Someone who did not agree to us keeping their details: a record with nothing that
    identifies them (no name, date of birth, postcode, contact details or numbers), only the
    locality the figures count them in, so their visit is still counted. Never offered as a
    duplicate or found by search (``is_anonymised``)."""
    person = Person.objects.create(
        partnership=partnership,
        locality=locality,
        first_name=Person.NOT_KEPT_NAME,
        consent=Person.Consent.DECLINED,
        is_anonymised=True,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_create(actor=actor, obj=person)
    consent_record_from_answer(actor=actor, person=person, answer=Person.Consent.DECLINED)
    return person
