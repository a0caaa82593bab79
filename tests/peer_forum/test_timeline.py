"""The request's whole path on the person's timeline: forum decision, senior decision on an
escalation, package reviews; scoped like the records."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.template.loader import render_to_string

from cls_portal.permissions import Role
from peer_forum.models import Decision
from peer_forum.services.escalations import escalation_decide, escalation_panel_save
from peer_forum.services.reviews import package_review_record
from peer_forum.timeline import funding_timeline_items
from tests.peer_forum.factories import FundingRequestFactory, decide


def test_the_timeline_shows_the_escalation_its_senior_decision_and_the_review(
    setup, make_user, world, today, django_assert_max_num_queries
):
    head = make_user(Role.FORUM_MANAGER)
    escalation_panel_save(
        actor=make_user(Role.ADMIN),
        partnership=world.partnership,
        name="Head of service",
        members=[head],
    )
    request = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        submitted_on=today - datetime.timedelta(days=20),
        counterfactual_weekly_cost=Decimal("1100.00"),
        proposed_weekly_cost=Decimal("700.00"),
        start_on=today - datetime.timedelta(days=14),
    )
    escalation = decide(
        request, on=today - datetime.timedelta(days=16), outcome=Decision.Outcome.ESCALATE
    )
    escalation_decide(
        actor=head,
        decision=escalation,
        outcome="approve",
        decided_on=today - datetime.timedelta(days=15),
        rationale="Cheaper than the care home.",
    )
    package_review_record(
        actor=setup.practitioner,
        request=request,
        outcome="continue",
        reviewed_on=today,
        next_review_on=today + datetime.timedelta(weeks=12),
    )
    with django_assert_max_num_queries(4):
        items = list(
            funding_timeline_items(user=setup.practitioner, episode_ids=[setup.episode.pk])
        )
    kinds = [(item.kind, item.day) for item in items]
    assert ("funding_decided", today - datetime.timedelta(days=16)) in kinds
    assert ("funding_senior_decided", today - datetime.timedelta(days=15)) in kinds
    assert ("package_reviewed", today) in kinds
    senior = next(item for item in items if item.kind == "funding_senior_decided")
    html = render_to_string("peer_forum/partials/_timeline_event.html", {"event": senior})
    assert "Escalation decided by Head of service: approve at £700.00 a week" in html
    review = next(item for item in items if item.kind == "package_reviewed")
    html = render_to_string("peer_forum/partials/_timeline_event.html", {"event": review})
    assert "Funded package reviewed: continue, next review" in html
    # Another locality's practitioner sees none of it.
    south = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    assert list(funding_timeline_items(user=south, episode_ids=[setup.episode.pk])) == []
