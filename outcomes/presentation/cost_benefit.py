"""A cost-benefit study's figures as its page shows them: the people seen and the people who
would otherwise have had a personal budget are counts of people, so 1 to 4 shows as "<5", and
the benefits and ratio worked out from them are withheld with them (primary and complementary
suppression, ``outcomes.suppression.protect``: benefits = assessments avoided + budgets avoided,
so neither part may be left to work out from the other and the total)."""

from __future__ import annotations

from outcomes.selectors.cost_benefit import CostBenefitSummary
from outcomes.suppression import Cell, Shown, present, protect, total_of


def study_figures(summary: CostBenefitSummary) -> dict[str, Shown]:
    study = summary.study
    seen, avoiding = summary.people_seen, study.people_avoiding_budget
    cells = [
        Cell("people_seen", seen, "people"),
        Cell("people_avoiding_budget", avoiding, "people"),
        Cell("assessment_benefit", summary.assessment_benefit, "gbp", (seen,), ("people_seen",)),
        Cell(
            "budget_benefit",
            summary.budget_benefit,
            "gbp",
            (avoiding,),
            ("people_avoiding_budget",),
        ),
        Cell("total_benefits", summary.total_benefits, "gbp", (seen, avoiding)),
        Cell("ratio", summary.ratio, "ratio", (seen, avoiding), ("total_benefits",)),
    ]
    hidden = protect(cells, [total_of("total_benefits", ["assessment_benefit", "budget_benefit"])])
    return {
        cell.key: present(
            cell.value, unit=cell.unit, bases=cell.bases, protected=cell.key in hidden
        )
        for cell in cells
    }
