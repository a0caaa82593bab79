from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cls_portal.audit.models import AuditEntry
from conversations.models import Conversation, CrisisPlan, Episode, PersonalOutcome, SupportPlan
from conversations.services.crisis import crisis_conversation_record, crisis_plan_update
from conversations.services.plans import support_plan_conversation_record
from tests.conversations.factories import CrisisPlanFactory, PersonalOutcomeFactory
from tests.factories import CommunitySolutionFactory, EpisodeFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def conversation(today) -> dict:
    return {"held_on": today, "place": "home", "what_matters": "Keeping my husband at home"}


@pytest.fixture
def episode(world, today):
    return EpisodeFactory(
        person__locality=world.locality,
        state=Episode.State.CONVERSATION_1,
        first_contact_on=today - 10 * DAY,
    )


@pytest.mark.parametrize(
    ("plan", "rag", "review_in_days", "field", "message"),
    [
        ("", "red", 0, "plan", "Write down the emergency plan"),
        ("Calls", "purple", 0, "rag", "Choose red, amber or green"),
        ("Calls", "red", None, "review_by", "Choose the date"),
        ("Calls", "red", -1, "review_by", "cannot be in the past"),
    ],
)
def test_a_crisis_plan_needs_a_plan_a_status_and_a_review_date_not_in_the_past(
    make_user, episode, conversation, today, plan, rag, review_in_days, field, message
):
    review_by = None if review_in_days is None else today + review_in_days * DAY
    with pytest.raises(ValidationError) as caught:
        crisis_conversation_record(
            actor=make_user(),
            episode=episode,
            plan=plan,
            rag=rag,
            review_by=review_by,
            **conversation,
        )
    assert message in caught.value.message_dict[field][0]
    episode.refresh_from_db()
    assert episode.state == Episode.State.CONVERSATION_1
    assert not Conversation.objects.exists() and not CrisisPlan.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_crisis_conversation_moves_the_episode_and_records_its_plan(
    make_user, episode, conversation, today
):
    plan = crisis_conversation_record(
        actor=make_user(),
        episode=episode,
        plan="Daily calls",
        rag="red",
        review_by=today + 3 * DAY,
        new_outcomes="Feel safe at home",
        **conversation,
    )
    episode.refresh_from_db()
    assert episode.state == Episode.State.CONVERSATION_2
    assert (plan.rag, plan.review_by, plan.ended_on) == ("red", today + 3 * DAY, None)
    assert plan.conversation.kind == Conversation.Kind.CRISIS
    assert list(PersonalOutcome.objects.values_list("statement", "conversation")) == [
        ("Feel safe at home", plan.conversation_id)
    ]


def test_a_later_contact_updates_the_status_and_review_date_and_is_audited(make_user, world, today):
    plan = CrisisPlanFactory(
        conversation__episode__person__locality=world.locality, rag="red", review_by=today
    )
    actor = make_user()
    crisis_plan_update(actor=actor, crisis_plan=plan, rag="amber", review_by=today + 7 * DAY)
    plan.refresh_from_db()
    assert (plan.rag, plan.review_by) == ("amber", today + 7 * DAY)
    entry = AuditEntry.objects.get(action="update", model="conversations.crisisplan")
    assert entry.changes["rag"] == ["red", "amber"]


def test_an_ended_plan_or_a_past_review_date_is_refused_and_nothing_changes(
    make_user, world, today
):
    plan = CrisisPlanFactory(conversation__episode__person__locality=world.locality, rag="red")
    with pytest.raises(ValidationError, match="in the past"):
        crisis_plan_update(actor=make_user(), crisis_plan=plan, rag="green", review_by=today - DAY)
    plan.ended_on = today
    plan.save()
    with pytest.raises(ValidationError, match="has ended"):
        crisis_plan_update(actor=make_user(), crisis_plan=plan, rag="green", review_by=today)
    plan.refresh_from_db()
    assert plan.rag == "red"


def test_a_support_plan_is_built_on_the_persons_outcomes_and_local_solutions(
    make_user, episode, world, conversation
):
    earlier = PersonalOutcomeFactory(episode=episode, statement="Get back to my allotment")
    solution = CommunitySolutionFactory(partnership=world.partnership)
    plan = support_plan_conversation_record(
        actor=make_user(),
        episode=episode,
        summary="Allotment buddy twice a week",
        outcomes=[earlier],
        new_outcomes="Not to be lonely\n\n",
        community_solutions=[solution],
        paid_support="Four hours of personal care a week",
        **conversation,
    )
    episode.refresh_from_db()
    assert episode.state == Episode.State.CONVERSATION_3
    assert sorted(plan.outcomes.values_list("statement", flat=True)) == [
        "Get back to my allotment",
        "Not to be lonely",
    ]
    assert list(plan.community_solutions.all()) == [solution]
    audit = AuditEntry.objects.get(model="conversations.supportplan")
    assert audit.changes["community_solutions"] == [None, [solution.pk]]


def test_a_support_plan_without_outcomes_or_with_anothers_is_refused(
    make_user, episode, world, conversation
):
    theirs = PersonalOutcomeFactory(episode__person__locality=world.locality)
    outsider_solution = CommunitySolutionFactory(partnership=world.outsider_partnership)
    for kwargs in (
        {"outcomes": []},
        {"outcomes": [theirs]},
        {"new_outcomes": "x", "community_solutions": [outsider_solution]},
    ):
        with pytest.raises(ValidationError):
            support_plan_conversation_record(
                actor=make_user(), episode=episode, summary="Plan", **kwargs, **conversation
            )
    assert not SupportPlan.objects.exists() and not Conversation.objects.exists()
    episode.refresh_from_db()
    assert episode.state == Episode.State.CONVERSATION_1


def test_a_support_plan_cannot_start_from_waiting(make_user, world, conversation):
    episode = EpisodeFactory(person__locality=world.locality, state=Episode.State.WAITING)
    with pytest.raises(ValidationError, match="cannot move"):
        support_plan_conversation_record(
            actor=make_user(), episode=episode, summary="Plan", new_outcomes="x", **conversation
        )
    assert not PersonalOutcome.objects.exists()
