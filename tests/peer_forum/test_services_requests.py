"""Preparing, changing and submitting funding requests; setting up forums and meetings."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Conversation, SupportPlan
from peer_forum.models import FundingRequest, PeerForum
from peer_forum.services.forums import forum_create, meeting_create, meeting_record_attendance
from peer_forum.services.requests import (
    funding_request_create,
    funding_request_schedule,
    funding_request_submit,
    funding_request_update,
    support_plan_draft,
)
from tests.factories import CommunitySolutionFactory, ConversationFactory, EpisodeFactory
from tests.peer_forum.factories import ForumMeetingFactory, PeerForumFactory


def long_term() -> dict:
    """A long-term request starting today, reviewed in twelve weeks."""
    today = timezone.localdate()
    return {
        "outcomes_sought": "To stay at home.",
        "counterfactual_service": "home_care",
        "counterfactual_weekly_cost": Decimal("450.00"),
        "proposed_weekly_cost": Decimal("120.00"),
        "intervention_type": "long_term",
        "sds_option": 3,
        "start_on": today,
        "review_on": today + datetime.timedelta(weeks=12),
    }


def create(setup, **overrides):
    return funding_request_create(
        actor=setup.practitioner, episode=setup.episode, **(long_term() | overrides)
    )


def test_a_draft_is_created_audited_and_belongs_to_its_presenter(setup):
    draft = create(setup)
    assert (draft.status, draft.presenter, draft.forum) == ("draft", setup.practitioner, None)
    entry = AuditEntry.objects.get(model="peer_forum.fundingrequest", action="create")
    assert entry.person_id == setup.episode.person_id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"counterfactual_weekly_cost": Decimal("-0.01")},
            "counterfactual_weekly_cost",
            "greater than or equal to 0",
        ),
        ({"proposed_weekly_cost": None}, "proposed_weekly_cost", "Enter the weekly amount"),
        ({"proposed_weekly_cost": Decimal("12.345")}, "proposed_weekly_cost", "2 decimal places"),
        ({"intervention_type": "short_term"}, "short_term_weeks", "from 1 to 6"),
        (
            {"intervention_type": "short_term", "short_term_weeks": 7},
            "short_term_weeks",
            "less than or equal to 6",
        ),
        (
            {"intervention_type": "one_off"},
            "counterfactual_one_off_cost",
            "Enter the amount in pounds",
        ),
        ({"review_on": None}, "review_on", "when the support will be reviewed"),
        # The day before the start (today): known only when the test runs.
        (
            {"review_on": lambda today: today - datetime.timedelta(days=1)},
            "review_on",
            "on or after the start",
        ),
    ],
)
def test_the_service_refuses_bad_money_and_dates_and_saves_nothing(
    setup, today, overrides, field, message
):
    overrides = {
        key: value(today) if callable(value) else value for key, value in overrides.items()
    }
    with pytest.raises(ValidationError) as caught:
        create(setup, **overrides)
    assert message in " ".join(caught.value.message_dict[field])
    assert not FundingRequest.objects.exists()


def test_money_is_never_a_float(setup):
    # Decimal(0.1) is 0.1000000000000000055…, which is not pounds and pence: refused.
    with pytest.raises(ValidationError):
        create(setup, proposed_weekly_cost=0.1)
    # An exact float is refused too: money is a Decimal or its text.
    with pytest.raises(ValidationError, match="never floats"):
        create(setup, proposed_weekly_cost=120.5)


def test_a_one_off_keeps_only_its_one_off_amounts(setup):
    one_off = create(
        setup,
        intervention_type="one_off",
        counterfactual_one_off_cost=Decimal("1100.00"),
        proposed_one_off_cost=Decimal("385.00"),
        short_term_weeks=3,
        review_on=None,
    )
    assert one_off.counterfactual_weekly_cost is None and one_off.proposed_weekly_cost is None
    assert one_off.short_term_weeks is None
    assert one_off.requested_amount == Decimal("385.00")


def test_a_request_for_a_closed_episode_is_refused(setup, today):
    setup.episode.state = "closed"
    setup.episode.closed_on = today
    setup.episode.save()
    with pytest.raises(ValidationError, match="This episode is closed"):
        create(setup)


def test_supports_must_come_from_the_partnerships_own_directory(setup, world):
    theirs = CommunitySolutionFactory(partnership=world.outsider_partnership)
    with pytest.raises(ValidationError, match="your own directory"):
        create(setup, proposed_solutions=[theirs])
    assert not FundingRequest.objects.exists()


def test_the_draft_from_a_support_plan_carries_its_outcomes_and_supports(setup, today):
    from conversations.models import PersonalOutcome

    solution = CommunitySolutionFactory(partnership=setup.episode.partnership)
    conversation = ConversationFactory(episode=setup.episode, kind=Conversation.Kind.GOOD_LIFE)
    plan = SupportPlan.objects.create(
        episode=setup.episode, conversation=conversation, summary="Lunch club.", paid_support="None"
    )
    later = PersonalOutcome.objects.create(
        episode=setup.episode, statement="Get back to the allotment", created_on=today
    )
    first = PersonalOutcome.objects.create(
        episode=setup.episode,
        statement="Not to be lonely",
        created_on=today - datetime.timedelta(days=7),
    )
    plan.outcomes.set([later, first])
    plan.community_solutions.set([solution])
    draft = support_plan_draft(plan)
    # Each field from its own source: the outcomes (not the summary) are the outcomes sought.
    assert draft == {
        "outcomes_sought": "Not to be lonely\nGet back to the allotment",
        "proposed_solutions": [solution],
        "proposed_paid_support": "None",
    }
    assert support_plan_draft(None) == {}
    other_plan_episode = EpisodeFactory(person__locality=setup.episode.locality)
    with pytest.raises(ValidationError, match="another episode"):
        funding_request_create(
            actor=setup.practitioner, episode=other_plan_episode, support_plan=plan, **long_term()
        )


def test_only_drafts_and_deferred_requests_can_be_changed(setup, waiting_request):
    draft = create(setup)
    changed = funding_request_update(
        actor=setup.practitioner, request=draft, proposed_weekly_cost=Decimal("99.00")
    )
    assert changed.proposed_weekly_cost == Decimal("99.00")
    assert AuditEntry.objects.filter(model="peer_forum.fundingrequest", action="update").exists()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        funding_request_update(
            actor=setup.practitioner, request=waiting_request, proposed_weekly_cost=Decimal("1")
        )


def test_submitting_sends_a_draft_to_its_localitys_forum(setup, world, today):
    draft = create(setup)
    south = PeerForumFactory(locality=world.other_locality)
    with pytest.raises(ValidationError, match="forum of the locality this episode belongs to"):
        funding_request_submit(actor=setup.practitioner, request=draft, forum=south)
    past = ForumMeetingFactory(forum=setup.forum, held_on=today - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="already happened"):
        funding_request_submit(
            actor=setup.practitioner, request=draft, forum=setup.forum, meeting=past
        )
    submitted = funding_request_submit(
        actor=setup.practitioner, request=draft, forum=setup.forum, meeting=setup.meeting
    )
    assert (submitted.status, submitted.submitted_on, submitted.meeting) == (
        "submitted",
        today,
        setup.meeting,
    )
    with pytest.raises(ValidationError, match="already been submitted"):
        funding_request_submit(actor=setup.practitioner, request=draft, forum=setup.forum)


def test_a_waiting_request_moves_between_its_forums_meetings_only(setup, waiting_request, today):
    elsewhere = ForumMeetingFactory(held_on=today)
    with pytest.raises(ValidationError, match="Choose a meeting of North peer forum"):
        funding_request_schedule(actor=setup.manager, request=waiting_request, meeting=elsewhere)
    funding_request_schedule(actor=setup.manager, request=waiting_request, meeting=None)
    waiting_request.refresh_from_db()
    assert waiting_request.meeting is None


def test_a_forum_needs_members_of_its_locality_and_a_reachable_quorum(world, make_user):
    manager = make_user(Role.FORUM_MANAGER)
    navigator = make_user(Role.HUB_WORKER)
    elsewhere = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    lead = make_user(Role.HSCP_LEAD)
    money = {"delegated_weekly_limit": Decimal("500"), "delegated_one_off_limit": Decimal("1000")}
    for members in ([manager, elsewhere], [manager, lead]):
        with pytest.raises(ValidationError, match="case workers who work in North"):
            forum_create(
                actor=manager, locality=world.locality, name="X", quorum=1, members=members, **money
            )
    with pytest.raises(ValidationError, match="quorum"):
        forum_create(
            actor=manager, locality=world.locality, name="X", quorum=3, members=[manager], **money
        )
    forum = forum_create(
        actor=manager,
        locality=world.locality,
        name="North forum",
        quorum=2,
        members=[manager, navigator],
        **money,
    )
    assert forum.partnership == world.partnership
    with pytest.raises(ValidationError, match="already a forum with that name"):
        forum_create(
            actor=manager,
            locality=world.locality,
            name="North forum",
            quorum=1,
            members=[manager],
            **money,
        )
    assert PeerForum.objects.count() == 1


def test_only_members_are_recorded_as_present_and_inactive_forums_do_not_meet(
    setup, make_user, today
):
    with pytest.raises(ValidationError, match="Only members"):
        meeting_record_attendance(
            actor=setup.manager, meeting=setup.meeting, attendees=[make_user(Role.PRACTITIONER)]
        )
    meeting_record_attendance(
        actor=setup.manager, meeting=setup.meeting, attendees=[setup.second_manager]
    )
    assert list(setup.meeting.attendees.all()) == [setup.second_manager]
    entry = AuditEntry.objects.get(model="peer_forum.forummeeting", action="update")
    assert entry.changes["attendees"] == [
        sorted([setup.manager.pk, setup.practitioner.pk]),
        [setup.second_manager.pk],
    ]
    setup.forum.is_active = False
    setup.forum.save()
    with pytest.raises(ValidationError, match="no longer active"):
        meeting_create(actor=setup.manager, forum=setup.forum, held_on=today)
