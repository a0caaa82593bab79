"""Consent, first-class: to keep someone's details, and to share them with a named partner
organisation. Each answer is a record (when, how, by whom, who wrote it down); a change of mind
is a new record, so the history stays. The latest answer to "keep their details" is also kept
on the person (``Person.consent``), which the pages and the subject access export read.

"Did not agree" to keeping their details, asked when someone is added (drop-in or intake),
means nothing that identifies them is kept at all: ``person_create`` adds a record with no
name, contact details or numbers (``Person.NOT_KEPT_NAME``) so the visit is still counted, and
the drop-in and intake keep no notes on it (``NOT_KEPT_NOTE``). Someone already known who
changes their mind keeps their record until an administrator erases it (their page says so):
erasure is an administrator's act, audited, and cannot be undone.

``consent_record_from_answer`` is the one-line way for code that holds an answer in the old
field's words (an import): ``consent_record_from_answer(actor=…, person=…, answer="verbal")``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.models import ConsentRecord, Person

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Kind = ConsentRecord.Kind
How = ConsentRecord.How

# What the drop-in and intake write instead of notes about someone whose details are not kept.
NOT_KEPT_NOTE = "[not kept: they did not agree to us keeping their details]"

# The old field's answers, as records (NOT_ASKED is no answer, so no record).
_FROM_ANSWER = {
    Person.Consent.GIVEN: (True, How.NOT_RECORDED),
    Person.Consent.VERBAL: (True, How.IN_PERSON),
    Person.Consent.DECLINED: (False, How.NOT_RECORDED),
}


def keep_consent_meaning(answer: str) -> tuple[bool, str] | None:
    """What an answer in ``Person.Consent``'s words means as a "keep their details" record:
    (agreed, how), or None for "not asked yet"."""
    return _FROM_ANSWER.get(Person.Consent(answer)) if answer in Person.Consent.values else None


def answer_for(*, agreed: bool, how: str) -> str:
    """The summary kept on the person for the latest "keep their details" answer."""
    if not agreed:
        return Person.Consent.DECLINED
    if how in (How.WRITING, How.ONLINE):
        return Person.Consent.GIVEN
    return Person.Consent.VERBAL


def _check(
    *, kind: str, agreed: object, how: str, given_by: str, organisation: str, given_on
) -> None:
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what they were asked."})
    if not isinstance(agreed, bool):
        raise ValidationError({"agreed": "Say whether they agreed."})
    if how not in How.values:
        raise ValidationError({"how": "Choose how they gave their answer."})
    if given_by not in ConsentRecord.GivenBy.values:
        raise ValidationError({"given_by": "Choose who gave the answer."})
    if kind == Kind.SHARE and not organisation:
        raise ValidationError({"partner_organisation": "Name the partner organisation."})
    if kind == Kind.KEEP and organisation:
        raise ValidationError(
            {"partner_organisation": "Name an organisation only for sharing their details."}
        )
    if len(organisation) > 150:
        raise ValidationError({"partner_organisation": "Keep the name to 150 characters."})
    if not isinstance(given_on, datetime.date) or given_on > timezone.localdate():
        raise ValidationError({"given_on": "Enter the date they gave their answer, not later."})
    if given_on.year < 1900:
        raise ValidationError({"given_on": "Check the year."})


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    agreed: bool,
    how: str,
    given_on: datetime.date | None = None,
    given_by: str = ConsentRecord.GivenBy.THEMSELVES,
    partner_organisation: str = "",
) -> ConsentRecord:
    """Record an answer (see the module). ``given_on`` defaults to today."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    organisation = " ".join((partner_organisation or "").split())
    given_on = given_on or timezone.localdate()
    _check(
        kind=kind, agreed=agreed, how=how, given_by=given_by, organisation=organisation,
        given_on=given_on,
    )  # fmt: skip
    record = ConsentRecord(
        person=person,
        kind=kind,
        partner_organisation=organisation,
        agreed=agreed,
        given_on=given_on,
        how=how,
        given_by=given_by,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    record.full_clean()
    record.save()
    audit_create(actor=actor, obj=record)
    if kind == Kind.KEEP and not _later_keep_answer(record):
        before = audit_snapshot(person)
        person.consent = answer_for(agreed=agreed, how=how)
        person.save(update_fields=["consent"])
        audit_update(actor=actor, obj=person, before=before)
    return record


def _later_keep_answer(record: ConsentRecord) -> bool:
    """An answer dated after this one (recorded earlier) still holds."""
    return (
        ConsentRecord.objects.filter(person_id=record.person_id, kind=Kind.KEEP)
        .filter(given_on__gt=record.given_on)
        .exists()
    )


def consent_record_from_answer(
    *,
    actor: User | None,
    person: Person,
    answer: str,
    given_on: datetime.date | None = None,
) -> ConsentRecord | None:
    """Record "keep their details" from an answer in ``Person.Consent``'s words (given,
    verbal, not_asked, declined); "not asked yet" records nothing."""
    if answer == Person.Consent.NOT_ASKED:
        return None
    if answer not in _FROM_ANSWER:
        raise ValidationError({"consent": "Choose whether they agreed we can keep their details."})
    agreed, how = _FROM_ANSWER[Person.Consent(answer)]
    return consent_record(
        actor=actor, person=person, kind=Kind.KEEP, agreed=agreed, how=how, given_on=given_on
    )
