"""The figures of DESIGN §4, each filed under its CLS outcome, computed in the database.

This package is THE definition of every figure: import them from ``outcomes.selectors.figures``.
One module per outcome (the waiting list, being large, has its own):

Outcome 1 — easier, quicker access (``access``, ``waiting_lists``):
  wait to first conversation; wait to support in place; the waiting list; hub footfall.
Outcome 2 — local, trusted solutions (``local_solutions``):
  signposts made by category; take-up rate.
Outcome 3 — independence, resilience and wellbeing (``independence``, ``carers``):
  personal outcomes reviewed (met / partly met / not met); change stories; carers supported.
Outcome 4 — holistic, seamless support (``system_change``):
  resolved at first contact; first contact to last conversation of closed episodes.
Outcome 5 — staff empowered and confident (``staff``):
  the staff pulse.
Outcome 6 — better use of local resources:
  peer-forum cost avoided (``peer_forum.selectors.savings_ledger``); cost-benefit studies
  (``outcomes.selectors.cost_benefit``).

Every function takes a ``MonthRange`` and a ``Scope`` and answers per month, so a 12-month trend
costs the same queries as one month. All arithmetic that could differ between SQLite and
PostgreSQL (means, percentages, medians, percentiles) is done on integers fetched from the
database; see ``outcomes.selectors.sql`` for the median and percentile definitions. Which records
count for a scope is in ``base``.

None of these functions checks who is asking: callers build the ``Scope`` with
``outcomes.selectors.scopes.scope_for`` (which does) and show the results through
``outcomes.suppression`` (small numbers).
"""

from __future__ import annotations

from outcomes.selectors.figures.access import (
    Footfall,
    FootfallLine,
    footfall,
    footfall_between,
    footfall_by_hub_and_mode,
    hub_appointments_not_attended,
    wait_to_first_conversation,
    wait_to_support_in_place,
)
from outcomes.selectors.figures.base import Share, percent
from outcomes.selectors.figures.carers import carers_supported
from outcomes.selectors.figures.independence import (
    ReviewMonth,
    StoryCounts,
    change_stories_by_outcome,
    personal_outcomes,
)
from outcomes.selectors.figures.local_solutions import (
    TAKEN_UP,
    SignpostCategoryLine,
    SignpostMonth,
    signposting,
    signposting_by_category,
)
from outcomes.selectors.figures.staff import PulseMonth, staff_pulse
from outcomes.selectors.figures.system_change import (
    contact_to_last_conversation,
    resolved_at_first_contact,
)
from outcomes.selectors.figures.waiting_lists import (
    Change,
    WaitingListFigures,
    WaitingListLine,
    WaitingListMonth,
    WaitingListWaits,
    default_baseline,
    waiting_list,
    waiting_list_by_list,
    waiting_list_waits,
)

__all__ = [
    "TAKEN_UP",
    "Change",
    "Footfall",
    "FootfallLine",
    "PulseMonth",
    "ReviewMonth",
    "Share",
    "SignpostCategoryLine",
    "SignpostMonth",
    "StoryCounts",
    "WaitingListFigures",
    "WaitingListLine",
    "WaitingListMonth",
    "WaitingListWaits",
    "carers_supported",
    "change_stories_by_outcome",
    "contact_to_last_conversation",
    "default_baseline",
    "footfall",
    "footfall_between",
    "footfall_by_hub_and_mode",
    "hub_appointments_not_attended",
    "percent",
    "personal_outcomes",
    "resolved_at_first_contact",
    "signposting",
    "signposting_by_category",
    "staff_pulse",
    "wait_to_first_conversation",
    "wait_to_support_in_place",
    "waiting_list",
    "waiting_list_by_list",
    "waiting_list_waits",
]
