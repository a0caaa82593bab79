"""Keeping a person's details right (UK GDPR Art. 16, rectification): any member of their
team may correct their name, date of birth, postcode, locality, contact details, CHI/NHS
number, communication needs, the name they like, pronouns and language. Every change is in the
audit trail with its before and after, and on their timeline (which details, by whom)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_snapshot, audit_update
from conversations.models import Person
from conversations.services.people import EARLIEST_BIRTH
from conversations.validators import normalise_health_number
from hubs.models import Locality, Partnership
from hubs.postcodes import normalise_postcode

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

# What may be changed here (consent has its own records: conversations.services.consent).
EDITABLE = (
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "postcode",
    "locality",
    "phone",
    "email",
    "health_number",
    "language",
    "communication_needs",
)
_TEXT = {
    "first_name", "last_name", "preferred_name", "pronouns", "phone", "email", "language",
    "communication_needs",
}  # fmt: skip


def _set(person: Person, name: str, value: Any) -> None:
    if name == "health_number":
        number = normalise_health_number(value or "")
        scotland = person.partnership.nation == Partnership.Nation.SCOTLAND
        person.chi_number, person.nhs_number = (number, "") if scotland else ("", number)
    elif name == "postcode":
        person.postcode = normalise_postcode(value or "")
    elif name == "locality":
        if not isinstance(value, Locality) or value.partnership_id != person.partnership_id:
            raise ValidationError({"locality": "Choose a locality of your own partnership."})
        person.locality = value
    elif name == "date_of_birth":
        if value is not None and not (
            isinstance(value, datetime.date) and EARLIEST_BIRTH <= value <= timezone.localdate()
        ):
            raise ValidationError({"date_of_birth": "Enter a date of birth in the past."})
        person.date_of_birth = value
    elif name in _TEXT:
        setattr(person, name, " ".join(str(value or "").split()))
    else:
        raise ValidationError(f"“{name}” cannot be changed here.")


# What a record merged into another says (``merged_into``): its old links lead to the kept one.
MERGED = "This record was merged into another record of the same person."


@transaction.atomic
def person_update(*, actor: User, person: Person, **changes: Any) -> Person:
    """Change some of a person's details (``EDITABLE``; those not given stay as they are)."""
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .get(pk=person.pk)
    )
    if person.merged_into_id:
        raise ValidationError(f"{MERGED} Change the details there.")
    if person.is_anonymised:
        raise ValidationError("This record holds no details: there is nothing to change.")
    before = audit_snapshot(person)
    for name, value in changes.items():
        _set(person, name, value)
    if not person.first_name:
        raise ValidationError({"first_name": "Enter their first name."})
    try:
        person.full_clean()
    except ValidationError as error:
        errors = error.message_dict  # one field on the form carries either number
        for name in ("chi_number", "nhs_number"):
            if name in errors:
                errors.setdefault("health_number", []).extend(errors.pop(name))
        raise ValidationError(errors) from error
    person.save()
    audit_update(actor=actor, obj=person, before=before)
    return person
