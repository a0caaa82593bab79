"""Reading cost-benefit studies and working out their figures (DESIGN §5).

The arithmetic, in one function (``cost_benefit_summary``):
- total costs = the sum of the study's cost lines (summed in whole pence in the database);
- people seen = the figure entered, or, when left blank, the hub footfall for the study's period
  and place (``outcomes.selectors.figures.footfall_between``);
- benefits = people seen × unit cost of a full assessment
  + people who would otherwise have had a personal budget × its weekly value × weeks (52);
- benefit–cost ratio = benefits ÷ total costs, to two decimal places (halves up), read as
  "£2.22 for every £1"; none when there are no costs yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import BigIntegerField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Round
from django.shortcuts import get_object_or_404

from outcomes.models import CostBenefitStudy, CostLine
from outcomes.periods import Scope
from outcomes.selectors.figures import footfall_between

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class CostBenefitSummary:
    study: CostBenefitStudy
    costs_by_category: list[tuple[str, str, Decimal]]  # (category, label, total)
    total_costs: Decimal
    people_seen: int
    people_seen_is_footfall: bool
    assessment_benefit: Decimal
    budget_benefit: Decimal
    total_benefits: Decimal
    ratio: Decimal | None

    @property
    def ratio_text(self) -> str:
        if self.ratio is None:
            return "No costs entered yet"
        return f"£{self.ratio:,.2f} for every £1"


def study_list(*, user: User) -> Any:
    return (
        CostBenefitStudy.objects.visible_to(user)
        .select_related("locality", "hub")
        .order_by("-period_end", "-pk")
    )


def study_get(*, user: User, pk: int, action: str = "cost_benefit.manage") -> CostBenefitStudy:
    return CostBenefitStudy.objects.select_related("locality", "hub", "partnership").get_for(
        user, action, pk=pk
    )


def study_scope(study: CostBenefitStudy) -> Scope:
    return Scope(
        partnership_id=study.partnership_id,
        locality_id=study.hub.locality_id if study.hub else study.locality_id,
        hub_id=study.hub_id,
    )


def _pounds_from_pence(pence: int | None) -> Decimal:
    return (Decimal(int(pence or 0)) / 100).quantize(PENNY)


def cost_benefit_summary(study: CostBenefitStudy) -> CostBenefitSummary:
    """One study's figures: one grouped query for the costs, one for footfall if needed."""
    return cost_benefit_summaries([study])[0]


def cost_benefit_summaries(studies: list[CostBenefitStudy]) -> list[CostBenefitSummary]:
    """Several studies' figures: one grouped query for all their costs, plus one footfall query
    for each study that uses the hub footfall (each has its own period and place)."""
    labels = dict(CostLine.Category.choices)
    pence: dict[int, dict[str, Decimal]] = {study.pk: {} for study in studies}
    rows = (
        CostLine.objects.filter(study__in=[study.pk for study in studies])
        .values("study_id", "category")
        .annotate(pence=Sum(Cast(Round(F("amount") * Value(100)), BigIntegerField())))
        .order_by()
    )
    for row in rows:
        pence[row["study_id"]][row["category"]] = _pounds_from_pence(row["pence"])
    summaries = []
    for study in studies:
        by_category = pence[study.pk]
        costs = [
            (category, labels[category], by_category[category])
            for category in CostLine.Category.values
            if category in by_category
        ]
        total_costs = sum((amount for _c, _l, amount in costs), Decimal("0.00"))
        if study.people_seen_override is not None:
            people_seen, from_footfall = study.people_seen_override, False
        else:
            seen = footfall_between(
                start=study.period_start, end=study.period_end, scope=study_scope(study)
            )
            people_seen, from_footfall = seen.total, True
        summaries.append(
            summarise(
                study=study,
                costs=costs,
                total_costs=total_costs,
                people_seen=people_seen,
                people_seen_is_footfall=from_footfall,
            )
        )
    return summaries


def summarise(
    *,
    study: CostBenefitStudy,
    costs: list[tuple[str, str, Decimal]],
    total_costs: Decimal,
    people_seen: int,
    people_seen_is_footfall: bool = False,
) -> CostBenefitSummary:
    """The arithmetic of DESIGN §5 on figures already gathered (no queries)."""
    unit_cost = Decimal(study.unit_cost_of_assessment).quantize(PENNY)
    weekly = Decimal(study.weekly_budget_value).quantize(PENNY)
    assessment = (people_seen * unit_cost).quantize(PENNY)
    budget = (study.people_avoiding_budget * weekly * study.budget_weeks).quantize(PENNY)
    benefits = assessment + budget
    ratio = (benefits / total_costs).quantize(PENNY, ROUND_HALF_UP) if total_costs > 0 else None
    return CostBenefitSummary(
        study=study,
        costs_by_category=costs,
        total_costs=total_costs,
        people_seen=people_seen,
        people_seen_is_footfall=people_seen_is_footfall,
        assessment_benefit=assessment,
        budget_benefit=budget,
        total_benefits=benefits,
        ratio=ratio,
    )


def studies_for_scope(*, scope: Scope, limit: int = 3) -> list[CostBenefitStudy]:
    """The latest studies about this place (all of a partnership's for the partnership)."""
    studies = CostBenefitStudy.objects.filter(partnership_id=scope.partnership_id)
    if scope.hub_id:
        studies = studies.filter(hub_id=scope.hub_id)
    elif scope.locality_id:
        studies = studies.filter(
            Q(locality_id=scope.locality_id) | Q(hub__locality_id=scope.locality_id)
        )
    return list(studies.select_related("hub", "locality").order_by("-period_end", "-pk")[:limit])


def cost_line_list(*, study: CostBenefitStudy) -> QuerySet[CostLine]:
    """A study's cost lines (the caller fetched the study through ``study_get``), by category."""
    return study.cost_lines.order_by("category", "pk")


def cost_line_get(*, study: CostBenefitStudy, pk: int) -> CostLine:
    """A cost line of a study the caller already fetched through ``study_get`` (404 otherwise)."""
    return get_object_or_404(CostLine, study=study, pk=pk)
