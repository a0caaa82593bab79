"""Corrections: the author or a practitioner of the locality corrects a record with a reason;
the previous version stays in the audit trail; the record says "amended on … by …"; figures
read the amended values."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Amendment
from conversations.services.amendments import record_amend
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors import figures as f
from tests.conversations.factories import WaitingListEntryFactory
from tests.factories import ConversationFactory, EpisodeFactory, PersonFactory, WaitingListFactory


@pytest.fixture
def hub_worker(make_user):
    return make_user(Role.HUB_WORKER)


@pytest.fixture
def conversation(world, hub_worker, today):
    episode = EpisodeFactory(person=PersonFactory(locality=world.locality))
    return ConversationFactory(
        episode=episode, practitioner=hub_worker, held_on=today, what_matters="Gettign out"
    )


def test_the_author_corrects_and_the_old_words_stay_in_the_audit_trail(conversation, hub_worker):
    amendment = record_amend(
        actor=hub_worker,
        record=conversation,
        correction_reason="Typed in a hurry",
        what_matters="Getting out of the house",
    )
    conversation.refresh_from_db()
    assert conversation.what_matters == "Getting out of the house"
    entry = AuditEntry.objects.get(
        model="conversations.conversation", object_id=str(conversation.pk), action="update"
    )
    assert entry.changes["what_matters"] == ["Gettign out", "Getting out of the house"]
    assert entry.actor == hub_worker
    assert amendment.field_names == ["what_matters"] and amendment.reason == "Typed in a hurry"
    assert AuditEntry.objects.filter(model="conversations.amendment", action="create").exists()


def test_a_practitioner_of_the_locality_may_correct_another_hub_worker_may_not(
    conversation, make_user
):
    with pytest.raises(PermissionDenied):
        record_amend(
            actor=make_user(Role.HUB_WORKER),
            record=conversation,
            correction_reason="x",
            what_matters="y",
        )
    record_amend(
        actor=make_user(Role.PRACTITIONER),
        record=conversation,
        correction_reason="Misheard",
        what_matters="Getting out",
    )
    assert Amendment.objects.count() == 1


def test_a_reason_is_required_and_a_correction_must_change_something(conversation, hub_worker):
    with pytest.raises(ValidationError, match="Say why"):
        record_amend(actor=hub_worker, record=conversation, correction_reason=" ", what_matters="y")
    with pytest.raises(ValidationError, match="Nothing was changed"):
        record_amend(
            actor=hub_worker,
            record=conversation,
            correction_reason="x",
            what_matters="Gettign out",
        )
    with pytest.raises(ValidationError, match="cannot be corrected here"):
        record_amend(actor=hub_worker, record=conversation, correction_reason="x", held_on=None)
    assert not Amendment.objects.exists()


def test_a_waiting_list_date_in_the_future_or_before_it_was_added_is_refused(
    world, make_user, today
):
    entry = WaitingListEntryFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=world.locality)),
        added_on=today - datetime.timedelta(days=10),
    )
    practitioner = make_user(Role.PRACTITIONER)
    with pytest.raises(ValidationError, match="future"):
        record_amend(
            actor=practitioner,
            record=entry,
            correction_reason="x",
            added_on=today + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="still on the list"):
        record_amend(actor=practitioner, record=entry, correction_reason="x", removed_on=today)


def test_a_corrected_waiting_list_date_moves_the_entry_to_the_right_month(world, make_user, today):
    """Hand-worked. Two months ago (M1): entries added on the 10th and 20th. Last month (M2):
    one added on the 5th and taken off on the 20th. So M1: added 2, open at its end 2; M2:
    added 1, removed 1, open at its end 2. The 20th of M1 was a slip for the 2nd of M2: after
    the correction M1 has added 1, open 1; M2 added 2, removed 1, open 2."""
    m2_start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    m1_start = (m2_start - datetime.timedelta(days=1)).replace(day=1)
    m1, m2 = Month.of(m1_start), Month.of(m2_start)
    waiting_list = WaitingListFactory(partnership=world.partnership)
    episode = EpisodeFactory(
        person=PersonFactory(locality=world.locality), first_contact_on=m1_start
    )

    def entry(added, removed=None):
        return WaitingListEntryFactory(
            episode=episode,
            waiting_list=waiting_list,
            added_on=added,
            removed_on=removed,
            removal_reason="seen" if removed else "",
        )

    entry(m1_start.replace(day=10))
    slip = entry(m1_start.replace(day=20))
    entry(m2_start.replace(day=5), m2_start.replace(day=20))
    scope, months = Scope(partnership_id=world.partnership.pk), MonthRange.ending(m2, 2)

    def counts():
        by_month = f.waiting_list(months=months, scope=scope).by_month
        return [(by_month[m].added, by_month[m].removed, by_month[m].open_at_end) for m in (m1, m2)]

    assert counts() == [(2, 0, 2), (1, 1, 2)]
    record_amend(
        actor=make_user(Role.PRACTITIONER),
        record=slip,
        correction_reason="Wrong month typed",
        added_on=m2_start.replace(day=2),
    )
    assert counts() == [(1, 0, 1), (2, 1, 2)]


# ---- pages and API ---------------------------------------------------------------------------


def test_the_timeline_shows_a_correct_link_and_then_amended_on_by(conversation, hub_worker, login):
    client = login(hub_worker)
    person_url = reverse("conversations:person_detail", args=[conversation.episode.person_id])
    correct_url = reverse("conversations:conversation_correct", args=[conversation.pk])
    assert correct_url in client.get(person_url).content.decode()
    form = client.get(correct_url)
    assert form.status_code == 200 and "Gettign out" in form.content.decode()
    refused = client.post(correct_url, {"what_matters": "Getting out", "place": "hub_session"})
    assert refused.status_code == 200 and "Say why the record is being corrected" in (
        refused.content.decode()
    )
    done = client.post(
        correct_url,
        {"what_matters": "Getting out", "place": "hub_session", "correction_reason": "Typo"},
    )
    assert done.status_code == 302
    page = client.get(person_url).content.decode()
    assert "Getting out" in page and "Amended on" in page and "(Typo)" in page


def test_correct_pages_403_for_another_hub_worker_and_404_outside_scope(
    conversation, make_user, login
):
    url = reverse("conversations:conversation_correct", args=[conversation.pk])
    assert login(make_user(Role.HUB_WORKER)).get(url).status_code == 403
    assert login(make_user(Role.HSCP_LEAD)).get(url).status_code == 403
    assert login(make_user(Role.PRACTITIONER, outsider=True)).get(url).status_code == 404
    assert login(make_user(Role.PRACTITIONER)).get(url).status_code == 200


def test_the_api_corrects_with_a_reason(conversation, make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.PRACTITIONER))
    url = reverse("api_conversation_correct", args=[conversation.pk])
    refused = client.post(url, {"what_matters": "Getting out"}, format="json")
    assert refused.status_code == 400 and "correction_reason" in refused.json()
    done = client.post(
        url, {"what_matters": "Getting out", "correction_reason": "Typo"}, format="json"
    )
    assert done.status_code == 201 and done.json()["field_names"] == ["what_matters"]
    outsider = APIClient()
    outsider.force_authenticate(make_user(Role.PRACTITIONER, outsider=True))
    assert outsider.post(url, {}, format="json").status_code == 404
