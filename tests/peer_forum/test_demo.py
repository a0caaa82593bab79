"""The peer-forum demo data: deterministic, consistent with the forum's rules, realistic."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import transaction
from django.db.models import Count, F, Q

from demo.context import SCALES, SeedContext
from demo.management.commands.seed_demo import SEEDERS
from peer_forum.models import Decision, ForumMeeting, FundingRequest, PeerForum
from peer_forum.selectors import savings_ledger

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
    ledger = savings_ledger(partnership_id=demo.partnership.pk, start=demo.start, end=TODAY)
    assert ledger.count == approvals
    assert ledger.annualised_total > 0
    assert all(line.count for line in ledger.lines)


def test_approved_demo_requests_put_support_in_place(demo):
    approved = FundingRequest.objects.filter(status="approved").select_related("episode")
    assert approved.exists()
    for request in approved:
        assert request.episode.support_in_place_on is not None
