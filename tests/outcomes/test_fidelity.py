"""The CLS fidelity self-assessment: one per partnership per quarter, audited, scoped; the
evidence beside each element on hand-built data; the trend beside the outcomes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Conversation, Episode, Signpost
from outcomes.models import FIDELITY_ELEMENTS, FidelityAssessment, FidelityRating
from outcomes.selectors.fidelity import Quarter, fidelity_evidence, fidelity_trend
from outcomes.services.board import fidelity_assessment_save
from tests.conversations.factories import SignpostFactory
from tests.factories import (
    ConversationFactory,
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
)
from tests.outcomes.factories import StaffPulseFactory
from tests.peer_forum.factories import FundingRequestFactory, decide

D = datetime.date
Q2 = Quarter(D(2026, 4, 1))
ASSESS = reverse("outcomes:fidelity_assess")
ALL_THREES = {element: (3, "We hold monthly hub sessions.") for element, _ in FIDELITY_ELEMENTS}


def test_a_quarter_runs_from_its_first_to_its_last_day():
    assert (Q2.start, Q2.end, Q2.label) == (D(2026, 4, 1), D(2026, 6, 30), "April–June 2026")
    assert Quarter.of(D(2026, 12, 31)).end == D(2026, 12, 31)
    assert Quarter.of(D(2026, 2, 14)).previous == Quarter(D(2025, 10, 1))


def test_an_admin_rates_a_quarter_once_and_changing_it_changes_that_one(users):
    admin = users[Role.ADMIN]
    first = fidelity_assessment_save(
        actor=admin, quarter=D(2026, 5, 17), ratings=ALL_THREES, today=D(2026, 6, 1)
    )
    assert first.quarter == D(2026, 4, 1)
    again = fidelity_assessment_save(
        actor=admin, quarter=D(2026, 4, 1), ratings=ALL_THREES | {"hubs": (4, "Weekly now")},
        today=D(2026, 6, 1),
    )  # fmt: skip
    assert again.pk == first.pk and FidelityAssessment.objects.count() == 1
    assert FidelityRating.objects.get(element="hubs").rating == 4
    assert FidelityRating.objects.count() == 8
    # Audited: the assessment made then changed, eight ratings made, one rating changed.
    entries = AuditEntry.objects.filter(model="outcomes.fidelityrating")
    assert entries.filter(action=AuditEntry.Action.CREATE).count() == 8
    assert entries.filter(action=AuditEntry.Action.UPDATE).count() >= 1
    assert AuditEntry.objects.filter(model="outcomes.fidelityassessment").count() == 2


def test_the_database_refuses_a_second_assessment_of_a_quarter(world):
    FidelityAssessment.objects.create(partnership=world.partnership, quarter=D(2026, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        FidelityAssessment.objects.create(partnership=world.partnership, quarter=D(2026, 4, 1))


def test_the_database_refuses_a_quarter_that_does_not_start_a_quarter(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        FidelityAssessment.objects.create(partnership=world.partnership, quarter=D(2026, 5, 1))


@pytest.mark.parametrize(
    ("ratings", "quarter", "message"),
    [
        (ALL_THREES | {"hubs": (5, "")}, D(2026, 4, 1), "from 1 (not yet started) to 4"),
        ({"hubs": (3, "")}, D(2026, 4, 1), "Rate “Different conversations"),
        (ALL_THREES | {"hubs": (3, "x" * 301)}, D(2026, 4, 1), "300 characters"),
        (ALL_THREES, D(2026, 7, 1), "has not begun"),
    ],
)
def test_bad_ratings_or_a_future_quarter_are_refused_and_change_nothing(
    users, ratings, quarter, message
):
    with pytest.raises(ValidationError) as refused:
        fidelity_assessment_save(
            actor=users[Role.ADMIN], quarter=quarter, ratings=ratings, today=D(2026, 6, 1)
        )
    assert message in " ".join(refused.value.messages)
    assert not FidelityAssessment.objects.exists()


def test_the_evidence_of_each_element_on_hand_built_data(world, make_user):
    """April–June 2026, Riverside:
    hubs: 2 sessions (head-counts 4 and 6) + 3 people named at them = 13 seen;
    front door: 4 episodes closed, 3 never had conversation 2 or 3: 75.0%;
    whole system: 5 signposts made; 5 followed up, 4 taken up: 80.0%;
    community first: 3 of the 4 closed episodes had a signpost: 75.0%;
    connecting roles: 6 conversations (3 at hub sessions, 1 at home, 2 by phone): 66.7%;
    recording: 3 drop-ins with 2, 3 and 4 fields typed: 3.0 a drop-in (shown: 5 or more
    needed, so withheld);
    devolved decisions: 6 settled (5 approved, 1 escalated) → 83.3%;
    letting go: 5 pulse answers, 4 agreeing they are trusted to decide: 80.0%.
    A session and a conversation in March and another partnership's records never count."""
    hub = HubFactory(locality=world.locality)
    s1 = HubSessionFactory(hub=hub, date=D(2026, 4, 7), anonymous_count=4)
    s2 = HubSessionFactory(hub=hub, date=D(2026, 5, 7), anonymous_count=6)
    HubSessionFactory(hub=hub, date=D(2026, 3, 7), anonymous_count=50)

    def episode(**kwargs):
        return EpisodeFactory(person=PersonFactory(locality=world.locality), **kwargs)

    closed = {"state": Episode.State.CLOSED, "closed_on": D(2026, 5, 1),
                  "close_reason": Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT}  # fmt: skip
    e1, e2, e3, e4 = (episode(**closed) for _ in range(4))
    fields = {"strengths_own": "", "strengths_family": "", "strengths_community": "",
                  "agreed_actions": "", "next_step": ""}  # fmt: skip
    place = Conversation.Place
    ConversationFactory(episode=e1, held_on=D(2026, 4, 7), hub_session=s1,
                        place=place.HUB_SESSION, **fields | {"strengths_own": "Kind"})  # fmt: skip
    ConversationFactory(episode=e2, held_on=D(2026, 4, 7), hub_session=s1, place=place.HUB_SESSION,
                        **fields | {"strengths_own": "a", "next_step": "b"})  # fmt: skip
    ConversationFactory(episode=e3, held_on=D(2026, 5, 7), hub_session=s2, place=place.HUB_SESSION,
                        **fields | {"strengths_own": "a", "agreed_actions": "b",
                                    "next_step": "c"})  # fmt: skip
    ConversationFactory(episode=e4, held_on=D(2026, 4, 20), place=place.HOME, kind=2)
    ConversationFactory(episode=e4, held_on=D(2026, 4, 21), place=place.PHONE, kind=1)
    ConversationFactory(episode=e4, held_on=D(2026, 4, 22), place=place.PHONE, kind=1)
    ConversationFactory(episode=e4, held_on=D(2026, 3, 22), place=place.PHONE, kind=1)
    for n, target in enumerate((e1, e2, e4, e4, e4)):
        SignpostFactory(
            episode=target, created_on=D(2026, 4, 10), followed_up_on=D(2026, 5, 10),
            status=Signpost.Status.TAKEN_UP if n < 4 else Signpost.Status.NOT_TAKEN_UP,
            not_taken_up_reason="" if n < 4 else "declined",
        )  # fmt: skip
    for n in range(6):
        request = FundingRequestFactory(episode=episode(), submitted_on=D(2026, 4, 1))
        decide(request, on=D(2026, 4, 20), outcome="escalate" if n == 5 else "approve")
    for n in range(5):
        StaffPulseFactory(respondent=make_user(Role.PRACTITIONER), locality=world.locality,
                          month=D(2026, 4, 1), trusted_to_decide=2 if n == 0 else 4)  # fmt: skip

    evidence = fidelity_evidence(partnership_id=world.partnership.pk, quarter=Q2)
    got = {element: [(e.label, e.value) for e in items] for element, items in evidence.items()}
    assert got["hubs"] == [("Hub sessions held", 2), ("People seen at them (footfall)", 13)]
    assert got["front_door"][0][1] == Decimal("75.0")
    assert got["whole_system"] == [("Signposts to community solutions made", 5),
                                   ("Take-up of signposts followed up", Decimal("80.0"))]  # fmt: skip
    assert got["community_first"][0][1] == Decimal("75.0")
    assert got["connecting_roles"] == [("Conversations held", 6),
                                       ("Held at a hub session or at home", Decimal("66.7"))]  # fmt: skip
    assert got["recording"][0][1] == 3 and got["recording"][1][1] == Decimal("3.0")
    assert got["devolved_decisions"][1][1] == Decimal("83.3")
    assert got["letting_go"][0][1] == Decimal("80.0")


def test_the_assessment_page_shows_the_evidence_beside_each_rating(users, login, world):
    client = login(users[Role.ADMIN])
    page = client.get(f"{ASSESS}?quarter=2026-04-01").content.decode()
    for _element, label in FIDELITY_ELEMENTS:
        assert label in page
    assert "What the portal shows" in page and "Hub sessions held" in page


def test_an_admin_saves_the_assessment_through_the_page(users, login, today):
    data = {f"{element}_rating": "2" for element, _ in FIDELITY_ELEMENTS}
    data |= {f"{element}_evidence": "Started" for element, _ in FIDELITY_ELEMENTS}
    response = login(users[Role.ADMIN]).post(ASSESS, data)
    assert response.status_code == 302
    assessment = FidelityAssessment.objects.get()
    assert assessment.quarter == Quarter.of(today).start
    assert assessment.ratings.count() == 8


def test_a_missing_rating_is_explained_on_the_page_and_saves_nothing(users, login):
    response = login(users[Role.ADMIN]).post(ASSESS, {"hubs_rating": "3"})
    assert response.status_code == 200
    assert "Rate “Different conversations at every front door” from 1 to 4." in (
        response.content.decode()
    )
    assert not FidelityAssessment.objects.exists()


def test_a_badly_formed_quarter_is_a_clear_error(users, login):
    response = login(users[Role.ADMIN]).get(f"{ASSESS}?quarter=spring")
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.HSCP_LEAD])
def test_only_an_admin_may_assess(users, login, role):
    assert login(users[role]).get(ASSESS).status_code == 403


def test_the_trend_is_scoped_to_the_partnership_and_sits_on_the_dashboard(users, login, world):
    admin, outsider = users[Role.ADMIN], users["outsider_admin"]
    fidelity_assessment_save(actor=admin, quarter=D(2026, 1, 1), ratings=ALL_THREES,
                             today=D(2026, 6, 1))  # fmt: skip
    fidelity_assessment_save(actor=admin, quarter=D(2026, 4, 1),
                             ratings=ALL_THREES | {"letting_go": (1, "")}, today=D(2026, 6, 1))  # fmt: skip
    fidelity_assessment_save(actor=outsider, quarter=D(2026, 4, 1),
                             ratings=ALL_THREES | {"hubs": (4, "")}, today=D(2026, 6, 1))  # fmt: skip
    trend = fidelity_trend(partnership_id=world.partnership.pk)
    assert trend.quarters == ["January–March 2026", "April–June 2026"]
    assert dict(trend.rows)["Leaders letting go of control"] == [3, 1]
    assert dict(trend.rows)["Community hubs where people can drop in and talk"] == [3, 3]
    page = login(users[Role.HSCP_LEAD]).get(reverse("outcomes:dashboard")).content.decode()
    assert "CLS fidelity, quarter by quarter" in page and "April–June 2026" in page
    theirs = login(users["outsider_hscp_lead"]).get(reverse("outcomes:fidelity")).content.decode()
    assert "January–March 2026" not in theirs  # only their own partnership's one quarter
