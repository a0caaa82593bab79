"""A small world for the access-control matrix: one object of every kind in each of three
places — the user's own locality, another locality of their partnership, and another
partnership — each with its own secret words so leaks between places can be found."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cls_portal.permissions import Role
from imports.models import ImportJob
from outcomes.models import Report, Target
from outcomes.reference import TARGET_FIGURES
from peer_forum.models import Decision, FundingRequest
from tests.factories import HubSessionFactory, UserFactory
from tests.outcomes.factories import ChangeStoryFactory, CostBenefitStudyFactory, CostLineFactory
from tests.peer_forum.factories import FundingRequestFactory
from tests.trust.cases import Case, build_case

OWN, OTHER_LOCALITY, OTHER_PARTNERSHIP = "own", "other_locality", "other_partnership"
ROLES = (Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HSCP_LEAD, Role.ADMIN)

# Each place's person is called this, and its notes carry this word.
NAMES = {OWN: "Zephyrine", OTHER_LOCALITY: "Saoirsella", OTHER_PARTNERSHIP: "Outsiderina"}
NOTES = {OWN: "Quillfeather", OTHER_LOCALITY: "Marrowglass", OTHER_PARTNERSHIP: "Thistlecrown"}


@dataclass
class Place:
    case: Case
    session: object  # an open session today
    open_request: FundingRequest  # submitted, on the meeting's agenda
    escalation: Decision  # a forum's escalation waiting for the senior decision
    report: Report
    story: object
    study: object
    line: object
    staff: object  # a hub worker of this place (for the user pages)
    target: object = None  # a target the partnership set (figures)

    def __getattr__(self, name: str) -> object:
        return getattr(self.case, name)

    @property
    def locality(self) -> object:  # golive-admin: the locality pages
        return self.case.hub.locality


def _place(locality, key: str) -> Place:
    case = build_case(locality, first_name=NAMES[key], note=NOTES[key])
    partnership = locality.partnership
    today = timezone.localdate()
    session = HubSessionFactory(hub=case.hub, date=today)
    open_request = FundingRequestFactory(
        episode=case.episode,
        forum=case.forum,
        meeting=case.meeting,
        outcomes_sought=f"To garden again {NOTES[key]}",
        submitted_on=today - datetime.timedelta(days=3),
    )
    report = Report(
        partnership=partnership,
        kind=Report.Kind.WAITING_LIST,
        period=datetime.date(2026, 3, 1),
        status=Report.Status.DONE,
        checksum="0" * 64,
    )
    report.file.save(f"report-{key}.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    story = ChangeStoryFactory(locality=locality, partnership=partnership, consent_to_share=True)
    study = CostBenefitStudyFactory(partnership=partnership)
    line = CostLineFactory(study=study, description="Hall hire", amount=Decimal("1200.00"))
    staff = UserFactory(role=Role.HUB_WORKER, partnership=partnership, localities=[locality])
    escalated = FundingRequestFactory(
        episode=case.episode,
        forum=case.forum,
        meeting=case.meeting,
        status=FundingRequest.Status.ESCALATED,
        submitted_on=today - datetime.timedelta(days=5),
    )
    escalation = Decision.objects.create(
        request=escalated,
        meeting=case.meeting,
        round=1,
        outcome=Decision.Outcome.ESCALATE,
        rationale=f"Above our limit {NOTES[key]}",
        members_present=case.forum.quorum,
        decided_on=case.meeting.held_on,
        days_to_decision=3,
    )
    place = Place(case, session, open_request, escalation, report, story, study, line, staff)
    # ---- golive-import: an import checked and ready to apply
    place.import_job = ImportJob.objects.create(  # type: ignore[attr-defined]
        partnership=partnership,
        kind="people",
        file="imports/matrix.csv",
        file_name=f"caseload-{key}.csv",
        status=ImportJob.Status.CHECKED,
    )
    return place


def build_places(world) -> dict[str, Place]:
    places = {
        OWN: _place(world.locality, OWN),
        OTHER_LOCALITY: _place(world.other_locality, OTHER_LOCALITY),
        OTHER_PARTNERSHIP: _place(world.outsider_locality, OTHER_PARTNERSHIP),
    }
    # ---- figures ----
    for code, place in zip(TARGET_FIGURES, places.values(), strict=False):
        place.target = Target.objects.create(
            partnership_id=place.study.partnership_id, code=code, value=Decimal("10")
        )
    return places


def build_users(world) -> dict[str, object]:
    """One user of each role in the own partnership, working in the own locality, each with
    an API token (schemathesis signs in with these)."""
    users = {}
    for role in ROLES:
        user = UserFactory(
            username=f"matrix-{role}", role=role, partnership=world.partnership,
            localities=[world.locality],
        )  # fmt: skip
        Token.objects.create(user=user)
        users[role] = user
    return users
