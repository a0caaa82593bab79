"""Every read of peer-forum data, split by sub-domain (see STYLE.md).

The cost-avoided ledger is the public interface the outcomes app relies on::

    from peer_forum.selectors import savings_ledger, SavingsLedger, LedgerLine
"""

from peer_forum.selectors.ledger import (
    LedgerLine,
    SavingsLedger,
    financial_year_start,
    month_bounds,
    savings_ledger,
)

__all__ = [
    "LedgerLine",
    "SavingsLedger",
    "financial_year_start",
    "month_bounds",
    "savings_ledger",
]
