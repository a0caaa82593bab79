"""The story, in the browser's own requests: a practitioner takes a GP referral by phone for
someone new; a week later records conversation 1 on it; then corrects their phone number. Both
are on the timeline. Plus the intake pages' rules, roles and scope, and the intake API."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.permissions import Role
from conversations.models import Episode, Person, Referral
from tests.factories import PersonFactory

DAY = datetime.timedelta(days=1)


def _referral_form(referred_on: datetime.date, **extra) -> dict:
    return {
        "referred_on": referred_on.isoformat(),
        "source": "gp",
        "referrer_organisation": "Riverside Medical Practice",
        "referrer_name": "Dr Rao",
        "referrer_role": "GP",
        "referrer_contact": "01234 111222",
        "reason_for_referral": "Lonely since his wife died; stopped going out",
        "first_name": "Ewan",
        "last_name": "Baird",
        "phone": "01234 555666",
        **extra,
    }


def test_a_gp_referral_by_phone_then_conversation_1_a_week_later_then_a_new_phone(
    practitioner, login, monkeypatch, today
):
    client = login(practitioner)
    search = client.get(reverse("conversations:person_list")).content.decode()
    assert reverse("conversations:referral_intake") in search  # "A referral" from the search

    # A week ago: the GP rang with the referral.
    week_ago = today - 7 * DAY
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: week_ago)
    form = client.get(reverse("conversations:referral_intake")).content.decode()
    assert "Why they were referred" in form
    response = client.post(reverse("conversations:referral_intake"), _referral_form(week_ago))
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(first_name="Ewan")
    episode = Episode.objects.get(person=person)
    assert (episode.state, episode.channel, episode.source) == ("waiting", "referral", "gp")
    assert episode.first_contact_on == week_ago
    monkeypatch.undo()

    # Today: conversation 1 on the referral's episode.
    response = client.post(
        reverse("conversations:conversation_create", args=[episode.pk, 1]),
        {
            "held_on": today.isoformat(),
            "place": "phone",
            "what_matters": "Getting back to the bowling club",
            "submission_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    episode.refresh_from_db()
    assert episode.first_conversation_on == today
    assert episode.days_to_first_conversation == 7

    # Their phone number changes.
    edit = reverse("conversations:person_edit", args=[person.pk])
    data = {"first_name": "Ewan", "last_name": "Baird", "locality": person.locality_id}
    assert client.post(edit, data | {"phone": "07700 900456"}).status_code == 302

    page = client.get(reverse("conversations:person_detail", args=[person.pk])).content.decode()
    assert "Referred by" in page and "Dr Rao (GP, Riverside Medical Practice)" in page
    assert "Lonely since his wife died" in page
    assert "Conversation 1" in page and "Getting back to the bowling club" in page
    assert "Details changed: phone" in page
    assert "07700 900456" in page


def test_someone_new_by_phone_from_the_page(practitioner, login, world, today):
    response = login(practitioner).post(
        reverse("conversations:person_intake"),
        {
            "first_name": "Iona",
            "last_name": "Reid",
            "channel": "duty_desk",
            "contacted_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    episode = Episode.objects.get(person__first_name="Iona")
    assert (episode.channel, episode.source, episode.state) == ("duty_desk", "self", "waiting")


def test_the_page_offers_likely_duplicates_then_adds_on_none_of_these(
    practitioner, login, world, today
):
    known = PersonFactory(locality=world.locality, first_name="Ewan", last_name="Baird")
    client = login(practitioner)
    data = _referral_form(today, date_of_birth="")
    offered = client.post(reverse("conversations:referral_intake"), data)
    assert offered.status_code == 200
    body = offered.content.decode()
    assert "Is this someone we already know?" in body and f'value="{known.pk}"' in body
    assert not Episode.objects.exists()
    added = client.post(
        reverse("conversations:referral_intake"),
        data | {"confirm_new": "1", "candidate_seen": [known.pk]},
    )
    assert added.status_code == 302
    assert Person.objects.filter(first_name="Ewan").count() == 2
    # Or "use this person": the referral opens their episode.
    Episode.objects.all().delete()
    used = client.post(reverse("conversations:referral_intake"), data | {"use_person": known.pk})
    assert used.status_code == 302
    assert Referral.objects.get().episode.person == known


def test_a_referral_asks_at_most_five_things_and_says_what_is_missing(practitioner, login):
    response = login(practitioner).post(
        reverse("conversations:referral_intake"), {"consent": "verbal"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    for words in (
        "Enter their first name",
        "Enter their last name",
        "Enter the date of the referral",
        "Enter the organisation that referred them",
        "Say why they were referred",
    ):
        assert words in body
    from conversations.forms.intake import IntakeForm, ReferralIntakeForm

    partnership = practitioner.partnership
    for form_class in (IntakeForm, ReferralIntakeForm):
        required = [n for n, f in form_class(partnership=partnership).fields.items() if f.required]
        assert len(required) <= 5, required


def test_did_not_agree_at_intake_asks_no_name(practitioner, login, today):
    response = login(practitioner).post(
        reverse("conversations:person_intake"),
        {"consent": "declined", "channel": "phone", "contacted_on": today.isoformat()},
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.is_anonymised and person.full_name == Person.NOT_KEPT_NAME


@pytest.mark.parametrize("name", ["person_intake", "referral_intake"])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PRACTITIONER, 200),
        (Role.FORUM_MANAGER, 200),
        (Role.HUB_WORKER, 403),
        (Role.HSCP_LEAD, 403),
        (Role.ADMIN, 403),
    ],
)
def test_who_may_take_people_in(make_user, login, name, role, status):
    assert login(make_user(role)).get(reverse(f"conversations:{name}")).status_code == status


def test_the_api_takes_a_referral_and_answers_duplicates_with_409(
    practitioner, login, world, today
):
    client = login(practitioner)
    body = {
        "new_person": {"first_name": "Ewan", "last_name": "Baird", "consent": "verbal"},
        "channel": "referral",
        "source": "gp",
        "referral": {
            "referred_on": (today - 3 * DAY).isoformat(),
            "organisation": "Riverside Medical Practice",
            "name": "Dr Rao",
            "reason": "Lonely",
        },
    }
    response = client.post(reverse("api_intake"), json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["episode_state"] == "waiting"
    assert answer["first_contact_on"] == (today - 3 * DAY).isoformat()
    assert answer["referral"]["organisation"] == "Riverside Medical Practice"
    Episode.objects.filter(pk=answer["episode"]).update(state="closed", closed_on=today)
    again = client.post(reverse("api_intake"), json.dumps(body), content_type="application/json")
    assert again.status_code == 409
    assert [c["id"] for c in again.json()["candidates"]] == [answer["person"]]
    no_reason = body | {"referral": body["referral"] | {"reason": ""}}
    bad = client.post(reverse("api_intake"), json.dumps(no_reason), content_type="application/json")
    assert bad.status_code == 400


def test_the_api_consents(practitioner, login, world, today):
    person = PersonFactory(locality=world.locality)
    client = login(practitioner)
    url = reverse("api_person_consents", args=[person.pk])
    record = {"kind": "share", "partner_organisation": "Age Scotland", "agreed": True}
    created = client.post(
        url, json.dumps(record | {"how": "phone"}), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert [r["partner_organisation"] for r in client.get(url).json()] == ["Age Scotland"]
    refused = client.post(url, json.dumps(record), content_type="application/json")
    assert refused.status_code == 400 and "how" in refused.json()
