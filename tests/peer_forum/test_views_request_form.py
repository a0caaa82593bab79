"""The funding request form drafted from a support plan: each field from its own source (the
plan's personal outcomes are the outcomes sought, its community solutions the proposal's), the
community supports in the same picker as everywhere else, and errors that say what to do."""

from __future__ import annotations

import datetime

from django.urls import reverse

from conversations.models import Conversation, PersonalOutcome, SupportPlan
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    SolutionCategoryFactory,
)


def _plan(setup, today):
    episode = setup.episode
    meals = SolutionCategoryFactory(slug="meals-test", name="Food and meals")
    lunch = CommunitySolutionFactory(
        partnership=episode.partnership,
        name="Lunch club",
        category=meals,
        town="Dunoon",
        schedule="Tuesdays 12–2",
    )
    CommunitySolutionFactory(partnership=episode.partnership, name="Shore walk")
    plan = SupportPlan.objects.create(
        episode=episode,
        conversation=ConversationFactory(episode=episode, kind=Conversation.Kind.GOOD_LIFE),
        summary="A lunch club twice a week and a befriender.",
        paid_support="Two short home-care visits a week.",
    )
    plan.outcomes.set(
        [
            PersonalOutcome.objects.create(
                episode=episode,
                statement=statement,
                created_on=today - days * datetime.timedelta(1),
            )
            for statement, days in (("Not to be lonely", 20), ("Cook for myself again", 2))
        ]
    )
    plan.community_solutions.set([lunch])
    return plan, lunch


def test_each_field_is_drafted_from_its_own_source(setup, login, today):
    _, lunch = _plan(setup, today)
    url = reverse("peer_forum:request_create") + f"?episode={setup.episode.pk}"
    response = login(setup.practitioner).get(url)
    form = response.context["form"]
    assert form["outcomes_sought"].value() == "Not to be lonely\nCook for myself again"
    assert form["proposed_paid_support"].value() == "Two short home-care visits a week."
    page = response.content.decode()
    # The summary is no outcome: it is shown beside the proposal instead.
    assert "Their support plan says: “A lunch club twice a week and a befriender.”" in page
    # The picker: grouped by category, place and days shown, the plan's solution ticked.
    assert "<legend>Food and meals</legend>" in page and "<legend>Befriending</legend>" in page
    assert "Dunoon · Tuesdays 12–2" in page
    assert f'value="{lunch.pk}" id="id_proposed_solutions_' in page
    assert "Filter the supports" in page and "data-picker-filter" in page
    assert page.count(" checked>") >= 1


def test_a_blank_request_says_what_to_do(setup, login):
    url = reverse("peer_forum:request_create") + f"?episode={setup.episode.pk}"
    page = login(setup.practitioner).post(url, {"intervention_type": "long_term"}).content.decode()
    for words in (
        "Say what the person wants to achieve",
        "Choose the service you would otherwise have arranged",
        "Choose a self-directed support option",
        "Enter the start date",
    ):
        assert words in page, words
    assert "This field is required." not in page
