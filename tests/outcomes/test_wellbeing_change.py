"""Wellbeing change (DESIGN §4): first to latest score, by person and by locality, on
hand-worked examples.

April 2026. North: Ann ONS4 life satisfaction 4 (1 March) → 6 (10 April): +2; anxiety 7 → 3:
−4 (better). Bob 5 → 5 (no change) with a middle score of 9 that does not count; anxiety 2 → 5
(worse). Cy 8 → 5: −3. Dee 3 → 7: +4. Eve 6 → 8: +2. South: Fay 5 → 6 (+1). Gus has one score
only (no change). An outsider in another partnership never counts.

North, life satisfaction: 5 people, changes +2, 0, −3, +4, +2 = +5, mean +1.0, improved 3 of 5 =
60.0%. Anxiety (lower is better): Ann −4, Bob +3, Cy/Dee/Eve 0 (scored 5 → 5): improved 1 of 5 =
20.0%. South: 1 person (shown "<5", its mean and share withheld). The whole partnership: 6 people,
+6, mean +1.0, improved 4 of 6 = 66.7% (withheld: 4 is a small count); with South hidden, North is hidden too (the whole less
North would give South away).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cls_portal.permissions import Role
from outcomes.periods import Month, Scope
from outcomes.presentation import figure_rows
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.selectors.figures.wellbeing import wellbeing_change
from tests.conversations.factories import WellbeingScoreFactory
from tests.factories import EpisodeFactory, PersonFactory

D = datetime.date
APRIL = Month(2026, 4)
LIFE = "wellbeing.ons4_life_satisfaction"


@pytest.fixture
def scores(world):
    def person(locality, *series):
        episode = EpisodeFactory(person=PersonFactory(locality=locality))
        for day, life, anxiety in series:
            WellbeingScoreFactory(
                episode=episode, recorded_on=day, life_satisfaction=life, anxiety=anxiety
            )
        return episode.person

    north, south = world.locality, world.other_locality
    ann = person(north, (D(2026, 3, 1), 4, 7), (D(2026, 4, 10), 6, 3))
    person(north, (D(2026, 1, 5), 5, 2), (D(2026, 2, 5), 9, 2), (D(2026, 4, 2), 5, 5))
    person(north, (D(2026, 2, 1), 8, 5), (D(2026, 4, 20), 5, 5))
    person(north, (D(2026, 3, 3), 3, 5), (D(2026, 4, 21), 7, 5))
    person(north, (D(2026, 3, 4), 6, 5), (D(2026, 4, 22), 8, 5))
    person(south, (D(2026, 3, 9), 5, 5), (D(2026, 4, 9), 6, 5))
    person(south, (D(2026, 4, 9), 5, 5))  # one score only
    person(world.outsider_locality, (D(2026, 3, 1), 1, 9), (D(2026, 4, 1), 9, 1))
    # A later score in May does not change April's figure.
    WellbeingScoreFactory(
        episode=ann.episodes.get(), recorded_on=D(2026, 5, 2), life_satisfaction=1
    )
    return ann


def test_the_change_is_first_to_latest_by_locality_on_hand_worked_figures(world, scores):
    lines = wellbeing_change(
        month=APRIL, scope=Scope(partnership_id=world.partnership.pk), swemwbs=False
    )
    whole, north, south = lines[LIFE]
    assert (whole.change.people, whole.change.total_change, whole.change.improved) == (6, 6, 4)
    assert whole.change.mean_change == Decimal("1.0")
    assert whole.change.improved_share.percent == Decimal("66.7")
    assert (north.locality, north.change.people, north.change.total_change) == ("North", 5, 5)
    assert north.change.improved_share.percent == Decimal("60.0")
    assert (south.locality, south.change.people, south.change.total_change) == ("South", 1, 1)
    anxiety = {line.locality: line.change for line in lines["wellbeing.ons4_anxiety"]}
    assert (anxiety["North"].total_change, anxiety["North"].improved) == (-1, 1)
    assert "wellbeing.swemwbs_raw" not in lines  # SWEMWBS only where licensed


def test_no_one_counts_in_a_month_without_a_latest_score(world, scores):
    lines = wellbeing_change(
        month=Month(2026, 2), scope=Scope(partnership_id=world.partnership.pk), swemwbs=False
    )
    # Bob's second score (5 Feb) is his latest up to February's end: 5 → 9, +4.
    assert (lines[LIFE][0].change.people, lines[LIFE][0].change.total_change) == (1, 4)


def test_outcome_three_shows_the_change_suppressed_like_every_count(world, scores):
    figures = outcome_figures(month=APRIL, scope=Scope(partnership_id=world.partnership.pk))
    rows = {(row.code, row.breakdown): row.shown.text for row in figure_rows(figures)}
    assert rows[(f"{LIFE}.people", "")] == "6"
    assert rows[(f"{LIFE}.mean_change", "")] == "+1.0"
    # 4 of 6 improved: 4 is a small count, so the share is withheld (it would give 4 away).
    assert rows[(f"{LIFE}.improved_percent", "")] == "withheld"
    assert rows[(f"{LIFE}.people", "locality: South")] == "<5"
    assert rows[(f"{LIFE}.mean_change", "locality: South")] == "withheld"
    # North's 5 is shown nowhere: 6 − 5 would give South's 1.
    assert rows[(f"{LIFE}.people", "locality: North")] == "withheld"
    assert rows[(f"{LIFE}.improved_percent", "locality: North")] == "withheld"


def test_swemwbs_change_is_its_raw_total_where_licensed(world, settings):
    settings.SWEMWBS_LICENSED_PARTNERSHIPS = [world.partnership.slug]
    items = {f"swemwbs_{n}": 2 for n in range(1, 8)}
    for _ in range(5):
        episode = EpisodeFactory(person=PersonFactory(locality=world.locality))
        for day, value in ((D(2026, 3, 1), 2), (D(2026, 4, 1), 3)):
            WellbeingScoreFactory(
                episode=episode, recorded_on=day, measure="swemwbs",
                life_satisfaction=None, worthwhile=None, happiness=None, anxiety=None,
                **(items | {"swemwbs_1": value}),
            )  # fmt: skip
    figures = outcome_figures(month=APRIL, scope=Scope(partnership_id=world.partnership.pk))
    rows = {(row.code, row.breakdown): row.shown.text for row in figure_rows(figures)}
    # Raw total 14 → 15 for each of 5 people: mean +1.0, all improved.
    assert rows[("wellbeing.swemwbs_raw.mean_change", "")] == "+1.0"
    assert rows[("wellbeing.swemwbs_raw.improved_percent", "")] == "100.0%"


def test_the_person_page_shows_their_change_from_first_to_latest(users, login, scores):
    page = login(users[Role.PRACTITIONER]).get(
        reverse("conversations:person_detail", args=[scores.pk])
    )
    text = page.content.decode()
    assert "Wellbeing change" in text
    # Ann: life satisfaction 4 (1 Mar) → 1 (2 May, her latest): −3, worse; anxiety 7 → 4
    # (the factory's default on 2 May): −3, better.
    assert "ONS4 life satisfaction (0–10)" in text
    assert "−3 (worse)" in text
    assert "−3 (better)" in text


def test_a_lead_never_sees_a_persons_wellbeing_page(users, login, scores):
    response = login(users[Role.HSCP_LEAD]).get(
        reverse("conversations:person_detail", args=[scores.pk])
    )
    assert response.status_code in (403, 404)
