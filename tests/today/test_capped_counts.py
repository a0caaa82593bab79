"""A section stops counting at COUNT_CAP: the home page and the digest then say "100+" and
"at least", never a made-up exact number."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from conversations.models import Signpost
from tests.conversations.factories import SignpostFactory
from tests.today.conftest import days
from today.models import ReminderPreference
from today.sections.base import COUNT_CAP
from today.services import digest_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_ups_due(world, episode_in, today):
    """follow_ups_due(n): n signposts due a follow-up in the practitioner's locality (or the one
    given), made in one insert (copies of one made by the factory)."""

    def build(n: int, locality=None) -> None:
        first = SignpostFactory(episode=episode_in(locality or world.locality), follow_up_on=today)
        Signpost.objects.bulk_create(
            Signpost(
                episode_id=first.episode_id,
                conversation_id=first.conversation_id,
                solution_id=first.solution_id,
                follow_up_on=today - days(i % 30),
                created_on=today - days(40),
            )
            for i in range(n - 1)
        )

    return build


def follow_ups_section(response):
    assert response.status_code == 200
    return next(s for s in response.context["sections"] if s.key == "follow-ups")


def test_more_than_the_cap_shows_as_100_plus_and_the_total_as_at_least(
    practitioner, login, follow_ups_due, crisis_plan_in, world, today
):
    follow_ups_due(COUNT_CAP + 20)
    crisis_plan_in(world.locality, today)  # one more section with something due

    response = login(practitioner).get(reverse("home"))

    section = follow_ups_section(response)
    assert (section.count, section.capped, section.count_text) == (COUNT_CAP, True, "100+")
    page = response.content.decode()
    assert '<span class="today-count">100+</span>' in page
    assert "Showing 5 of 100+, the longest waiting first." in page
    assert f"At least {COUNT_CAP + 1} things due." in page


def test_exactly_the_cap_is_counted_exactly(practitioner, login, follow_ups_due):
    follow_ups_due(COUNT_CAP)

    response = login(practitioner).get(reverse("home"))

    section = follow_ups_section(response)
    assert (section.count, section.capped, section.count_text) == (COUNT_CAP, False, "100")
    page = response.content.decode()
    assert f"<strong>{COUNT_CAP} things due.</strong>" in page
    assert "At least" not in page


def test_the_digest_says_100_plus_and_at_least_when_a_count_is_capped(
    practitioner, follow_ups_due, crisis_plan_in, world, today
):
    practitioner.email = "priya@example.org"
    practitioner.save()
    ReminderPreference.objects.create(user=practitioner, daily_digest=True)
    follow_ups_due(COUNT_CAP + 20)
    crisis_plan_in(world.locality, today)

    assert digest_send(user_id=practitioner.pk, today=today) is True

    message = mail.outbox[0]
    assert message.subject.startswith(f"CLS Portal: at least {COUNT_CAP + 1} things due")
    assert "- Signpost follow-ups due: 100+" in message.body
    assert "- Crisis plans due for review: 1" in message.body
    assert f"at least {COUNT_CAP + 1} in all." in message.body


def test_a_capped_home_page_reads_no_more_queries_than_a_small_one(
    practitioner, login, follow_ups_due, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    follow_ups_due(7)  # more than a section shows: it counts them (a second query)
    client = login(practitioner)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    follow_ups_due(COUNT_CAP * 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert follow_ups_section(client.get(reverse("home"))).capped


def test_a_capped_count_is_remembered_for_its_user_and_a_count_under_the_cap_never_is(
    practitioner, make_user, login, follow_ups_due, world
):
    """ "100+" is remembered for CAPPED_COUNT_SECONDS for this user, scope, section and day: the
    next page skips that count; another scope (a colleague in another locality) counts its own."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cls_portal.permissions import Role

    follow_ups_due(COUNT_CAP + 5)
    client = login(practitioner)
    client.get(reverse("home"))  # (the session's first page writes what later ones do not)
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert follow_ups_section(client.get(reverse("home"))).capped
    with CaptureQueriesContext(connection) as again:
        section = follow_ups_section(client.get(reverse("home")))
    assert (section.count_text, len(again)) == ("100+", len(first) - 1)

    # Cleared below the cap: still "100+" until the remembered answer lapses, then exact.
    Signpost.objects.filter(pk__in=Signpost.objects.values("pk")[:10]).delete()
    assert follow_ups_section(client.get(reverse("home"))).count_text == "100+"
    cache.clear()  # (as CAPPED_COUNT_SECONDS passing would)
    section = follow_ups_section(client.get(reverse("home")))
    assert (section.count, section.capped) == (COUNT_CAP + 5 - 10, False)

    # Another locality's practitioner: their own query, their own (empty) count.
    colleague = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    follow_ups_due(COUNT_CAP + 5)
    assert follow_ups_section(client.get(reverse("home"))).capped
    other = follow_ups_section(login(colleague).get(reverse("home")))
    assert (other.count, other.capped) == (0, False)


def test_a_remembered_count_is_not_used_once_the_user_works_somewhere_else(
    practitioner, login, follow_ups_due, world
):
    """The memory is keyed by the user's places too: moved to another locality with seven due,
    they see 7, not their old locality's "100+"."""
    follow_ups_due(COUNT_CAP + 5)
    follow_ups_due(7, locality=world.other_locality)
    client = login(practitioner)
    assert follow_ups_section(client.get(reverse("home"))).capped

    practitioner.localities.set([world.other_locality])

    section = follow_ups_section(client.get(reverse("home")))
    assert (section.count, section.capped) == (7, False)
