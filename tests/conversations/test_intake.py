"""Intake outside a hub: the drop-in's own person rules (one implementation), the episode it
opens, referrals, and someone who did not agree to us keeping their details."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cls_portal.permissions import Role
from conversations.models import ConsentRecord, Episode, Person, Referral
from conversations.services import dropins, intake, people
from conversations.services.dropins import NewPerson
from conversations.services.intake import ReferralDetails, intake_record
from conversations.services.people import PossibleDuplicates
from tests.factories import EpisodeFactory, PersonFactory

DAY = datetime.timedelta(days=1)


def test_intake_and_the_drop_in_add_people_with_the_one_same_function():
    # One implementation: both services call conversations.services.people.person_create.
    assert intake.person_create is people.person_create
    assert dropins.person_create is people.person_create


def test_intake_calls_the_shared_person_create(practitioner, monkeypatch, world):
    calls = []
    real = people.person_create

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(intake, "person_create", spy)
    intake_record(actor=practitioner, channel="phone", new_person=NewPerson("Iona", "Reid"))
    assert [call["first_name"] for call in calls] == ["Iona"]


def test_someone_new_by_phone_gets_a_waiting_episode(practitioner, world, today):
    result = intake_record(
        actor=practitioner,
        channel="phone",
        source="family",
        contacted_on=today - 2 * DAY,
        new_person=NewPerson("Iona", "Reid", phone="01234 567890"),
    )
    episode = result.episode
    assert episode.state == Episode.State.WAITING
    assert (episode.channel, episode.source) == ("phone", "family")
    assert episode.first_contact_on == today - 2 * DAY
    assert episode.locality_id == world.locality.pk == result.person.locality_id
    assert result.person.phone == "01234 567890"
    assert result.referral is None
    keep = ConsentRecord.objects.get(person=result.person)
    assert (keep.kind, keep.agreed) == ("keep", True)


def test_a_likely_duplicate_is_offered_exactly_as_at_the_drop_in(practitioner, world, today):
    known = PersonFactory(
        locality=world.other_locality,
        first_name="Catherine",
        last_name="Robertson",
        date_of_birth=datetime.date(1950, 5, 17),
    )
    new = NewPerson("Cathy", "Robson", date_of_birth=datetime.date(1950, 5, 17))
    with pytest.raises(PossibleDuplicates) as offered:
        intake_record(actor=practitioner, channel="phone", new_person=new)
    assert offered.value.candidates == [known]
    # The same check the drop-in makes (person_duplicates through person_create).
    with pytest.raises(PossibleDuplicates) as at_dropin:
        people.person_create(
            actor=practitioner,
            partnership=world.partnership,
            locality=world.locality,
            first_name="Cathy",
            last_name="Robson",
            date_of_birth=datetime.date(1950, 5, 17),
        )
    assert at_dropin.value.candidates == offered.value.candidates
    assert not Episode.objects.exists()
    # "None of these": added anyway, having seen them.
    result = intake_record(
        actor=practitioner,
        channel="phone",
        new_person=new,
        confirm_new=True,
        candidates_seen=[known.pk],
    )
    assert result.person.pk != known.pk


def test_use_this_person_opens_their_episode(practitioner, world):
    known = PersonFactory(locality=world.locality)
    result = intake_record(actor=practitioner, channel="duty_desk", person=known)
    assert result.person == known
    assert result.episode.channel == "duty_desk"


def test_someone_with_an_open_episode_is_not_given_a_second(practitioner, world):
    known = PersonFactory(locality=world.locality)
    EpisodeFactory(person=known)
    with pytest.raises(ValidationError, match="already has an open episode"):
        intake_record(actor=practitioner, channel="phone", person=known)


def test_a_referral_keeps_who_referred_and_why_and_starts_on_the_referral_date(practitioner, today):
    referred_on = today - 5 * DAY
    result = intake_record(
        actor=practitioner,
        channel="referral",
        source="gp",
        contacted_on=today,
        new_person=NewPerson("Ewan", "Baird"),
        referral=ReferralDetails(
            referred_on=referred_on,
            organisation="Riverside Medical Practice",
            name="Dr Rao",
            role="GP",
            contact="01234 111222",
            reason="Lonely since his wife died",
        ),
    )
    referral = Referral.objects.get(episode=result.episode)
    assert referral.referrer == "Dr Rao (GP, Riverside Medical Practice)"
    assert referral.reason_for_referral == "Lonely since his wife died"
    assert result.episode.first_contact_on == referred_on
    assert result.episode.state == Episode.State.WAITING


@pytest.mark.parametrize(
    ("channel", "referral", "message"),
    [
        ("hub_drop_in", None, "how they got in touch"),
        ("referral", None, "who referred"),
        ("phone", "some", "who referred"),
    ],
)
def test_channels_and_referrals_go_together(practitioner, today, channel, referral, message):
    details = (
        ReferralDetails(referred_on=today, organisation="GP", reason="x") if referral else None
    )
    with pytest.raises(ValidationError, match=message):
        intake_record(
            actor=practitioner, channel=channel, new_person=NewPerson("A", "B"), referral=details
        )
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"organisation": "", "name": ""}, "Say who referred"),
        ({"reason": "  "}, "Say why"),
        ({"referred_on": "future"}, "date of the referral"),
    ],
)
def test_a_referral_needs_who_why_and_a_past_date(practitioner, today, change, message):
    values = {"referred_on": today, "organisation": "Hospital", "reason": "Discharged"} | change
    if values["referred_on"] == "future":
        values["referred_on"] = today + DAY
    with pytest.raises(ValidationError, match=message):
        intake_record(
            actor=practitioner,
            channel="referral",
            new_person=NewPerson("A", "B"),
            referral=ReferralDetails(**values),
        )
    assert not Person.objects.exists() and not Episode.objects.exists()


def test_a_contact_in_the_future_is_refused(practitioner, today):
    with pytest.raises(ValidationError, match="got in touch"):
        intake_record(
            actor=practitioner,
            channel="phone",
            contacted_on=today + DAY,
            new_person=NewPerson("A", "B"),
        )


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.HSCP_LEAD, Role.ADMIN])
def test_only_roles_that_work_episodes_take_people_in(make_user, role):
    with pytest.raises(PermissionDenied):
        intake_record(actor=make_user(role), channel="phone", new_person=NewPerson("A", "B"))


def test_did_not_agree_counts_the_contact_but_keeps_nothing_identifying(practitioner, today):
    result = intake_record(
        actor=practitioner,
        channel="referral",
        source="hospital",
        new_person=NewPerson(
            "Ailsa", "Grant", phone="0777", postcode="EH1 1AA", consent="declined"
        ),
        referral=ReferralDetails(
            referred_on=today - DAY,
            organisation="Royal Infirmary",
            role="Discharge nurse",
            name="Sam Lee",
            contact="0131 000",
            reason="Lives alone at 4 High Street",
        ),
    )
    person = result.person
    assert person.is_anonymised and person.full_name == Person.NOT_KEPT_NAME
    assert (person.phone, person.postcode, person.last_name) == ("", "", "")
    referral = result.referral
    for name in Referral.PERSONAL_FIELDS:
        assert getattr(referral, name) == "", name
    assert referral.referred_on == today - DAY and result.episode.source == "hospital"
    # Counted (how they came, the kind of referrer), then closed: nobody could follow them up.
    assert result.episode.close_reason == Episode.CloseReason.DETAILS_NOT_KEPT
    assert result.episode.closed_on == today - DAY


def test_the_drop_in_and_intake_pages_ask_about_someone_new_with_one_set_of_fields():
    from conversations.forms.dropins import NewPersonDropInForm
    from conversations.forms.intake import IntakeForm, ReferralIntakeForm
    from conversations.forms.people import NewPersonFields

    for form_class in (NewPersonDropInForm, IntakeForm, ReferralIntakeForm):
        assert issubclass(form_class, NewPersonFields)
        assert form_class.clean_health_number is NewPersonFields.clean_health_number
        assert form_class.new_person is NewPersonFields.new_person
