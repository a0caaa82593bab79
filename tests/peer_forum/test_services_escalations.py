"""Escalations that finish: the senior decision body, who may decide, amounts, once only,
the request's status, and what the lists show."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Episode
from peer_forum.models import Decision, EscalationDecision, FundingRequest
from peer_forum.selectors.escalations import (
    escalation_get,
    escalation_list_decided,
    escalation_list_waiting,
    escalations_waiting_summary,
)
from peer_forum.services.decisions import AlreadyDecided, forum_request_decide
from peer_forum.services.escalations import escalation_decide, escalation_panel_save
from tests.peer_forum.factories import ForumMeetingFactory, FundingRequestFactory
from tests.peer_forum.races import race

Senior = EscalationDecision.Outcome
Status = FundingRequest.Status


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def head_of_service(make_user, world):
    # A forum manager of the other locality: the panel decides for the whole partnership.
    return make_user(Role.FORUM_MANAGER, localities=[world.other_locality])


@pytest.fixture
def panel(admin, head_of_service, world):
    return escalation_panel_save(
        actor=admin,
        partnership=world.partnership,
        name="Head of service",
        members=[head_of_service],
    )


@pytest.fixture
def escalation(setup, today):
    """£700 a week asked for against a £600 limit, escalated three days ago."""
    request = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        submitted_on=today - datetime.timedelta(days=10),
        counterfactual_service="residential_care",
        counterfactual_weekly_cost=Decimal("1100.00"),
        proposed_weekly_cost=Decimal("700.00"),
        start_on=today - datetime.timedelta(days=1),
    )
    meeting = ForumMeetingFactory(
        forum=setup.forum,
        held_on=today - datetime.timedelta(days=3),
        attendees=[setup.manager, setup.practitioner],
    )
    return forum_request_decide(
        actor=setup.manager,
        request=request,
        meeting=meeting,
        outcome=Decision.Outcome.ESCALATE,
        rationale="Above our limit.",
    )


def senior(actor, escalation, outcome=Senior.APPROVE, **kwargs):
    kwargs.setdefault("decided_on", escalation.decided_on + datetime.timedelta(days=2))
    kwargs.setdefault("rationale", "Cheaper than the care home; agreed.")
    return escalation_decide(actor=actor, decision=escalation, outcome=outcome, **kwargs)


def test_the_panel_approves_the_amount_put_and_the_request_is_approved(
    panel, head_of_service, escalation, setup, today
):
    result = senior(head_of_service, escalation)
    assert (result.outcome, result.approved_weekly_amount) == ("approve", Decimal("700.00"))
    assert result.panel == panel
    request = FundingRequest.objects.get(pk=escalation.request_id)
    assert request.status == Status.APPROVED
    # Support in place from the decision (after the start date).
    assert Episode.objects.get(pk=setup.episode.pk).support_in_place_on == result.decided_on
    actions = set(AuditEntry.objects.values_list("model", "action"))
    assert ("peer_forum.escalationdecision", "create") in actions
    assert ("peer_forum.escalationpanel", "create") in actions


def test_approving_with_changes_and_declining(panel, head_of_service, escalation, today):
    with pytest.raises(ValidationError, match="choose “Approve”"):
        senior(
            head_of_service,
            escalation,
            Senior.APPROVE_WITH_CHANGES,
            approved_weekly_amount=Decimal("700.00"),
        )
    for amount, message in [
        (None, "Enter the amount agreed"),
        (650.0, "Enter the amount agreed"),  # a float is not money
        (Decimal("-1.00"), "cannot be negative"),
        (Decimal("1.234"), "pounds and pence"),
    ]:
        with pytest.raises(ValidationError, match=message):
            senior(
                head_of_service,
                escalation,
                Senior.APPROVE_WITH_CHANGES,
                approved_weekly_amount=amount,
            )
    with pytest.raises(ValidationError, match="give the amount a week"):
        senior(head_of_service, escalation, Senior.APPROVE, approved_one_off_amount=Decimal("5"))
    with pytest.raises(ValidationError, match="A decline agrees no amount"):
        senior(head_of_service, escalation, Senior.DECLINE, approved_weekly_amount=Decimal("5"))
    result = senior(
        head_of_service, escalation, Senior.APPROVE_WITH_CHANGES, approved_weekly_amount="640.00"
    )
    assert result.approved_weekly_amount == Decimal("640.00")


def test_a_decline_declines_the_request(panel, head_of_service, escalation):
    senior(head_of_service, escalation, Senior.DECLINE, rationale="A day centre will do.")
    assert FundingRequest.objects.get(pk=escalation.request_id).status == Status.DECLINED


def test_dates_rationale_and_outcome_are_checked(panel, head_of_service, escalation, today):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        senior(head_of_service, escalation, decided_on=today + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="before the forum escalated it"):
        senior(
            head_of_service, escalation, decided_on=escalation.decided_on - datetime.timedelta(1)
        )
    with pytest.raises(ValidationError, match="Say why"):
        senior(head_of_service, escalation, rationale="  ")
    with pytest.raises(ValidationError, match="Choose what was decided"):
        senior(head_of_service, escalation, outcome="defer")
    # A decision on the day of the escalation, and one in the past, are fine.
    assert senior(head_of_service, escalation, decided_on=escalation.decided_on).decided_on == (
        today - datetime.timedelta(days=3)
    )


def test_only_a_member_of_the_partnerships_panel_decides(
    panel, escalation, setup, make_user, admin, world
):
    # The forum's own manager, not on the panel: 403.
    with pytest.raises(PermissionDenied, match="Only members of the Head of service"):
        senior(setup.manager, escalation)
    # An administrator not on the panel: 403.
    with pytest.raises(PermissionDenied):
        senior(admin, escalation)
    # A practitioner, even if named on no panel: the role may not decide.
    with pytest.raises(PermissionDenied):
        senior(setup.practitioner, escalation)
    # Another partnership's panel member: 404.
    outsider = make_user(Role.FORUM_MANAGER, outsider=True)
    escalation_panel_save(
        actor=make_user(Role.ADMIN, outsider=True),
        partnership=world.outsider_partnership,
        name="Resource panel",
        members=[outsider],
    )
    with pytest.raises(Http404):
        senior(outsider, escalation)
    with pytest.raises(Http404):
        escalation_get(user=outsider, pk=escalation.pk)
    assert not EscalationDecision.objects.exists()


def test_no_panel_is_a_plain_refusal(setup, escalation, make_user):
    with pytest.raises(ValidationError, match="No senior decision body is set up"):
        senior(make_user(Role.FORUM_MANAGER), escalation)


def test_one_senior_decision_per_escalation(panel, head_of_service, escalation, admin, world):
    senior(head_of_service, escalation)
    other = escalation_panel_save(
        actor=admin,
        partnership=world.partnership,
        name="Resource panel",
        members=[head_of_service, admin],
    )
    assert other.pk == panel.pk and other.name == "Resource panel"
    with pytest.raises(AlreadyDecided, match="already been decided: approve by"):
        senior(admin, escalation, Senior.DECLINE)
    assert EscalationDecision.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        EscalationDecision.objects.create(
            decision=escalation, outcome="decline", decided_on=escalation.decided_on, rationale="x"
        )


def test_only_an_escalation_goes_to_the_panel(panel, head_of_service, setup, waiting_request):
    approval = forum_request_decide(
        actor=setup.manager,
        request=waiting_request,
        meeting=setup.meeting,
        outcome=Decision.Outcome.APPROVE,
        rationale="Fine.",
    )
    with pytest.raises(ValidationError, match="Only an escalated request"):
        senior(head_of_service, approval)


def test_the_panel_is_named_by_an_admin_with_eligible_members(
    admin, head_of_service, world, make_user
):
    with pytest.raises(PermissionDenied):
        escalation_panel_save(
            actor=head_of_service,
            partnership=world.partnership,
            name="Head of service",
            members=[head_of_service],
        )
    with pytest.raises(Http404):
        escalation_panel_save(
            actor=admin,
            partnership=world.outsider_partnership,
            name="Head of service",
            members=[head_of_service],
        )
    with pytest.raises(ValidationError, match="forum managers or administrators"):
        escalation_panel_save(
            actor=admin,
            partnership=world.partnership,
            name="Head of service",
            members=[make_user(Role.PRACTITIONER)],
        )
    with pytest.raises(ValidationError, match="Give it a name"):
        escalation_panel_save(
            actor=admin, partnership=world.partnership, name=" ", members=[head_of_service]
        )
    with pytest.raises(ValidationError, match="at least one member"):
        escalation_panel_save(actor=admin, partnership=world.partnership, name="HoS", members=[])


def test_waiting_lists_show_days_waiting_and_scope(
    panel, head_of_service, escalation, setup, make_user, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        waiting = list(escalation_list_waiting(user=head_of_service))
    assert [(item.pk, item.days_waiting) for item in waiting] == [(escalation.pk, 3)]
    assert waiting[0].request.episode.person.first_name == "Morag"
    # The forum's manager (North) sees it too; a South manager not on the panel does not.
    assert list(escalation_list_waiting(user=setup.manager)) == [escalation]
    south = make_user(Role.FORUM_MANAGER, localities=[world.other_locality])
    assert list(escalation_list_waiting(user=south)) == []
    with pytest.raises(Http404):
        escalation_get(user=south, pk=escalation.pk)
    # Practitioners do not see escalations.
    assert list(escalation_list_waiting(user=setup.practitioner)) == []
    summary = escalations_waiting_summary(user=head_of_service)
    assert (summary.count, summary.longest_days, summary.shortest_days) == (1, 3, 3)
    # The forum manager may look, but not decide.
    assert escalation_get(user=setup.manager, pk=escalation.pk) == escalation
    with pytest.raises(PermissionDenied):
        escalation_get(user=setup.manager, pk=escalation.pk, action="escalation.decide")
    assert escalation_get(user=head_of_service, pk=escalation.pk, action="escalation.decide")

    senior(head_of_service, escalation)
    assert list(escalation_list_waiting(user=head_of_service)) == []
    assert list(escalation_list_decided(user=head_of_service)) == [escalation]
    empty = escalations_waiting_summary(user=head_of_service)
    assert (empty.count, empty.longest_days) == (0, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_panel_members_deciding_at_once_on_postgresql_record_one(
    panel, head_of_service, escalation, admin, world
):
    """Two real transactions: the first approves and holds its transaction open until the
    second is seen waiting on the request row's lock; the second is then told."""
    escalation_panel_save(
        actor=admin,
        partnership=world.partnership,
        name="Head of service",
        members=[head_of_service, admin],
    )
    results = race(
        lambda: senior(head_of_service, escalation),
        lambda: senior(admin, escalation, Senior.DECLINE, rationale="No."),
    )
    assert isinstance(results["first"], EscalationDecision), results
    assert isinstance(results["second"], AlreadyDecided), results
    assert "already been decided: approve by" in str(results["second"])
    assert EscalationDecision.objects.filter(decision=escalation).count() == 1
    assert FundingRequest.objects.get(pk=escalation.request_id).status == Status.APPROVED
