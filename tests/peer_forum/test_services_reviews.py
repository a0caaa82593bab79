"""Package reviews: continue, change (back to the forum), end; what each refuses; who may;
and which packages are due."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from peer_forum.models import FundingRequest, PackageReview
from peer_forum.selectors.requests import request_queue
from peer_forum.selectors.reviews import package_review_list, package_reviews_due
from peer_forum.services.reviews import package_review_record
from tests.peer_forum.factories import FundingRequestFactory, decide

D = Decimal
Status = FundingRequest.Status


@pytest.fixture
def approved(setup, today):
    """Approved 60 days ago at £120 a week (home care £450), started 53 days ago, review due
    yesterday."""
    request = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        submitted_on=today - datetime.timedelta(days=65),
        start_on=today - datetime.timedelta(days=53),
        review_on=today - datetime.timedelta(days=1),
    )
    decide(request, on=today - datetime.timedelta(days=60))
    return request


def record(setup, request, outcome, **kwargs):
    kwargs.setdefault("reviewed_on", kwargs.pop("on", None) or datetime.date.today())
    return package_review_record(
        actor=kwargs.pop("actor", setup.practitioner), request=request, outcome=outcome, **kwargs
    )


def test_continuing_sets_the_next_review_and_it_is_no_longer_due(setup, approved, today):
    assert list(package_reviews_due(user=setup.practitioner, on=today)) == [approved]
    assert package_reviews_due(user=setup.practitioner, on=today)[0].days_overdue == 1
    review = record(
        setup,
        approved,
        "continue",
        reviewed_on=today,
        next_review_on=today + datetime.timedelta(weeks=12),
        notes="Going well; lunch club twice a week.",
    )
    approved.refresh_from_db()
    assert approved.review_on == today + datetime.timedelta(weeks=12)
    assert approved.ended_on is None
    assert list(package_reviews_due(user=setup.practitioner, on=today)) == []
    # Due again on the next review date (a future day).
    later = today + datetime.timedelta(weeks=12)
    assert list(package_reviews_due(user=setup.practitioner, on=later)) == [approved]
    assert list(package_review_list(user=setup.practitioner, request=approved)) == [review]
    actions = set(AuditEntry.objects.values_list("model", "action"))
    assert ("peer_forum.packagereview", "create") in actions
    assert ("peer_forum.fundingrequest", "update") in actions


def test_ending_records_the_real_end_date_and_actual_cost(setup, approved, today):
    ended_on = today - datetime.timedelta(days=10)
    review = record(
        setup,
        approved,
        "end",
        reviewed_on=today - datetime.timedelta(days=2),
        ended_on=ended_on,
        actual_weekly_cost="135.00",
    )
    approved.refresh_from_db()
    assert (approved.ended_on, approved.actual_weekly_cost) == (ended_on, D("135.00"))
    assert (review.ended_on, review.actual_weekly_cost) == (ended_on, D("135.00"))
    assert list(package_reviews_due(user=setup.practitioner, on=today)) == []
    with pytest.raises(ValidationError, match=r"ended on .*nothing to review"):
        record(setup, approved, "end", ended_on=today)


def test_changing_ends_the_package_and_puts_a_new_request_in_the_forums_queue(
    setup, approved, today
):
    review = record(setup, approved, "change", proposed_weekly_cost=D("160.00"))
    approved.refresh_from_db()
    assert approved.ended_on == today  # the review date, as none was given
    new = review.new_request
    assert (new.status, new.forum, new.changed_from) == (Status.SUBMITTED, setup.forum, approved)
    assert (new.proposed_weekly_cost, new.counterfactual_weekly_cost) == (D("160.00"), D("450.00"))
    assert new.start_on == today and new.submitted_on == today
    assert new in list(request_queue(user=setup.manager))
    # By default the new request asks for the approved amount.
    other = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        submitted_on=today - datetime.timedelta(days=30),
        start_on=today - datetime.timedelta(days=20),
    )
    decide(other, on=today - datetime.timedelta(days=25), outcome="approve_changes", amount=D("99"))
    assert record(setup, other, "change").new_request.proposed_weekly_cost == D("99.00")


@pytest.mark.parametrize(
    ("outcome", "kwargs", "field", "message"),
    [
        ("continue", {}, "next_review_on", "Enter when it will next be reviewed"),
        ("continue", {"next_review_on": "same"}, "next_review_on", "after this one"),
        ("continue", {"ended_on": "today"}, "ended_on", "has no end date"),
        ("end", {}, "ended_on", "Enter the day the package ended"),
        ("end", {"ended_on": "tomorrow"}, "ended_on", "not in the future"),
        ("end", {"ended_on": "before_start"}, "ended_on", "before the package started"),
        ("end", {"next_review_on": "tomorrow"}, "next_review_on", "Only a package that continues"),
        ("end", {"ended_on": "today", "actual_weekly_cost": 12.5}, "actual_weekly_cost", "Enter"),
        (
            "end",
            {"ended_on": "today", "actual_weekly_cost": "-1"},
            "actual_weekly_cost",
            "negative",
        ),
        ("end", {"reviewed_on": "tomorrow", "ended_on": "today"}, "reviewed_on", "in the future"),
        ("end", {"reviewed_on": "before_approval"}, "reviewed_on", "before the package was"),
        ("stop", {}, "outcome", "Choose continue, change or end"),
    ],
)
def test_what_a_review_refuses(setup, approved, today, outcome, kwargs, field, message):
    named = {
        "today": today,
        "same": today,
        "tomorrow": today + datetime.timedelta(days=1),
        "before_start": approved.start_on - datetime.timedelta(days=1),
        "before_approval": today - datetime.timedelta(days=61),
    }
    values = {key: named.get(value, value) for key, value in kwargs.items()}
    values.setdefault("reviewed_on", today)
    with pytest.raises(ValidationError) as caught:
        record(setup, approved, outcome, **values)
    assert message in " ".join(caught.value.message_dict[field])
    assert not PackageReview.objects.exists()


def test_only_approved_weekly_packages_are_reviewed(setup, waiting_request, today):
    with pytest.raises(ValidationError, match="Only an approved package"):
        record(setup, waiting_request, "end", ended_on=today)
    one_off = FundingRequestFactory(episode=setup.episode, forum=setup.forum, one_off=True)
    decide(one_off, on=today)
    with pytest.raises(ValidationError, match="A one-off payment has no package"):
        record(setup, one_off, "end", ended_on=today)


def test_who_may_review(setup, approved, make_user, world, today):
    with pytest.raises(Http404):
        record(
            setup,
            approved,
            "end",
            ended_on=today,
            actor=make_user(Role.PRACTITIONER, localities=[world.other_locality]),
        )
    with pytest.raises(Http404):
        record(
            setup,
            approved,
            "end",
            ended_on=today,
            actor=make_user(Role.PRACTITIONER, outsider=True),
        )
    with pytest.raises(PermissionDenied):
        record(setup, approved, "end", ended_on=today, actor=make_user(Role.HUB_WORKER))
    assert list(package_reviews_due(user=make_user(Role.HUB_WORKER), on=today)) == []
    south = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    assert list(package_reviews_due(user=south, on=today)) == []
    # A forum manager reviews too.
    record(setup, approved, "end", ended_on=today, actor=setup.manager)


def test_packages_due_on_a_past_day_and_the_query_count(
    setup, approved, today, django_assert_max_num_queries
):
    # Not yet due the day before its review date.
    assert (
        list(package_reviews_due(user=setup.practitioner, on=today - datetime.timedelta(2))) == []
    )
    with django_assert_max_num_queries(1):
        due = list(package_reviews_due(user=setup.practitioner, on=today))
        assert due[0].episode.person.first_name == "Morag"
