"""The CLS fidelity self-assessment: reading assessments, and the evidence the product holds for
each of the eight elements in a quarter (one definition each, here).

The evidence of a quarter (its first to last day), for the partnership:

- **hubs**: hub sessions held, and people seen at them (named plus head-count: the footfall);
- **front_door**: of episodes closed in the quarter, the share that never needed more than
  conversation 1 (no conversation 2 or 3 was held);
- **whole_system**: signposts to community solutions made, and the take-up rate of those
  followed up in the quarter (taken up ÷ followed up);
- **community_first**: of episodes closed in the quarter, the share with at least one signpost
  to a community solution;
- **connecting_roles**: conversations held, and the share held out at a hub session or at home
  (where people are) rather than by phone, video or elsewhere;
- **recording**: of conversations at hub sessions (drop-ins), the mean number of the six
  free-text fields typed (what matters, the three kinds of strengths, agreed actions, next step):
  fewer is more proportionate;
- **devolved_decisions**: of funding requests settled in the quarter (approved, approved with
  changes, declined or escalated), the share the forum settled itself rather than escalated;
- **letting_go**: of staff pulse answers for the quarter's months, the share agreeing (4 or 5)
  that they are trusted to make decisions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, When

from conversations.models import Conversation, Episode, Signpost
from hubs.models import HubSession
from outcomes.models import FIDELITY_ELEMENTS, FidelityAssessment, StaffPulseResponse
from outcomes.models_board import quarter_label, quarter_start
from outcomes.selectors.figures import Share
from outcomes.selectors.sql import ONE_PLACE
from peer_forum.models import Decision

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

TYPED_FIELDS = (
    "what_matters",
    "strengths_own",
    "strengths_family",
    "strengths_community",
    "agreed_actions",
    "next_step",
)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: read through ``outcomes.suppression.present`` (unit, bases)."""

    label: str
    value: int | Decimal | None
    unit: str
    bases: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class Quarter:
    start: datetime.date

    @property
    def end(self) -> datetime.date:
        year, month = divmod(self.start.month + 2, 12)  # the first month of the next quarter
        following = datetime.date(self.start.year + year, month + 1, 1)
        return following - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return quarter_label(self.start)

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(quarter_start(day))

    @property
    def previous(self) -> Quarter:
        return Quarter.of(self.start - datetime.timedelta(days=1))


def _share(label: str, share: Share) -> Evidence:
    return Evidence(label, share.percent, "percent", (share.numerator, share.denominator))


def hubs_evidence(partnership_id: int, quarter: Quarter) -> list[Evidence]:
    row = HubSession.objects.filter(
        hub__partnership_id=partnership_id, date__gte=quarter.start, date__lte=quarter.end
    ).aggregate(sessions=Count("pk"), anonymous=Sum("anonymous_count"))
    named = (
        Conversation.objects.filter(
            hub_session__hub__partnership_id=partnership_id,
            hub_session__date__gte=quarter.start,
            hub_session__date__lte=quarter.end,
        )
        .values("hub_session_id", "episode__person_id")
        .distinct()
        .count()
    )
    return [
        Evidence("Hub sessions held", row["sessions"], "sessions"),
        Evidence("People seen at them (footfall)", named + (row["anonymous"] or 0), "people"),
    ]


def _closed(partnership_id: int, quarter: Quarter):
    return Episode.objects.filter(
        partnership_id=partnership_id, closed_on__gte=quarter.start, closed_on__lte=quarter.end
    )


def front_door_evidence(partnership_id: int, quarter: Quarter) -> list[Evidence]:
    beyond_one = Conversation.objects.filter(episode=OuterRef("pk"), kind__in=[2, 3])
    row = _closed(partnership_id, quarter).aggregate(
        closed=Count("pk"), at_one=Count("pk", filter=~Q(Exists(beyond_one)))
    )
    return [
        _share("Closed episodes resolved at conversation 1", Share(row["at_one"], row["closed"]))
    ]


def whole_system_evidence(partnership_id: int, quarter: Quarter) -> list[Evidence]:
    signposts = Signpost.objects.filter(episode__partnership_id=partnership_id)
    made = signposts.filter(created_on__gte=quarter.start, created_on__lte=quarter.end).count()
    followed = signposts.filter(
        followed_up_on__gte=quarter.start, followed_up_on__lte=quarter.end
    ).aggregate(followed=Count("pk"), taken=Count("pk", filter=Q(status=Signpost.Status.TAKEN_UP)))
    return [
        Evidence("Signposts to community solutions made", made, "signposts"),
        _share("Take-up of signposts followed up", Share(followed["taken"], followed["followed"])),
    ]


def community_first_evidence(partnership_id: int, quarter: Quarter) -> list[Evidence]:
    signposted = Signpost.objects.filter(episode=OuterRef("pk"))
    row = _closed(partnership_id, quarter).aggregate(
        closed=Count("pk"), signposted=Count("pk", filter=Q(Exists(signposted)))
    )
    return [
        _share(
            "Closed episodes with a signpost to a community solution",
            Share(row["signposted"], row["closed"]),
        )
    ]


def connecting_roles_evidence(partnership_id: int, quarter: Quarter) -> list[Evidence]:
    place = Conversation.Place
    row = Conversation.objects.filter(
        episode__partnership_id=partnership_id, held_on__gte=quarter.start, held_on__lte=quarter.end
    ).aggregate(
        held=Count("pk"), out=Count("pk", filter=Q(place__in=[place.HUB_SESSION, place.HOME]))
    )
    return [
        Evidence("Conversations held", row["held"], "episodes"),
        _share("Held at a hub session or at home", Share(row["out"], row["held"])),
    ]


def recording_evidence(partnership_id: int, quarter: Quarter) -> list[Evidence]:
    typed = {
        name: Sum(Case(When(~Q(**{name: ""}), then=1), default=0, output_field=IntegerField()))
        for name in TYPED_FIELDS
    }
    row = Conversation.objects.filter(
        episode__partnership_id=partnership_id,
        hub_session__isnull=False,
        held_on__gte=quarter.start,
        held_on__lte=quarter.end,
    ).aggregate(dropins=Count("pk"), **typed)
    dropins = row["dropins"]
    total = sum(row[name] or 0 for name in TYPED_FIELDS)
    mean = (Decimal(total) / dropins).quantize(ONE_PLACE) if dropins else None
    return [
        Evidence("Drop-in conversations recorded", dropins, "episodes"),
        Evidence(f"Fields typed per drop-in (of {len(TYPED_FIELDS)})", mean, "number", (dropins,)),
    ]


def devolved_decisions_evidence(partnership_id: int, quarter: Quarter) -> list[Evidence]:
    row = Decision.objects.filter(
        request__episode__partnership_id=partnership_id,
        decided_on__gte=quarter.start,
        decided_on__lte=quarter.end,
        outcome__in=Decision.FINAL,
    ).aggregate(
        settled=Count("pk"), forum=Count("pk", filter=~Q(outcome=Decision.Outcome.ESCALATE))
    )
    return [
        Evidence("Funding requests settled", row["settled"], "requests"),
        _share("Settled by the forum itself, not escalated", Share(row["forum"], row["settled"])),
    ]


def letting_go_evidence(partnership_id: int, quarter: Quarter) -> list[Evidence]:
    row = StaffPulseResponse.objects.filter(
        partnership_id=partnership_id, month__gte=quarter.start, month__lte=quarter.end
    ).aggregate(answers=Count("pk"), agreed=Count("pk", filter=Q(trusted_to_decide__gte=4)))
    return [
        _share("Staff agreeing they are trusted to decide", Share(row["agreed"], row["answers"]))
    ]


EVIDENCE = {
    "hubs": hubs_evidence,
    "front_door": front_door_evidence,
    "whole_system": whole_system_evidence,
    "community_first": community_first_evidence,
    "connecting_roles": connecting_roles_evidence,
    "recording": recording_evidence,
    "devolved_decisions": devolved_decisions_evidence,
    "letting_go": letting_go_evidence,
}


def fidelity_evidence(*, partnership_id: int, quarter: Quarter) -> dict[str, list[Evidence]]:
    """Every element's evidence for the quarter (about a dozen aggregate queries)."""
    return {element: EVIDENCE[element](partnership_id, quarter) for element, _ in FIDELITY_ELEMENTS}


def fidelity_assessment_list(*, user: User) -> Any:
    return FidelityAssessment.objects.visible_to(user).prefetch_related("ratings")


def fidelity_assessment_for(*, user: User, quarter: Quarter) -> FidelityAssessment | None:
    return fidelity_assessment_list(user=user).filter(quarter=quarter.start).first()


@dataclass(frozen=True)
class FidelityTrend:
    """The latest quarters' ratings, oldest first: ``rows`` are (element label, ratings by
    quarter, a rating or None when not assessed)."""

    quarters: list[str]
    rows: list[tuple[str, list[int | None]]]

    @property
    def empty(self) -> bool:
        return not self.quarters


def fidelity_trend(*, partnership_id: int, quarters: int = 4) -> FidelityTrend:
    """The partnership's last ``quarters`` assessments (one query with their ratings)."""
    assessments = list(
        FidelityAssessment.objects.filter(partnership_id=partnership_id)
        .prefetch_related("ratings")
        .order_by("-quarter")[:quarters]
    )[::-1]
    ratings = [
        {rating.element: rating.rating for rating in assessment.ratings.all()}
        for assessment in assessments
    ]
    return FidelityTrend(
        quarters=[assessment.label for assessment in assessments],
        rows=[
            (label, [each.get(element) for each in ratings]) for element, label in FIDELITY_ELEMENTS
        ],
    )


@dataclass(frozen=True)
class FidelityComparison:
    """The partnerships' ratings side by side over the same quarters (oldest first):
    ``rows`` are (element label, for each partnership its ratings by quarter (None when not
    assessed), the mean of the latest quarter's ratings across those that rated it)."""

    quarters: list[Quarter]
    names: list[str]
    rows: list[tuple[str, list[list[int | None]], Decimal | None]]

    @property
    def empty(self) -> bool:
        return not any(rating for _l, cells, _m in self.rows for each in cells for rating in each)


def fidelity_comparison(
    *, partnerships: list[Any], last: Quarter, quarters: int = 4
) -> FidelityComparison:
    """The self-assessments of ``partnerships`` in the ``quarters`` quarters ending with
    ``last`` (two queries, whatever the number of partnerships)."""
    span = [last]
    while len(span) < quarters:
        span.insert(0, span[0].previous)
    assessments = FidelityAssessment.objects.filter(
        partnership__in=partnerships, quarter__gte=span[0].start, quarter__lte=last.start
    ).prefetch_related("ratings")
    found: dict[tuple[int, datetime.date], dict[str, int]] = {
        (each.partnership_id, each.quarter): {r.element: r.rating for r in each.ratings.all()}
        for each in assessments
    }
    rows = []
    for element, label in FIDELITY_ELEMENTS:
        cells = [[found.get((p.pk, q.start), {}).get(element) for q in span] for p in partnerships]
        latest = [each[-1] for each in cells if each[-1] is not None]
        mean = (Decimal(sum(latest)) / len(latest)).quantize(Decimal("0.1")) if latest else None
        rows.append((label, cells, mean))
    return FidelityComparison(span, [p.name for p in partnerships], rows)
