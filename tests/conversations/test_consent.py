"""Consent, first-class: answers with history, and "did not agree" keeping nothing that
identifies someone while their visit is still counted."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.audit.personal import person_linked_models, records_of_person
from conversations.models import ConsentRecord, Conversation, Episode, Person
from conversations.selectors.consent import consent_now
from conversations.selectors.dropins import session_footfall
from conversations.services.consent import (
    NOT_KEPT_NOTE,
    consent_record,
    consent_record_from_answer,
)
from conversations.services.dropins import NewPerson, dropin_log
from tests.factories import CommunitySolutionFactory, PersonFactory

DAY = datetime.timedelta(days=1)
NOT_IDENTIFYING = {"", None, NOT_KEPT_NOTE, Person.NOT_KEPT_NAME}
TYPED = ["Ailsa", "Grant", "EH1 1AA", "0777 123456", "Her dog died", "Tuesday at 11"]


def _stored_personal_values(person: Person) -> dict[str, set]:
    """Every personal field of every record linked to the person (the erasure's own walk)."""
    found: dict[str, set] = {}
    for model in person_linked_models():
        for name in model.PERSONAL_FIELDS:
            values = set(records_of_person(model, person.pk).values_list(name, flat=True))
            if values:
                found[f"{model._meta.label}.{name}"] = values
    return found


@pytest.mark.parametrize("what_happened", ["resolved", "connected"])
def test_did_not_agree_at_the_drop_in_stores_no_identifying_field(
    practitioner, session, what_happened
):
    solution = CommunitySolutionFactory(partnership=session.hub.partnership)
    solution.localities.add(session.hub.locality)
    result = dropin_log(
        actor=practitioner,
        session=session,
        new_person=NewPerson(
            "Ailsa",
            "Grant",
            postcode="EH1 1AA",
            phone="0777 123456",
            date_of_birth=datetime.date(1950, 5, 17),
            consent="declined",
        ),
        what_matters="Her dog died",
        what_happened=what_happened,
        solutions=[solution] if what_happened == "connected" else [],
    )
    person = result.person
    stored = _stored_personal_values(person)
    assert stored, "the walk found the records"
    for field, values in stored.items():
        assert values <= NOT_IDENTIFYING, (field, values)
    # Nothing typed reached the audit trail either.
    trail = json.dumps(list(AuditEntry.objects.filter(person_id=person.pk).values("changes")))
    for word in TYPED:
        assert word not in trail
    # Still counted: footfall and what happened.
    assert session_footfall(session=session).named == 1
    conversation = Conversation.objects.get(episode__person=person)
    assert conversation.what_happened == what_happened
    assert result.episode.state == Episode.State.CLOSED
    assert not ConsentRecord.objects.get(person=person).agreed


@pytest.mark.parametrize("what_happened", ["follow_up", "waiting_list", "crisis"])
def test_nobody_can_be_followed_up_without_their_details(practitioner, session, what_happened):
    with pytest.raises(ValidationError, match="cannot follow up"):
        dropin_log(
            actor=practitioner,
            session=session,
            new_person=NewPerson("", "", consent="declined"),
            what_matters="",
            what_happened=what_happened,
            next_step="Tuesday at 11",
        )
    assert not Person.objects.exists()


def test_the_drop_in_page_asks_no_name_of_someone_who_did_not_agree(practitioner, session, login):
    response = login(practitioner).post(
        reverse("conversations:dropin", args=[session.pk]),
        {"consent": "declined", "what_happened": "resolved"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    assert person.is_anonymised and person.full_name == Person.NOT_KEPT_NAME


def test_a_change_of_mind_is_a_new_answer_and_the_history_stays(practitioner, world, today):
    person = PersonFactory(locality=world.locality, consent="not_asked")
    consent_record(
        actor=practitioner, person=person, kind="keep", agreed=True, how="phone",
        given_on=today - 10 * DAY,
    )  # fmt: skip
    person.refresh_from_db()
    assert person.consent == Person.Consent.VERBAL
    consent_record(
        actor=practitioner, person=person, kind="share", agreed=True, how="writing",
        partner_organisation="Age Scotland", given_on=today - 9 * DAY,
    )  # fmt: skip
    consent_record(
        actor=practitioner, person=person, kind="share", agreed=False, how="phone",
        partner_organisation="age scotland", given_on=today,
    )  # fmt: skip
    now = consent_now(person=person)
    assert [(r.kind, r.agreed) for r in now] == [("keep", True), ("share", False)]
    assert ConsentRecord.objects.filter(person=person).count() == 3
    # An answer dated before the one that holds is history, not the answer now.
    consent_record(
        actor=practitioner, person=person, kind="keep", agreed=False, how="phone",
        given_on=today - 20 * DAY,
    )  # fmt: skip
    person.refresh_from_db()
    assert person.consent == Person.Consent.VERBAL
    # Withdrawn: the record stays until an administrator erases it; the answer now says so.
    consent_record(actor=practitioner, person=person, kind="keep", agreed=False, how="phone")
    person.refresh_from_db()
    assert person.consent == Person.Consent.DECLINED and not person.is_anonymised
    entry = AuditEntry.objects.filter(model="conversations.consentrecord").first()
    assert entry is not None and entry.actor == practitioner


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "share"}, "partner_organisation"),
        ({"kind": "keep", "partner_organisation": "Age Scotland"}, "partner_organisation"),
        ({"kind": "maybe"}, "kind"),
        ({"how": "telepathy"}, "how"),
        ({"given_on": "tomorrow"}, "given_on"),
        ({"given_by": "someone"}, "given_by"),
    ],
)
def test_a_bad_answer_is_refused_and_changes_nothing(practitioner, world, today, values, field):
    person = PersonFactory(locality=world.locality)
    values = {"kind": "keep", "agreed": True, "how": "phone"} | values
    if values.get("given_on") == "tomorrow":
        values["given_on"] = today + DAY
    with pytest.raises(ValidationError) as refused:
        consent_record(actor=practitioner, person=person, **values)
    assert field in refused.value.message_dict
    assert not ConsentRecord.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("answer", "agreed", "how"),
    [
        ("given", True, "not_recorded"),
        ("verbal", True, "in_person"),
        ("declined", False, "not_recorded"),
    ],
)
def test_the_old_fields_answers_become_records(practitioner, world, answer, agreed, how):
    """The one-line way for an import that holds answers in the old field's words."""
    person = PersonFactory(locality=world.locality)
    record = consent_record_from_answer(actor=practitioner, person=person, answer=answer)
    assert (record.kind, record.agreed, record.how) == ("keep", agreed, how)
    assert consent_record_from_answer(actor=None, person=person, answer="not_asked") is None


def test_the_consent_page_records_an_answer(practitioner, world, login, today):
    person = PersonFactory(locality=world.locality)
    client = login(practitioner)
    url = reverse("conversations:person_consent", args=[person.pk])
    response = client.post(
        url,
        {
            "kind": "share",
            "partner_organisation": "Riverside Carers Centre",
            "agreed": "yes",
            "how": "in_person",
            "given_by": "themselves",
            "given_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Share their details with Riverside Carers Centre" in page
    refused = client.post(url, {"kind": "share", "agreed": "yes", "how": "in_person"})
    assert refused.status_code == 200
    assert ConsentRecord.objects.filter(person=person).count() == 1


def test_other_localities_and_partnerships_cannot_reach_the_consent_page(
    south_practitioner, outsider, world, login
):
    person = PersonFactory(locality=world.locality)
    url = reverse("conversations:person_consent", args=[person.pk])
    assert login(south_practitioner).get(url).status_code == 404
    assert login(outsider).get(url).status_code == 404
