from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from conversations.models import OutcomeReview, PersonalOutcome, WellbeingScore
from conversations.services.personal_outcomes import (
    conversation_record_with_outcomes,
    outcome_review_record,
    personal_outcome_add,
)
from conversations.services.wellbeing import measures_available, wellbeing_score_record
from tests.conversations.factories import PersonalOutcomeFactory, WellbeingScoreFactory
from tests.factories import EpisodeFactory

DAY = datetime.timedelta(days=1)
ONS4 = {"life_satisfaction": 6, "worthwhile": 7, "happiness": 5, "anxiety": 3}
SWEMWBS = {f"swemwbs_{n}": v for n, v in zip(range(1, 8), [3, 4, 2, 3, 4, 5, 3], strict=True)}


@pytest.fixture
def episode(world, today):
    return EpisodeFactory(person__locality=world.locality, first_contact_on=today - 30 * DAY)


def test_outcomes_are_kept_in_the_persons_words_from_any_conversation(make_user, episode, today):
    conversation = conversation_record_with_outcomes(
        actor=make_user(),
        episode=episode,
        kind=1,
        held_on=today - 2 * DAY,
        place="phone",
        what_matters="x",
        new_outcomes="  Not to be   lonely \nGet to the shops on my own\n",
    )
    outcomes = list(PersonalOutcome.objects.order_by("pk").values_list("statement", "created_on"))
    assert outcomes == [
        ("Not to be lonely", today - 2 * DAY),
        ("Get to the shops on my own", today - 2 * DAY),
    ]
    assert set(PersonalOutcome.objects.values_list("conversation", flat=True)) == {conversation.pk}


def test_an_empty_outcome_is_refused(make_user, episode):
    with pytest.raises(ValidationError, match="in their words"):
        personal_outcome_add(actor=make_user(), episode=episode, statement="   ")
    assert not PersonalOutcome.objects.exists()


def test_reviews_over_time_keep_their_history(make_user, episode, today):
    outcome = PersonalOutcomeFactory(episode=episode, created_on=today - 20 * DAY)
    for status, days_ago in (("not_met", 14), ("partly_met", 7), ("met", 0)):
        outcome_review_record(
            actor=make_user(), outcome=outcome, status=status, reviewed_on=today - days_ago * DAY
        )
    assert list(outcome.reviews.values_list("status", flat=True)) == [
        "met",
        "partly_met",
        "not_met",
    ]


@pytest.mark.parametrize(
    ("status", "days_from_today", "field"),
    [
        ("great", 0, "status"),
        ("met", 1, "reviewed_on"),  # in the future
        ("met", -21, "reviewed_on"),  # before the outcome was set
    ],
)
def test_a_review_needs_a_known_status_and_a_sensible_date(
    make_user, episode, today, status, days_from_today, field
):
    outcome = PersonalOutcomeFactory(episode=episode, created_on=today - 20 * DAY)
    day = today + days_from_today * DAY
    with pytest.raises(ValidationError) as caught:
        outcome_review_record(actor=make_user(), outcome=outcome, status=status, reviewed_on=day)
    assert field in caught.value.message_dict
    assert not OutcomeReview.objects.exists()


def test_an_outcome_of_a_closed_episode_is_not_reviewed(make_user, episode, today):
    outcome = PersonalOutcomeFactory(episode=episode, created_on=today - 20 * DAY)
    episode.state, episode.closed_on, episode.close_reason = "closed", today, "declined"
    episode.save()
    with pytest.raises(ValidationError, match="This episode is closed"):
        outcome_review_record(actor=make_user(), outcome=outcome, status="met")
    assert not OutcomeReview.objects.exists()


def test_ons4_items_are_kept_separately_and_never_summed(make_user, episode):
    score = wellbeing_score_record(actor=make_user(), episode=episode, measure="ons4", scores=ONS4)
    score.refresh_from_db()
    assert [getattr(score, item) for item in WellbeingScore.ONS4_ITEMS] == [6, 7, 5, 3]
    assert score.swemwbs_raw is None


@pytest.mark.parametrize(
    ("measure", "item", "value", "message"),
    [
        ("ons4", "anxiety", 11, "Anxiety must be a whole number from 0 to 10."),
        ("ons4", "happiness", -1, "Happiness must be a whole number from 0 to 10."),
        ("ons4", "worthwhile", None, "Enter a score"),
        ("swemwbs", "swemwbs_3", 0, "Feeling relaxed must be a whole number from 1 to 5."),
        ("swemwbs", "swemwbs_7", 6, "from 1 to 5"),
    ],
)
def test_out_of_range_scores_get_a_clear_error_and_nothing_is_saved(
    make_user, episode, settings, measure, item, value, message
):
    settings.SWEMWBS_LICENSED_PARTNERSHIPS = [episode.partnership.slug]
    scores = dict(ONS4 if measure == "ons4" else SWEMWBS) | {item: value}
    with pytest.raises(ValidationError) as caught:
        wellbeing_score_record(actor=make_user(), episode=episode, measure=measure, scores=scores)
    assert message in caught.value.message_dict[item][0]
    assert not WellbeingScore.objects.exists()


def test_swemwbs_only_where_the_partnership_holds_the_licence(make_user, episode, settings):
    settings.SWEMWBS_LICENSED_PARTNERSHIPS = []
    assert measures_available(episode.partnership) == ["ons4"]
    with pytest.raises(ValidationError, match="licence"):
        wellbeing_score_record(
            actor=make_user(), episode=episode, measure="swemwbs", scores=SWEMWBS
        )
    settings.SWEMWBS_LICENSED_PARTNERSHIPS = [episode.partnership.slug]
    assert measures_available(episode.partnership) == ["ons4", "swemwbs"]
    score = wellbeing_score_record(
        actor=make_user(), episode=episode, measure="swemwbs", scores=SWEMWBS
    )
    assert score.swemwbs_raw == 3 + 4 + 2 + 3 + 4 + 5 + 3  # 24, within 7–35


def test_the_database_refuses_scores_that_do_not_match_the_measure(episode):
    with pytest.raises(IntegrityError):
        WellbeingScoreFactory(episode=episode, swemwbs_1=3)
