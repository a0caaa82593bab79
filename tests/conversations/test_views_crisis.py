from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.permissions import Role
from conversations.models import Episode
from conversations.services.pathway import crisis_referrals_recompute
from tests.conversations.factories import CrisisPlanFactory
from tests.factories import ConversationFactory, EpisodeFactory

DAY = datetime.timedelta(days=1)
BOARD = reverse("conversations:crisis_board")


def in_crisis(locality, name="Morag", rag="red", review_in=2, crisis_days=5):
    today = timezone.localdate()
    episode = EpisodeFactory(
        person__locality=locality,
        person__first_name=name,
        state=Episode.State.CONVERSATION_2,
        first_contact_on=today - 90 * DAY,
        crisis_started_on=today - crisis_days * DAY,
    )
    return CrisisPlanFactory(
        conversation__episode=episode, rag=rag, review_by=today + review_in * DAY
    )


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
def test_the_board_is_for_practitioners_and_managers(make_user, login, role, status):
    assert login(make_user(role)).get(BOARD).status_code == status


def test_the_board_shows_only_the_users_localities_and_partnership(
    world, practitioner, south_practitioner, outsider, login
):
    in_crisis(world.locality, "Northerner")
    in_crisis(world.other_locality, "Southerner")
    assert "Northerner" in login(practitioner).get(BOARD).content.decode()
    south = login(south_practitioner).get(BOARD).content.decode()
    assert "Southerner" in south and "Northerner" not in south
    elsewhere = login(outsider).get(BOARD).content.decode()
    assert "Northerner" not in elsewhere and "Southerner" not in elsewhere


def test_the_board_highlights_overdue_reviews_and_long_crises(world, practitioner, login):
    in_crisis(world.locality, "Late", review_in=-3)
    in_crisis(world.locality, "Long", review_in=4, crisis_days=50)
    in_crisis(world.locality, "Today", review_in=0)
    page = login(practitioner).get(BOARD).content.decode()
    assert page.count("Overdue</strong>") == 1
    assert page.count("Due today</strong>") == 1  # the review due today is flagged too
    assert 'class="row-due-today"' in page
    assert page.count("Over 6 weeks</strong>") == 1
    assert 'class="row-overdue"' in page


def test_the_board_pages_in_a_bounded_number_of_queries_and_htmx_gets_the_table(
    world, practitioner, login, django_assert_max_num_queries
):
    for i in range(30):
        in_crisis(world.locality, f"Person{i:02}", rag=["red", "amber", "green"][i % 3])
    for i in range(20):
        referred = EpisodeFactory(person__locality=world.locality, person__first_name=f"Ref{i:02}")
        ConversationFactory(episode=referred, what_happened="crisis")
    crisis_referrals_recompute(partnership=world.partnership)
    client = login(practitioner)
    # Session and user (3), a count and a page for each table (4), the session save (3).
    with django_assert_max_num_queries(11):
        page = client.get(BOARD).content.decode()
    assert page.count("Update<span") == 25  # the first page of 25
    assert page.count("Record conversation 2<span") == 20
    fragment = client.get(BOARD + "?page=2", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="crisis-board")
    body = fragment.content.decode()
    assert "<h1>" not in body and body.count("Update<span") == 5


def test_updating_the_status_from_the_board(world, practitioner, login, today):
    plan = in_crisis(world.locality, rag="red")
    update = reverse("conversations:crisis_plan_update", args=[plan.pk])
    client = login(practitioner)
    response = client.post(
        update, {"rag": "green", "review_by": (today + 7 * DAY).isoformat(), "next": BOARD}
    )
    assert response.status_code == 302 and response.url == BOARD
    plan.refresh_from_db()
    assert (plan.rag, plan.review_by) == ("green", today + 7 * DAY)


def test_a_bad_update_says_why_and_changes_nothing(world, practitioner, login, today):
    plan = in_crisis(world.locality, rag="red")
    update = reverse("conversations:crisis_plan_update", args=[plan.pk])
    response = login(practitioner).post(
        update,
        {"rag": "blue", "review_by": (today - DAY).isoformat(), "next": "https://evil.example/"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "from the list" in page and "cannot be in the past" in page
    assert "evil.example" not in page
    plan.refresh_from_db()
    assert plan.rag == "red"


def test_the_update_page_answers_by_role_and_scope(
    world, practitioner, south_practitioner, outsider, make_user, login, today
):
    plan = in_crisis(world.locality)
    update = reverse("conversations:crisis_plan_update", args=[plan.pk])
    assert login(practitioner).get(update).status_code == 200
    assert login(make_user(Role.HUB_WORKER)).get(update).status_code == 403
    assert login(make_user(Role.HSCP_LEAD)).get(update).status_code == 403
    assert login(south_practitioner).get(update).status_code == 404
    assert (
        login(outsider).post(update, {"rag": "green", "review_by": today.isoformat()}).status_code
        == 404
    )
    plan.refresh_from_db()
    assert plan.rag == "red"


def test_paging_one_table_keeps_the_other_on_its_page(world, practitioner, login):
    for i in range(26):
        in_crisis(world.locality, f"Person{i:02}")
        referred = EpisodeFactory(person__locality=world.locality, person__first_name=f"Ref{i:02}")
        ConversationFactory(episode=referred, what_happened="crisis")
    crisis_referrals_recompute(partnership=world.partnership)
    page = login(practitioner).get(BOARD, {"page": 2, "referrals": 2}).content.decode()
    assert 'href="?referrals=2&amp;page=1"' in page  # the board goes back, referrals stay
    assert 'href="?page=2&amp;referrals=1"' in page  # and the other way round
