"""Demo: the partnership's CLS fidelity self-assessments for the last four quarters (rising as
the model beds in) and a few targets for its outcomes report."""

from __future__ import annotations

from decimal import Decimal

from cls_portal.permissions import Role
from demo.context import SeedContext
from outcomes.models import FIDELITY_ELEMENTS
from outcomes.selectors.fidelity import Quarter
from outcomes.services.board import fidelity_assessment_save, target_set

EVIDENCE = "Discussed at the partnership board; see the evidence the portal shows."
TARGETS = [
    ("waiting_list.open_at_end", Decimal("30"), False),
    ("signposts.take_up_percent", Decimal("60"), True),
    ("episodes.resolved_first_contact_percent", Decimal("40"), True),
    ("wait_first_conversation.median_days", Decimal("7"), False),
]


def seed(ctx: SeedContext) -> None:
    admin, lead = ctx.users.get(Role.ADMIN), ctx.users.get(Role.HSCP_LEAD)
    if admin is None or lead is None:
        return
    quarter = Quarter.of(ctx.today)
    quarters = [quarter]
    for _ in range(3):
        quarters.insert(0, quarters[0].previous)
    for step, each in enumerate(quarters):
        ratings = {
            element: (min(4, 1 + (step + index) // 3 + ctx.rng.randint(0, 1)), EVIDENCE)
            for index, (element, _label) in enumerate(FIDELITY_ELEMENTS)
        }
        fidelity_assessment_save(actor=admin, quarter=each.start, ratings=ratings, today=ctx.today)
    for code, value, higher in TARGETS:
        target_set(actor=lead, code=code, value=value, higher_is_better=higher)
    ctx.say(f"  fidelity: {len(quarters)} quarters; targets: {len(TARGETS)}")
