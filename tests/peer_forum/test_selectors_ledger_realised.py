"""Cost avoided realised to date (DESIGN §4), worked out by hand, and escalated-then-approved
requests counted from the senior decision.

All packages are approved on day A (100 days ago) and start a week later, S = A + 7, so a
package still running today has run 93 days. Realised = weekly saving × days ÷ 7, summed per
line in pence × days and rounded to the penny once.

Long-term (counterfactual → approved, weekly saving):
  L1 ended early  £450 → £120, ended S + 73, actual cost £150: (450 − 150) × 73 / 7 = 3,128.5714
  L2 continued    £400 → £100, still running:                  300 × 93 / 7 = 3,985.7143
  L3 changed      £500 → £200, changed at S + 42:               300 × 42 / 7 = 1,800.0000
  line: 30000 × (73 + 93 + 42) = 6,240,000 pence·days ÷ 700 = 8,914.2857 → £8,914.29
  (rounding each package first would give 8,914.28: the line is rounded once).
Short-term, 4 weeks (capped at 28 days):
  S1 ended early  £280 → £80, ended S + 10:                     200 × 10 / 7 =   285.7143
  S2 continued    £280 → £80, running 93 days, capped at 28:    200 × 28 / 7 =   800.0000
  S3 changed      £280 → £80, changed at S + 14, actual £100:   180 × 14 / 7 =   360.0000
  line: 20000 × 10 + 20000 × 28 + 18000 × 14 = 1,012,000 ÷ 700 = 1,445.7143 → £1,445.71
One-off: £1,100 → £385: £715.00 as it is.
Total realised 8,914.29 + 1,445.71 + 715.00 = £11,075.00.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cls_portal.permissions import Role
from peer_forum.models import Decision, EscalationDecision, FundingRequest
from peer_forum.selectors import savings_ledger
from peer_forum.services.escalations import escalation_decide, escalation_panel_save
from peer_forum.services.reviews import package_review_record
from tests.factories import EpisodeFactory, PersonFactory
from tests.peer_forum.factories import FundingRequestFactory, PeerForumFactory, decide

D = Decimal
Review = "continue", "change", "end"


@pytest.fixture
def days(today):
    approved = today - datetime.timedelta(days=100)
    return {"A": approved, "S": approved + datetime.timedelta(days=7), "today": today}


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def forum(world):
    return PeerForumFactory(locality=world.locality, delegated_weekly_limit=D("600.00"))


def package(forum, days, cf, approved, *, weeks=None, **kwargs):
    kind = {"short_term": True, "short_term_weeks": weeks} if weeks else {}
    request = FundingRequestFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=forum.locality)),
        forum=forum,
        submitted_on=days["A"] - datetime.timedelta(days=5),
        counterfactual_weekly_cost=D(cf),
        proposed_weekly_cost=D(approved),
        start_on=days["S"],
        review_on=days["S"] + datetime.timedelta(days=28),
        **kind,
        **kwargs,
    )
    decide(request, on=days["A"])
    return request


def review(reviewer, request, outcome, on, **kwargs):
    return package_review_record(
        actor=reviewer, request=request, outcome=outcome, reviewed_on=on, **kwargs
    )


def ledger(world, days, **kwargs):
    return savings_ledger(
        partnership_id=world.partnership.pk, start=days["A"], end=days["today"], **kwargs
    )


def test_realised_to_date_for_each_type_ended_early_continued_and_changed(
    world, forum, days, reviewer
):
    s = days["S"]
    l1 = package(forum, days, "450.00", "120.00")
    l2 = package(forum, days, "400.00", "100.00")
    l3 = package(forum, days, "500.00", "200.00")
    review(
        reviewer,
        l1,
        "end",
        s + datetime.timedelta(days=80),
        ended_on=s + datetime.timedelta(days=73),
        actual_weekly_cost=D("150.00"),
    )
    review(reviewer, l2, "continue", s + datetime.timedelta(28), next_review_on=days["today"])
    changed = review(reviewer, l3, "change", s + datetime.timedelta(days=42))
    s1 = package(forum, days, "280.00", "80.00", weeks=4)
    s2 = package(forum, days, "280.00", "80.00", weeks=4)
    s3 = package(forum, days, "280.00", "80.00", weeks=4)
    review(
        reviewer, s1, "end", s + datetime.timedelta(days=10), ended_on=s + datetime.timedelta(10)
    )
    review(reviewer, s2, "continue", s + datetime.timedelta(28), next_review_on=days["today"])
    review(
        reviewer,
        s3,
        "change",
        s + datetime.timedelta(days=14),
        actual_weekly_cost=D("100.00"),
        proposed_weekly_cost=D("90.00"),
    )
    one_off = FundingRequestFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=forum.locality)),
        forum=forum,
        one_off=True,
        counterfactual_one_off_cost=D("1100.00"),
        proposed_one_off_cost=D("385.00"),
        submitted_on=days["A"],
        start_on=days["S"],
    )
    decide(one_off, on=days["A"])

    result = ledger(world, days)
    assert result.realised_as_of == days["today"]
    assert result.line("long_term").realised_saving == D("8914.29")
    assert result.line("short_term").realised_saving == D("1445.71")
    assert result.line("one_off").realised_saving == D("715.00")
    assert result.realised_total == D("11075.00")
    # The annualised promise is unchanged: (330 + 300 + 300) × 52.14; 200 × 4 × 3; 715.
    assert result.line("long_term").annualised_saving == D("48490.20")
    assert result.line("short_term").annualised_saving == D("2400.00")
    # The changes' new requests wait for the forum: not counted until approved.
    assert changed.new_request.status == FundingRequest.Status.SUBMITTED
    assert result.count == 7


def test_realised_runs_to_the_as_of_date_and_a_package_not_started_has_run_nothing(
    world, forum, days, reviewer
):
    l2 = package(forum, days, "400.00", "100.00")
    # As of S + 14: two weeks of £300.
    early = ledger(world, days, as_of=days["S"] + datetime.timedelta(days=14))
    assert early.line("long_term").realised_saving == D("600.00")
    # As of before the start: nothing.
    assert ledger(world, days, as_of=days["A"]).line("long_term").realised_saving == D("0.00")
    # A period ending in the future runs to today, not beyond.
    future = savings_ledger(
        partnership_id=world.partnership.pk,
        start=days["A"],
        end=days["today"] + datetime.timedelta(days=30),
    )
    assert future.realised_as_of == days["today"]
    assert future.line("long_term").realised_saving == D("3985.71")  # 300 × 93 / 7
    assert l2.ended_on is None


@pytest.fixture
def escalated(world, forum, days, make_user):
    """£1,100 a week care home against £700 asked, above the £600 limit, escalated on A − 2;
    the head of service approves £640 on A."""
    head = make_user(Role.FORUM_MANAGER)
    escalation_panel_save(
        actor=make_user(Role.ADMIN),
        partnership=world.partnership,
        name="Head of service",
        members=[head],
    )
    request = FundingRequestFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=forum.locality)),
        forum=forum,
        submitted_on=days["A"] - datetime.timedelta(days=9),
        counterfactual_weekly_cost=D("1100.00"),
        proposed_weekly_cost=D("700.00"),
        start_on=days["S"],
    )
    escalation = decide(
        request, on=days["A"] - datetime.timedelta(days=2), outcome=Decision.Outcome.ESCALATE
    )
    return head, escalation


def test_an_escalation_counts_from_the_senior_approval_its_amount_and_its_date(
    world, days, escalated
):
    head, escalation = escalated
    assert ledger(world, days).count == 0  # escalated, not yet decided: not counted
    escalation_decide(
        actor=head,
        decision=escalation,
        outcome=EscalationDecision.Outcome.APPROVE_WITH_CHANGES,
        decided_on=days["A"],
        rationale="Cheaper than the care home.",
        approved_weekly_amount=D("640.00"),
    )
    result = ledger(world, days)
    line = result.line("long_term")
    # Weekly saving 1,100 − 640 = 460; annualised 460 × 52.14 = 23,984.40;
    # realised 460 × 93 / 7 = 6,111.4286 → £6,111.43.
    assert (line.count, line.weekly_saving, line.annualised_saving, line.realised_saving) == (
        1,
        D("460.00"),
        D("23984.40"),
        D("6111.43"),
    )
    # Counted on the senior decision's date, not the forum's escalation.
    before = savings_ledger(
        partnership_id=world.partnership.pk,
        start=days["A"] - datetime.timedelta(days=2),
        end=days["A"] - datetime.timedelta(days=1),
    )
    assert before.count == 0


def test_a_declined_escalation_is_never_counted(world, days, escalated):
    head, escalation = escalated
    escalation_decide(
        actor=head,
        decision=escalation,
        outcome=EscalationDecision.Outcome.DECLINE,
        decided_on=days["A"],
        rationale="A day centre will do.",
    )
    assert ledger(world, days).count == 0
