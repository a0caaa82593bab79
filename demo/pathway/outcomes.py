"""What people say matters to them, and how they feel: personal outcomes with their reviews,
and wellbeing scores, for the demo journeys."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from conversations.models import Episode, OutcomeReview, PersonalOutcome, WellbeingScore
from demo.bulk import bulk_insert, new
from demo.pathway.journey import Journey
from demo.pathway.words import OUTCOME_STATEMENTS

if TYPE_CHECKING:
    from demo.pathway.paths import Seeder


class OutcomesSeeded(NamedTuple):
    outcome_ids: dict[int, list[int]]  # each episode's personal outcomes, for its support plans
    outcomes: int
    reviews: int
    scores: int


def seed_outcomes(seeder: Seeder, journeys: list[Journey]) -> OutcomesSeeded:
    """Personal outcomes (reviewed a month or two apart until met) for people with a support
    plan and many others, and ONS4 (or SWEMWBS, where licensed) scores for some of them."""
    rng, today = seeder.rng, seeder.today
    licensed = seeder.ctx.partnership.holds_swemwbs_licence
    outcomes, reviews_for, scores = [], [], []
    for journey in journeys:
        episode = journey.episode
        has_plan = bool(journey.support_plans)
        if episode.first_conversation_on is None or not (has_plan or rng.random() < 0.45):
            continue
        end = min(episode.closed_on or today, today)
        for statement in rng.sample(OUTCOME_STATEMENTS, k=rng.randint(1, 2)):
            outcome = new(
                PersonalOutcome,
                episode=episode,
                conversation_id=journey.first_conversation_id,
                statement=statement,
                created_on=episode.first_conversation_on,
                created_by=seeder.practitioner,
            )
            outcomes.append(outcome)
            status_steps = ["not_met", "partly_met", "met"]
            level, day = rng.randint(0, 1), episode.first_conversation_on
            for _ in range(rng.randint(1, 5)):  # a few reviews, a month or two apart
                day = seeder.later(day, 25, 70)
                if day > end:
                    break
                level = min(2, max(0, level + rng.choice([0, 1, 1, -1])))
                reviews_for.append((outcome, day, status_steps[level]))
                if level == 2 and rng.random() < 0.6:
                    break  # met: no need to keep reviewing
        if rng.random() < 0.4:
            measure = WellbeingScore.Measure.SWEMWBS if licensed and rng.random() < 0.5 else "ons4"
            first = _wellbeing(seeder, episode, measure, episode.first_conversation_on, 0)
            scores.append(first)
            later = seeder.later(episode.first_conversation_on, 60, 150)
            if later <= end:
                scores.append(_wellbeing(seeder, episode, measure, later, rng.randint(0, 3)))
    bulk_insert(PersonalOutcome, outcomes)
    bulk_insert(
        OutcomeReview,
        (
            new(
                OutcomeReview,
                outcome=outcome,
                reviewed_on=day,
                status=status,
                reviewed_by=seeder.practitioner,
            )
            for outcome, day, status in reviews_for
        ),
    )
    bulk_insert(WellbeingScore, scores)
    outcome_ids: dict[int, list[int]] = defaultdict(list)
    for outcome in outcomes:
        outcome_ids[outcome.episode_id].append(outcome.pk)
    return OutcomesSeeded(outcome_ids, len(outcomes), len(reviews_for), len(scores))


def _wellbeing(
    seeder: Seeder, episode: Episode, measure: str, day: datetime.date, better: int
) -> WellbeingScore:
    rng = seeder.rng
    if measure == WellbeingScore.Measure.ONS4:
        return new(
            WellbeingScore,
            episode=episode,
            measure=measure,
            recorded_on=day,
            recorded_by=seeder.practitioner,
            life_satisfaction=min(10, rng.randint(3, 6) + better),
            worthwhile=min(10, rng.randint(4, 7) + better),
            happiness=min(10, rng.randint(3, 6) + better),
            anxiety=max(0, rng.randint(4, 8) - better),  # lower is better
        )
    return new(
        WellbeingScore,
        episode=episode,
        measure=measure,
        recorded_on=day,
        recorded_by=seeder.practitioner,
        **{item: min(5, rng.randint(1, 4) + (better > 1)) for item in WellbeingScore.SWEMWBS_ITEMS},
    )
