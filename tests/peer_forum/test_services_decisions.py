"""Deciding at a forum meeting: outcomes, the delegated limit, quorum, and one decision only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cls_portal.audit.models import AuditEntry
from conversations.models import Episode
from peer_forum.models import Decision, FundingRequest
from peer_forum.services.decisions import AlreadyDecided, allowed_outcomes, forum_request_decide
from tests.peer_forum.factories import ForumMeetingFactory, FundingRequestFactory
from tests.peer_forum.races import race

Outcome = Decision.Outcome
Status = FundingRequest.Status


def decide(setup, request, outcome=Outcome.APPROVE, *, actor=None, meeting=None, **kwargs):
    return forum_request_decide(
        actor=actor or setup.manager,
        request=request,
        meeting=meeting or setup.meeting,
        outcome=outcome,
        rationale=kwargs.pop("rationale", "Keeps her at home with the lunch club."),
        **kwargs,
    )


def test_approving_stores_the_decision_notes_support_in_place_and_is_audited(
    setup, waiting_request, today
):
    decision = decide(setup, waiting_request)
    waiting_request.refresh_from_db()
    assert waiting_request.status == Status.APPROVED
    assert (decision.round, decision.approved_weekly_amount) == (1, Decimal("120.00"))
    assert decision.members_present == 2
    assert decision.decided_on == today
    assert decision.days_to_decision == 7
    # Support is in place from the start date (three days after the decision).
    episode = Episode.objects.get(pk=setup.episode.pk)
    assert episode.support_in_place_on == today + datetime.timedelta(days=3)
    actions = set(AuditEntry.objects.values_list("model", "action"))
    assert ("peer_forum.decision", "create") in actions
    assert ("peer_forum.fundingrequest", "update") in actions
    assert ("conversations.episode", "update") in actions


def test_approving_with_changes_stores_the_amended_weekly_amount(setup, waiting_request):
    decision = decide(
        setup, waiting_request, Outcome.APPROVE_WITH_CHANGES, approved_amount=Decimal("95.50")
    )
    assert decision.approved_weekly_amount == Decimal("95.50")
    assert decision.approved_one_off_amount is None


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (None, "Enter the amount agreed"),
        (95.5, "Enter the amount agreed"),  # a float, even an exact one, is not money
        (Decimal("-5.00"), "cannot be negative"),
        (Decimal("10.555"), "pounds and pence"),
        (Decimal("120.00"), "choose “Approve” instead"),
        (Decimal("600.01"), "above this forum's delegated limit of £600.00 a week"),
    ],
)
def test_an_amended_amount_must_be_money_within_the_limit(setup, waiting_request, amount, message):
    with pytest.raises(ValidationError) as caught:
        decide(setup, waiting_request, Outcome.APPROVE_WITH_CHANGES, approved_amount=amount)
    assert message in str(caught.value.message_dict["approved_amount"])
    assert not Decision.objects.exists()
    waiting_request.refresh_from_db()
    assert waiting_request.status == Status.SUBMITTED


def test_deferring_puts_the_request_on_the_next_meeting_and_it_can_be_decided_there(
    setup, waiting_request, today
):
    last_week = ForumMeetingFactory(
        forum=setup.forum,
        held_on=today - datetime.timedelta(days=5),
        attendees=[setup.manager, setup.second_manager],
    )
    decide(
        setup,
        waiting_request,
        Outcome.DEFER,
        meeting=last_week,
        rationale="Ask the carers' centre first.",
    )
    waiting_request.refresh_from_db()
    # On the forum's next meeting after the deferral: today's.
    assert (waiting_request.status, waiting_request.meeting) == (Status.DEFERRED, setup.meeting)
    assert Episode.objects.get(pk=setup.episode.pk).support_in_place_on is None
    # One decision per meeting: not decided again where it was deferred.
    with pytest.raises(AlreadyDecided, match="already deferred at this meeting"):
        decide(setup, waiting_request, Outcome.DECLINE, meeting=last_week)
    decision = decide(setup, waiting_request, Outcome.DECLINE, rationale="Carers' centre can help.")
    assert decision.round == 2
    assert list(waiting_request.decisions.values_list("outcome", flat=True).order_by("round")) == [
        "defer",
        "decline",
    ]


def test_a_decision_needs_a_rationale(setup, waiting_request):
    with pytest.raises(ValidationError) as caught:
        decide(setup, waiting_request, Outcome.DECLINE, rationale="   ")
    assert "Say why" in str(caught.value.message_dict["rationale"])


def test_above_the_delegated_limit_the_only_decision_is_escalate(setup, world, today):
    big = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        submitted_on=today,
        counterfactual_service="residential_care",
        counterfactual_weekly_cost=Decimal("1150.00"),
        proposed_weekly_cost=Decimal("600.01"),
    )
    assert allowed_outcomes(big) == [Outcome.ESCALATE]
    for outcome in (Outcome.APPROVE, Outcome.APPROVE_WITH_CHANGES, Outcome.DEFER, Outcome.DECLINE):
        with pytest.raises(ValidationError) as caught:
            decide(setup, big, outcome, approved_amount=Decimal("100.00"))
        assert "£600.01 a week is above this forum's delegated limit of £600.00 a week" in str(
            caught.value
        )
    assert not Decision.objects.exists()
    decision = decide(setup, big, Outcome.ESCALATE, rationale="Above our limit.")
    big.refresh_from_db()
    assert big.status == Status.ESCALATED
    # The escalation carries the amount put to the senior decision.
    assert decision.approved_weekly_amount == Decimal("600.01")


def test_at_the_limit_the_forum_decides_and_may_not_escalate(setup, today):
    at_limit = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        submitted_on=today,
        proposed_weekly_cost=Decimal("600.00"),
    )
    with pytest.raises(ValidationError, match="Only a request above"):
        decide(setup, at_limit, Outcome.ESCALATE)
    assert decide(setup, at_limit).approved_weekly_amount == Decimal("600.00")


def test_one_off_requests_are_held_to_the_one_off_limit(setup, today):
    # £2,500 once is above the £2,000 one-off limit even though it is not a weekly amount.
    one_off = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        submitted_on=today,
        one_off=True,
        counterfactual_one_off_cost=Decimal("3000.00"),
        proposed_one_off_cost=Decimal("2500.00"),
    )
    with pytest.raises(ValidationError, match=r"£2,500\.00 once is above"):
        decide(setup, one_off)
    small = FundingRequestFactory(
        episode=setup.episode, forum=setup.forum, submitted_on=today, one_off=True
    )
    decision = decide(setup, small)
    assert (decision.approved_one_off_amount, decision.approved_weekly_amount) == (
        Decimal("400.00"),
        None,
    )


def test_a_decision_without_quorum_is_refused_and_nothing_changes(setup, waiting_request):
    setup.meeting.attendees.set([setup.manager])  # quorum is 2
    with pytest.raises(ValidationError) as caught:
        decide(setup, waiting_request)
    assert "No quorum: 1 member recorded as present" in str(caught.value)
    assert "needs 2 to decide" in str(caught.value)
    assert not Decision.objects.exists()
    waiting_request.refresh_from_db()
    assert waiting_request.status == Status.SUBMITTED


def test_decisions_are_made_on_the_day_of_a_meeting_of_the_requests_forum(
    setup, waiting_request, today
):
    tomorrow = ForumMeetingFactory(
        forum=setup.forum,
        held_on=today + datetime.timedelta(days=1),
        attendees=[setup.manager, setup.second_manager],
    )
    with pytest.raises(ValidationError, match="decide it on the day"):
        decide(setup, waiting_request, meeting=tomorrow)
    elsewhere = ForumMeetingFactory(attendees=[setup.manager, setup.second_manager])
    with pytest.raises(ValidationError, match="Choose a meeting of North peer forum"):
        decide(setup, waiting_request, meeting=elsewhere)
    before_submission = ForumMeetingFactory(
        forum=setup.forum,
        held_on=today - datetime.timedelta(days=8),
        attendees=[setup.manager, setup.second_manager],
    )
    with pytest.raises(ValidationError, match="before the request was submitted"):
        decide(setup, waiting_request, meeting=before_submission)


def test_only_members_of_the_forum_decide_its_requests(setup, waiting_request, make_user):
    outsider_manager = make_user("forum_manager")
    with pytest.raises(PermissionDenied):
        decide(setup, waiting_request, actor=outsider_manager)


def test_a_second_decision_is_told_already_decided_and_nothing_more_is_stored(
    setup, waiting_request
):
    decide(setup, waiting_request)
    with pytest.raises(AlreadyDecided, match="already been decided: approved at the meeting on"):
        decide(setup, waiting_request, Outcome.DECLINE, actor=setup.second_manager)
    assert Decision.objects.count() == 1


def test_a_draft_cannot_be_decided(setup):
    draft = FundingRequestFactory(episode=setup.episode, draft=True)
    with pytest.raises(AlreadyDecided, match="not waiting for a decision"):
        decide(setup, draft)


def test_the_database_refuses_a_second_final_decision_for_a_request(setup, waiting_request, today):
    common = {
        "request": waiting_request,
        "meeting": setup.meeting,
        "rationale": "x",
        "members_present": 2,
        "decided_on": today,
        "days_to_decision": 0,
    }
    Decision.objects.create(round=1, outcome="decline", **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(round=2, outcome="escalate", **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(round=1, outcome="defer", **common)


def test_the_database_refuses_negative_money_and_an_approval_without_an_amount(
    setup, waiting_request, today
):
    common = {
        "request": waiting_request,
        "meeting": setup.meeting,
        "round": 1,
        "rationale": "x",
        "members_present": 2,
        "decided_on": today,
        "days_to_decision": 0,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(outcome="approve", approved_weekly_amount=Decimal("-1"), **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(outcome="approve", **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingRequest.objects.filter(pk=waiting_request.pk).update(
            proposed_weekly_cost=Decimal("-0.01")
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep reference data
def test_two_managers_deciding_at_once_on_postgresql_one_wins_one_is_told(setup, waiting_request):
    """Two real transactions on two connections: the first decides and holds its transaction
    open until the second is seen waiting on its lock (the request row's FOR UPDATE, or failing
    that the unique index on the decision round); the second must answer "already decided"."""
    results = race(
        lambda: decide(setup, waiting_request, Outcome.APPROVE),
        lambda: decide(setup, waiting_request, Outcome.DECLINE, actor=setup.second_manager),
    )
    assert isinstance(results["first"], Decision), results
    assert isinstance(results["second"], AlreadyDecided)
    assert "already been decided" in str(results["second"])
    assert Decision.objects.filter(request=waiting_request).count() == 1
    assert FundingRequest.objects.get(pk=waiting_request.pk).status == Status.APPROVED
