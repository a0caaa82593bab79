from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cls_portal.permissions import Role
from conversations.models import OutcomeReview, PersonalOutcome, WellbeingScore
from tests.conversations.factories import PersonalOutcomeFactory

DAY = datetime.timedelta(days=1)


def url(name, *args):
    return reverse(f"conversations:{name}", args=args)


@pytest.fixture
def outcome(episode, today):
    return PersonalOutcomeFactory(episode=episode, created_on=today - 10 * DAY)


def test_adding_an_outcome_in_their_words(episode, practitioner, login):
    response = login(practitioner).post(
        url("outcome_create", episode.pk), {"statement": "Get back to my allotment"}
    )
    assert response.status_code == 302
    assert PersonalOutcome.objects.get().statement == "Get back to my allotment"


def test_reviewing_in_place_with_htmx(outcome, practitioner, login, today):
    client = login(practitioner)
    review = url("outcome_review", outcome.pk)
    form = client.get(review, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and 'hx-post="' + review + '"' in form
    bad = client.post(review, {"reviewed_on": today.isoformat()}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "Choose whether the outcome is met" in bad.content.decode()
    assert not OutcomeReview.objects.exists()
    done = client.post(
        review, {"status": "partly_met", "reviewed_on": today.isoformat()}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Partly met" in done and "Review saved." in done and "<form" not in done
    assert OutcomeReview.objects.get().status == "partly_met"


def test_reviewing_without_script_goes_back_to_the_timeline(outcome, practitioner, login, today):
    response = login(practitioner).post(
        url("outcome_review", outcome.pk), {"status": "met", "reviewed_on": today.isoformat()}
    )
    assert response.status_code == 302 and f"#outcome-{outcome.pk}" in response.url


def test_a_review_before_the_outcome_existed_is_refused(outcome, practitioner, login, today):
    response = login(practitioner).post(
        url("outcome_review", outcome.pk),
        {"status": "met", "reviewed_on": (today - 20 * DAY).isoformat()},
    )
    assert "cannot be before the outcome was agreed" in response.content.decode()
    assert not OutcomeReview.objects.exists()


def test_ons4_scores_out_of_range_are_refused_beside_the_question(
    episode, practitioner, login, today
):
    data = {
        "recorded_on": today.isoformat(),
        "life_satisfaction": 12,
        "worthwhile": 5,
        "happiness": "x",
        "anxiety": 3,
    }
    response = login(practitioner).post(url("wellbeing_create", episode.pk, "ons4"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number from 0 to 10." in page  # happiness is not a number
    assert not WellbeingScore.objects.exists()
    data["happiness"] = 4
    response = login(practitioner).post(url("wellbeing_create", episode.pk, "ons4"), data)
    assert "Life satisfaction must be a whole number from 0 to 10." in response.content.decode()
    assert not WellbeingScore.objects.exists()
    data["life_satisfaction"] = 8
    assert (
        login(practitioner).post(url("wellbeing_create", episode.pk, "ons4"), data).status_code
        == 302
    )
    assert WellbeingScore.objects.get().life_satisfaction == 8


def test_swemwbs_is_offered_only_under_licence(episode, practitioner, login, settings, today):
    client = login(practitioner)
    settings.SWEMWBS_LICENSED_PARTNERSHIPS = []
    assert client.get(url("wellbeing_create", episode.pk, "swemwbs")).status_code == 404
    assert (
        "Record SWEMWBS" not in client.get(url("person_detail", episode.person_id)).content.decode()
    )
    settings.SWEMWBS_LICENSED_PARTNERSHIPS = [episode.partnership.slug]
    assert "Record SWEMWBS" in client.get(url("person_detail", episode.person_id)).content.decode()
    data = {"recorded_on": today.isoformat()} | {f"swemwbs_{n}": 3 for n in range(1, 8)}
    assert client.post(url("wellbeing_create", episode.pk, "swemwbs"), data).status_code == 302
    assert WellbeingScore.objects.get().swemwbs_raw == 21
    data["swemwbs_2"] = 6
    response = client.post(url("wellbeing_create", episode.pk, "swemwbs"), data)
    assert "Choose an answer from 1 to 5." in response.content.decode()
    assert WellbeingScore.objects.count() == 1


@pytest.mark.parametrize(
    "page",
    [
        lambda o: url("outcome_create", o.episode_id),
        lambda o: url("outcome_review", o.pk),
        lambda o: url("wellbeing_create", o.episode_id, "ons4"),
    ],
)
def test_outcome_pages_answer_by_role_and_scope(
    page, outcome, make_user, south_practitioner, outsider, login
):
    assert login(make_user(Role.HUB_WORKER)).get(page(outcome)).status_code == 200
    assert login(make_user(Role.HSCP_LEAD)).get(page(outcome)).status_code == 403
    assert login(south_practitioner).get(page(outcome)).status_code == 404
    assert (
        login(outsider).post(page(outcome), {"statement": "x", "status": "met"}).status_code == 404
    )
    assert PersonalOutcome.objects.count() == 1 and not OutcomeReview.objects.exists()
