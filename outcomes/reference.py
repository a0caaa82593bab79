"""Fixed reference data: the six CLS outcomes every site reports against, and the staff pulse items.

The outcomes are not editable records: every partnership reports against the same six, so they
live in code (an ``IntegerChoices``) and are stored as their number (1–6) wherever a record refers
to one.
"""

from __future__ import annotations

from django.db import models


class CLSOutcome(models.IntegerChoices):
    ACCESS = 1, "People have easier, quicker access to the right support"
    LOCAL_SOLUTIONS = 2, "People know about, and use, very local, wide-ranging, trusted solutions"
    INDEPENDENCE = 3, "Support promotes independence, resilience and wellbeing"
    SYSTEM_CHANGE = 4, "System changes enable holistic, seamless support"
    STAFF = 5, "Staff are empowered and confident"
    RESOURCES = 6, "Better use of local resources"


SHORT_TITLES: dict[int, str] = {
    CLSOutcome.ACCESS: "Easier, quicker access",
    CLSOutcome.LOCAL_SOLUTIONS: "Local, trusted solutions",
    CLSOutcome.INDEPENDENCE: "Independence, resilience and wellbeing",
    CLSOutcome.SYSTEM_CHANGE: "Holistic, seamless support",
    CLSOutcome.STAFF: "Staff empowered and confident",
    CLSOutcome.RESOURCES: "Better use of local resources",
}

# The staff pulse (outcome 5): field name -> the statement staff rate from 1 (strongly disagree)
# to 5 (strongly agree). Kept short on purpose: it is answered once a month in a minute.
PULSE_ITEMS: dict[str, str] = {
    "trusted_to_decide": "I feel trusted to make decisions with the people I support.",
    "time_for_conversations": "I have time for good conversations about what matters.",
    "know_local_solutions": "I know the local community solutions I can connect people to.",
    "confident_strengths": "I feel confident working in a strengths-based way.",
    "supported_by_team": "I feel supported by my team and managers.",
}
PULSE_SCALE: list[tuple[int, str]] = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]


# Figures a partnership may set a target for (the outcomes report rates each red, amber or
# green): code → (what it is, whether higher is better by default).
TARGET_FIGURES: dict[str, tuple[str, bool]] = {
    "wait_first_conversation.median_days": (
        "Median wait from first contact to first conversation (days)", False),
    "waiting_list.open_at_end": ("People on a waiting list at the month's end", False),
    "footfall.total": ("People seen at hub sessions", True),
    "signposts.made": ("Signposts to community solutions made", True),
    "signposts.take_up_percent": ("Take-up rate of signposts (%)", True),
    "personal_outcomes.met_percent": ("Personal outcomes met (% of reviewed)", True),
    "episodes.resolved_first_contact_percent": ("Resolved at first contact (% of closed)", True),
    "staff_pulse.overall_mean": ("Staff pulse: mean score (1–5)", True),
    "savings.annualised_total": ("Annualised cost avoided in the month (£)", True),
}  # fmt: skip
