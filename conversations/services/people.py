"""Adding a person: the least we need to know, in one consistent form, audited."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create
from conversations.models import Person
from conversations.validators import normalise_health_number
from hubs.models import Locality, Partnership
from hubs.postcodes import normalise_postcode

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

EARLIEST_BIRTH = datetime.date(1900, 1, 1)


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
) -> Person:
    """Add a person to a partnership. ``health_number`` is stored as their CHI number in
    Scotland and NHS number elsewhere; it is checked by its mod-11 check digit. Callers check
    for likely duplicates first (``person_duplicates``)."""
    if locality.partnership_id != partnership.pk:
        raise ValidationError({"locality": "Choose a locality of your own partnership."})
    if date_of_birth and not (EARLIEST_BIRTH <= date_of_birth <= timezone.localdate()):
        raise ValidationError({"date_of_birth": "Enter a date of birth in the past."})
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
    return person
