"""Decisions on what the decider saw: a form loaded before another decision is refused, and
exactly one decision per request per meeting, also under real concurrent transactions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from peer_forum.models import Decision, FundingRequest
from peer_forum.services.decisions import (
    AlreadyDecided,
    StaleDecision,
    allowed_outcomes,
    forum_request_decide,
    request_decision_state,
)
from tests.peer_forum.factories import ForumMeetingFactory
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


def test_the_decision_state_counts_decisions_and_names_the_last(setup, waiting_request, today):
    assert request_decision_state(waiting_request) == "0:0"
    earlier = ForumMeetingFactory(
        forum=setup.forum,
        held_on=today - datetime.timedelta(days=2),
        attendees=[setup.manager, setup.practitioner],
    )
    deferral = decide(setup, waiting_request, Outcome.DEFER, meeting=earlier)
    assert request_decision_state(waiting_request) == f"1:{deferral.pk}"


def test_a_form_loaded_before_a_deferral_is_refused_naming_who_deferred_and_when(
    setup, waiting_request, today
):
    seen = request_decision_state(waiting_request)
    earlier = ForumMeetingFactory(
        forum=setup.forum,
        held_on=today - datetime.timedelta(days=2),
        attendees=[setup.manager, setup.practitioner],
    )
    deferral = decide(setup, waiting_request, Outcome.DEFER, meeting=earlier, seen=seen)
    # Another manager's form, loaded before the deferral, approves at today's meeting.
    with pytest.raises(StaleDecision) as caught:
        decide(setup, waiting_request, actor=setup.second_manager, seen=seen)
    at = timezone.localtime(deferral.recorded_at)
    assert caught.value.messages == [
        f"This request was deferred by {setup.manager} at {at:%H:%M} — here is the request as "
        "it is now."
    ]
    assert Decision.objects.filter(request=waiting_request).count() == 1
    waiting_request.refresh_from_db()
    assert waiting_request.status == Status.DEFERRED
    # Reloaded, the same decision goes through.
    decision = decide(setup, waiting_request, actor=setup.second_manager, seen=f"1:{deferral.pk}")
    assert decision.round == 2


def test_a_form_loaded_before_an_approval_is_refused_as_stale(setup, waiting_request):
    seen = request_decision_state(waiting_request)
    decide(setup, waiting_request, seen=seen)
    with pytest.raises(StaleDecision, match=r"^\['This request was approved by "):
        decide(setup, waiting_request, Outcome.DECLINE, actor=setup.second_manager, seen=seen)
    assert Decision.objects.count() == 1
    assert isinstance(StaleDecision("x"), ValidationError)


def test_the_database_refuses_two_decisions_on_a_request_at_one_meeting(
    setup, waiting_request, today
):
    common = {
        "request": waiting_request,
        "meeting": setup.meeting,
        "rationale": "x",
        "members_present": 2,
        "decided_on": today,
        "days_to_decision": 0,
    }
    Decision.objects.create(round=1, outcome="defer", **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(round=2, outcome="defer", **common)


def test_a_changed_amount_above_the_limit_may_be_escalated_carrying_the_amount(
    setup, waiting_request
):
    # £120 asked for, within the £600 limit; changed to £650 it is above it.
    assert Outcome.ESCALATE not in allowed_outcomes(waiting_request)
    assert Outcome.ESCALATE in allowed_outcomes(waiting_request, Decimal("650.00"))
    with pytest.raises(ValidationError, match="escalate it instead"):
        decide(setup, waiting_request, Outcome.APPROVE_WITH_CHANGES, approved_amount=Decimal("650"))
    with pytest.raises(ValidationError, match="or changed to an amount above it, is escalated"):
        decide(setup, waiting_request, Outcome.ESCALATE, approved_amount=Decimal("550.00"))
    with pytest.raises(ValidationError, match="or changed to an amount above it, is escalated"):
        decide(setup, waiting_request, Outcome.ESCALATE)
    decision = decide(setup, waiting_request, Outcome.ESCALATE, approved_amount=Decimal("650.00"))
    assert decision.approved_weekly_amount == Decimal("650.00")
    waiting_request.refresh_from_db()
    assert waiting_request.status == Status.ESCALATED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_deferral_racing_a_decline_from_forms_loaded_before_records_one_decision(
    setup, waiting_request
):
    seen = request_decision_state(waiting_request)
    results = race(
        lambda: decide(setup, waiting_request, Outcome.DEFER, seen=seen),
        lambda: decide(
            setup, waiting_request, Outcome.DECLINE, actor=setup.second_manager, seen=seen
        ),
    )
    assert isinstance(results["first"], Decision), results
    assert isinstance(results["second"], StaleDecision), results
    assert f"was deferred by {setup.manager} at " in str(results["second"])
    decisions = Decision.objects.filter(request=waiting_request)
    assert list(decisions.values_list("outcome", flat=True)) == ["defer"]
    assert FundingRequest.objects.get(pk=waiting_request.pk).status == Status.DEFERRED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_decision_racing_a_deferral_from_forms_loaded_before_records_one_decision(
    setup, waiting_request
):
    seen = request_decision_state(waiting_request)
    results = race(
        lambda: decide(setup, waiting_request, Outcome.APPROVE, seen=seen),
        lambda: decide(
            setup, waiting_request, Outcome.DEFER, actor=setup.second_manager, seen=seen
        ),
    )
    assert isinstance(results["first"], Decision), results
    assert isinstance(results["second"], StaleDecision), results
    assert f"was approved by {setup.manager} at " in str(results["second"])
    assert Decision.objects.filter(request=waiting_request).count() == 1
    assert FundingRequest.objects.get(pk=waiting_request.pk).status == Status.APPROVED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_deferrals_at_one_meeting_without_the_seen_state_record_one(setup, waiting_request):
    """Even a caller that sends no form state cannot record two decisions at one meeting."""
    results = race(
        lambda: decide(setup, waiting_request, Outcome.DEFER),
        lambda: decide(setup, waiting_request, Outcome.DEFER, actor=setup.second_manager),
    )
    assert isinstance(results["first"], Decision), results
    assert isinstance(results["second"], AlreadyDecided), results
    assert Decision.objects.filter(request=waiting_request).count() == 1
