"""The daily digest: opt-in, counts and links only (never a name), and never twice a day."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from cls_portal.permissions import Role
from conversations.models import Episode
from tests.conversations.factories import PersonalOutcomeFactory, SignpostFactory
from tests.factories import CommunitySolutionFactory
from tests.today.conftest import days
from today.models import DigestSent, ReminderPreference
from today.services import digest_send
from today.tasks import send_daily_digests

pytestmark = pytest.mark.django_db
State = Episode.State
ZEBEDEE = {"first_name": "Zebedee", "last_name": "Quux", "postcode": "ZZ9 9ZZ"}


@pytest.fixture
def opted_in(practitioner):
    practitioner.email = "priya@example.org"
    practitioner.save()
    ReminderPreference.objects.create(user=practitioner, daily_digest=True)
    return practitioner


@pytest.fixture
def zebedees_due_work(world, episode_in, crisis_plan_in, today):
    """Due work about one named person, with words about him in every field that could leak."""
    crisis_plan_in(world.locality, today - days(1), plan="Zebedee's sister visits daily")
    episode = episode_in(world.locality, State.CONVERSATION_3, person=ZEBEDEE)
    solution = CommunitySolutionFactory(partnership=world.partnership, name="Quux Lunch Club")
    SignpostFactory(episode=episode, solution=solution, follow_up_on=today - days(3))
    SignpostFactory(episode=episode, solution=solution, follow_up_on=today)
    PersonalOutcomeFactory(
        episode=episode, statement="See Zebedee's grandson", created_on=today - days(100)
    )
    episode_in(
        world.locality,
        State.WAITING,
        channel=Episode.Channel.REFERRAL,
        person=ZEBEDEE | {"first_name": "Zebedee2"},
    )


def test_the_digest_counts_and_links_but_never_names_anyone(opted_in, zebedees_due_work, today):
    assert digest_send(user_id=opted_in.pk, today=today) is True

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = f"{message.subject}\n{message.body}"
    for personal in ("Zebedee", "Quux", "ZZ9", "grandson", "sister", "Lunch Club"):
        assert personal not in text
    assert message.to == ["priya@example.org"]
    assert message.subject.startswith("CLS Portal: 5 things due")
    assert "- Crisis plans due for review: 1" in message.body
    assert "- Signpost follow-ups due: 2" in message.body
    assert "- Personal outcomes due a review: 1" in message.body
    assert "- Referrals waiting for a first conversation: 1" in message.body
    assert "http://127.0.0.1:8000/follow-ups/" in message.body
    assert "http://127.0.0.1:8000/settings/" in message.body


def test_the_digest_goes_once_a_day_however_often_it_runs(opted_in, zebedees_due_work, today):
    assert digest_send(user_id=opted_in.pk, today=today) is True
    assert digest_send(user_id=opted_in.pk, today=today) is False
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get(user=opted_in).items == 5

    assert digest_send(user_id=opted_in.pk, today=today + days(1)) is True  # the next morning
    assert len(mail.outbox) == 2


def test_the_database_refuses_a_second_digest_row_for_the_same_user_and_day(opted_in, today):
    DigestSent.objects.create(user=opted_in, sent_on=today, items=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestSent.objects.create(user=opted_in, sent_on=today, items=1)


def test_a_failed_send_leaves_no_sent_row_so_a_retry_sends_it(
    opted_in, zebedees_due_work, today, monkeypatch
):
    from django.core.mail import EmailMessage

    def refused(self, *args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(EmailMessage, "send", refused)
    with pytest.raises(OSError):
        digest_send(user_id=opted_in.pk, today=today)
    assert not DigestSent.objects.exists()

    monkeypatch.undo()
    assert digest_send(user_id=opted_in.pk, today=today) is True


def test_no_digest_without_opting_in_or_with_nothing_due(
    practitioner, opted_in, world, make_user, zebedees_due_work, today
):
    other = make_user(Role.PRACTITIONER, email="other@example.org")
    assert digest_send(user_id=other.pk, today=today) is False  # never opted in
    ReminderPreference.objects.create(user=other, daily_digest=False)
    assert digest_send(user_id=other.pk, today=today) is False  # opted out
    quiet = make_user(
        Role.PRACTITIONER, localities=[world.outsider_locality], email="q@example.org"
    )
    ReminderPreference.objects.create(user=quiet, daily_digest=True)
    assert digest_send(user_id=quiet.pk, today=today) is False  # nothing due in their places
    assert mail.outbox == []
    assert not DigestSent.objects.exists()


def test_beat_queues_a_digest_for_each_user_who_opted_in(
    opted_in, zebedees_due_work, make_user, today, django_capture_on_commit_callbacks
):
    no_email = make_user(Role.PRACTITIONER, email="")
    ReminderPreference.objects.create(user=no_email, daily_digest=True)
    make_user(Role.PRACTITIONER, email="not-asked@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests.apply().get() == 1
    assert [message.to for message in mail.outbox] == [["priya@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests.apply()
    assert len(mail.outbox) == 1  # beat running twice sends nothing more
