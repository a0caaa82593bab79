"""Every read of peer-forum data, split by sub-domain (see STYLE.md).

The cost-avoided ledger is the public interface the outcomes app relies on::

    from peer_forum.selectors import savings_ledger, SavingsLedger, LedgerLine
"""

from peer_forum.selectors.dashboard import (
    DecisionTimes,
    ForumDashboard,
    decision_times,
    decisions_by_outcome,
    forum_dashboard,
)
from peer_forum.selectors.ledger import (
    LedgerLine,
    LedgerMonth,
    SavingsLedger,
    financial_year_start,
    month_bounds,
    savings_by_month,
    savings_ledger,
)

__all__ = [
    "DecisionTimes",
    "ForumDashboard",
    "LedgerLine",
    "LedgerMonth",
    "SavingsLedger",
    "decision_times",
    "decisions_by_outcome",
    "financial_year_start",
    "forum_dashboard",
    "month_bounds",
    "savings_by_month",
    "savings_ledger",
]
