"""The demo journeys obey the pathway: replaying every episode's conversations through the
pathway's own table gives back its stored state and milestones, and the crisis plans, waiting
lists, outcomes and scores are consistent with them."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction

from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    OutcomeReview,
    PersonalOutcome,
    SupportPlan,
    WaitingListEntry,
    WellbeingScore,
)
from conversations.selectors.crisis import crisis_board, crisis_referrals
from conversations.services.pathway import (
    STATE_FOR_KIND,
    crisis_referrals_recompute,
    move_is_allowed,
)
from hubs.models import Partnership

TODAY = datetime.date(2026, 11, 1)
State = Episode.State


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back at the end, so the
    other tests' database is left exactly as it was."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", seed=11, today=TODAY, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_seeded_episode_replays_through_the_pathway(seeded):
    conversations = defaultdict(list)
    for episode_id, kind, held_on in Conversation.objects.order_by("held_on", "pk").values_list(
        "episode_id", "kind", "held_on"
    ):
        conversations[episode_id].append((kind, held_on))
    episodes = list(Episode.objects.all())
    assert len(episodes) > 100
    for episode in episodes:
        state, crisis_started = State.WAITING, None
        for kind, day in conversations[episode.pk]:
            to_state = STATE_FOR_KIND[kind]
            if to_state != state:
                assert move_is_allowed(state, to_state), (episode.pk, state, to_state)
                if to_state == State.CONVERSATION_2:
                    crisis_started = day
                state = to_state
        days = [day for _, day in conversations[episode.pk]]
        assert episode.first_conversation_on == (min(days) if days else None)
        assert episode.last_conversation_on == (max(days) if days else None)
        assert episode.crisis_started_on == crisis_started, episode.pk
        if episode.state == State.CLOSED:
            assert move_is_allowed(state, State.CLOSED)
            assert episode.closed_on >= (episode.last_conversation_on or episode.first_contact_on)
            assert episode.closed_on <= TODAY and episode.close_reason
        else:
            assert episode.state == state, episode.pk
        if episode.support_in_place_on:
            assert episode.support_in_place_on >= episode.first_conversation_on


@pytest.mark.django_db
def test_seeded_crisis_referrals_are_what_the_conversations_give(seeded):
    """The demo applies the pathway's rules event by event; working every waiting referral out
    again from the conversations changes nothing."""
    seeded_referrals = dict(Episode.objects.values_list("pk", "crisis_referred_on"))
    with transaction.atomic():
        crisis_referrals_recompute(partnership=Partnership.objects.get(slug="riverside"))
        assert dict(Episode.objects.values_list("pk", "crisis_referred_on")) == seeded_referrals
        transaction.set_rollback(True)
    assert any(seeded_referrals.values())


@pytest.mark.django_db
def test_seeded_plans_lists_and_outcomes_are_consistent(seeded):
    open_plans = CrisisPlan.objects.filter(ended_on__isnull=True)
    assert set(open_plans.values_list("episode__state", flat=True)) == {State.CONVERSATION_2}
    assert open_plans.count() == len(set(open_plans.values_list("episode_id", flat=True)))
    assert not CrisisPlan.objects.exclude(conversation__kind=2).exists()
    assert CrisisPlan.objects.filter(ended_on__isnull=False).exists()  # some came out of crisis
    for plan in CrisisPlan.objects.filter(ended_on__isnull=False).select_related("conversation"):
        assert plan.ended_on >= plan.conversation.held_on

    plans = SupportPlan.objects.select_related("conversation").prefetch_related("outcomes")
    assert plans.exists()
    for plan in plans:
        assert plan.conversation.kind == 3
        assert plan.outcomes.exists()
        assert {o.episode_id for o in plan.outcomes.all()} == {plan.episode_id}

    entries = WaitingListEntry.objects.select_related("episode", "waiting_list")
    assert entries.filter(removed_on__isnull=True).exists()
    assert entries.filter(removal_reason="hub_appointment").exists()
    assert entries.filter(waiting_list__is_hub_appointments=True, removal_reason="seen").exists()
    for entry in entries:
        assert entry.added_on <= TODAY
        if entry.removed_on:
            assert entry.added_on <= entry.removed_on <= TODAY
        else:
            assert entry.episode.state != State.CLOSED

    for review in OutcomeReview.objects.select_related("outcome"):
        assert review.outcome.created_on <= review.reviewed_on <= TODAY
    assert PersonalOutcome.objects.filter(reviews__status="met").exists()
    for score in WellbeingScore.objects.all():
        score.full_clean()  # every item in range, the right items for the measure


@pytest.mark.django_db
def test_the_seeded_board_has_plans_and_referrals(seeded, django_user_model):
    practitioner = django_user_model.objects.get(username="practitioner")
    assert crisis_board(user=practitioner, today=TODAY).exists()
    assert crisis_referrals(user=practitioner).exists()
