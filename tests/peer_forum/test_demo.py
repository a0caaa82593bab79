"""The peer-forum demo data: deterministic, consistent with the forum's rules, realistic."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import transaction
from django.db.models import Count, F, Q

from demo.context import SCALES, SeedContext
from demo.management.commands.seed_demo import SEEDERS
from peer_forum.models import (
    Decision,
    EscalationDecision,
    EscalationPanel,
    ForumMeeting,
    FundingRequest,
    PackageReview,
    PeerForum,
)
from peer_forum.selectors import savings_ledger
from peer_forum.selectors.reviews import package_reviews_due

TODAY = datetime.date(2026, 11, 1)


def seed_up_to_peer_forum(seed: int) -> SeedContext:
    """Run the seeders this app builds on, then its own (the outcomes seeder comes after)."""
    ctx = SeedContext(rng=random.Random(seed), today=TODAY, scale="demo", sizes=SCALES["demo"])
    names = [name for name, _seed in SEEDERS]
    for _name, seed_part in SEEDERS[: names.index("peer forum") + 1]:
        seed_part(ctx)
    return ctx


def fingerprint() -> dict:
    return {
        "forums": list(
            PeerForum.objects.order_by("name").values_list(
                "name", "delegated_weekly_limit", "quorum"
            )
        ),
        "meetings": list(ForumMeeting.objects.order_by("pk").values_list("forum__name", "held_on")),
        "requests": list(
            FundingRequest.objects.order_by("pk").values_list(
                "status",
                "intervention_type",
                "counterfactual_service",
                "counterfactual_weekly_cost",
                "proposed_weekly_cost",
                "proposed_one_off_cost",
                "submitted_on",
            )
        ),
        "decisions": list(
            Decision.objects.order_by("pk").values_list(
                "outcome", "approved_weekly_amount", "decided_on"
            )
        ),
        "seniors": list(
            EscalationDecision.objects.order_by("pk").values_list(
                "decision__request__submitted_on", "outcome", "approved_weekly_amount", "decided_on"
            )
        ),
        "reviews": list(
            PackageReview.objects.order_by("pk").values_list(
                "request__start_on", "outcome", "reviewed_on", "ended_on", "actual_weekly_cost"
            )
        ),
    }


class _Undo(Exception):
    """Raised to roll a seed back, so the same database can be seeded again."""


def fingerprint_of_seed(seed: int) -> dict:
    try:
        with transaction.atomic():
            seed_up_to_peer_forum(seed)
            found = fingerprint()
            raise _Undo
    except _Undo:
        pass
    return found


@pytest.mark.django_db
def test_the_peer_forum_demo_is_deterministic_for_a_seed():
    first = fingerprint_of_seed(7)
    assert fingerprint_of_seed(7) == first
    assert len(first["requests"]) >= 40
    assert fingerprint_of_seed(8)["requests"] != first["requests"]


@pytest.fixture
def demo(db) -> SeedContext:
    return seed_up_to_peer_forum(2026)


def test_the_demo_manager_sits_on_the_forums_of_their_localities(demo):
    manager = demo.users["forum_manager"]
    forums = set(manager.peer_forums.values_list("locality_id", flat=True))
    assert forums == set(manager.localities.values_list("pk", flat=True))
    assert manager.peer_forums.count() == 2


def test_every_forum_can_reach_quorum_and_every_decision_had_it(demo):
    for forum in PeerForum.objects.annotate(n=Count("members")):
        assert forum.n >= forum.quorum
    assert not Decision.objects.filter(members_present__lt=F("request__forum__quorum")).exists()
    assert not Decision.objects.filter(decided_on__gt=TODAY).exists()
    # Decided at a meeting of the request's own forum, in the request's own locality.
    assert not Decision.objects.exclude(meeting__forum=F("request__forum")).exists()
    assert not FundingRequest.objects.exclude(
        Q(forum__isnull=True) | Q(forum__locality=F("episode__locality"))
    ).exists()


def test_the_demo_has_a_realistic_mix_of_decisions_and_savings(demo):
    outcomes = dict(Decision.objects.values_list("outcome").annotate(n=Count("pk")))
    approvals = outcomes.get("approve", 0) + outcomes.get("approve_changes", 0)
    assert approvals > sum(outcomes.values()) / 2  # mostly approved
    assert outcomes.get("approve_changes") and outcomes.get("decline")
    assert FundingRequest.objects.filter(status__in=["submitted", "deferred"]).exists()
    escalated = Decision.objects.filter(outcome="escalate")
    assert all(decision.request.is_above_limit for decision in escalated)
    senior_approvals = EscalationDecision.objects.filter(outcome__in=["approve", "approve_changes"])
    ledger = savings_ledger(partnership_id=demo.partnership.pk, start=demo.start, end=TODAY)
    assert ledger.count == approvals + senior_approvals.count()
    assert ledger.realised_total > 0
    assert ledger.annualised_total > 0
    assert all(line.count for line in ledger.lines)


def test_approved_demo_requests_put_support_in_place(demo):
    approved = FundingRequest.objects.filter(status="approved").select_related("episode")
    assert approved.exists()
    for request in approved:
        assert request.episode.support_in_place_on is not None


def test_the_demo_manager_has_a_meeting_to_run_today(demo):
    """Today's meeting of the manager's first forum: quorum possible, no one recorded present
    yet, requests on its agenda waiting, every waiting request on a meeting from today on."""
    manager = demo.users["forum_manager"]
    meeting = ForumMeeting.objects.get(forum__members=manager, held_on=TODAY)
    assert meeting.forum.members.count() >= meeting.forum.quorum
    assert meeting.attendees.count() == 0
    agenda = FundingRequest.objects.filter(meeting=meeting, status__in=["submitted", "deferred"])
    assert agenda.count() >= 4
    assert agenda.exclude(pk__in=[r.pk for r in agenda if r.is_above_limit]).count() >= 3
    assert not Decision.objects.filter(meeting=meeting).exists()
    # No waiting request is left on a meeting that has passed (the old dead end).
    assert not FundingRequest.objects.filter(
        status__in=["submitted", "deferred"], meeting__held_on__lt=TODAY
    ).exists()


def test_the_demo_has_an_escalation_waiting_and_senior_decisions(demo):
    panel = EscalationPanel.objects.get(partnership=demo.partnership, is_active=True)
    assert panel.name == "Head of service"
    assert demo.users["forum_manager"] in panel.members.all()
    waiting = Decision.objects.filter(outcome="escalate", senior__isnull=True)
    assert waiting.filter(request__forum__members=demo.users["forum_manager"]).exists()
    assert not waiting.exclude(request__status="escalated").exists()
    for senior in EscalationDecision.objects.select_related("decision__request"):
        expected = "declined" if senior.outcome == "decline" else "approved"
        assert senior.decision.request.status == expected
        assert senior.decided_on > senior.decision.decided_on
        assert senior.decided_on <= TODAY


def test_the_demo_has_a_package_due_its_review_and_reviews_that_fit_the_rules(demo):
    due = package_reviews_due(user=demo.users["forum_manager"], on=TODAY)
    assert due.exists()
    assert due.filter(forum__members=demo.users["forum_manager"]).exists()
    assert PackageReview.objects.filter(outcome="continue").exists()
    assert PackageReview.objects.filter(outcome="end").exists()
    assert not PackageReview.objects.filter(reviewed_on__gt=TODAY).exists()
    assert not FundingRequest.objects.filter(ended_on__gt=TODAY).exists()
    assert not FundingRequest.objects.filter(ended_on__lt=F("start_on")).exists()
    # Short-term packages that were reviewed ended when their weeks were up.
    for request in FundingRequest.objects.filter(intervention_type="short_term").exclude(
        ended_on=None
    ):
        assert request.ended_on == request.start_on + datetime.timedelta(
            weeks=request.short_term_weeks
        )
