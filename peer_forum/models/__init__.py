"""Peer forums, their meetings, funding requests and the decisions made on them.

A **peer forum** is a locality's practitioners meeting (usually weekly) to agree funded support
quickly, within a **delegated limit**, instead of a funding panel. For each request the worker
states the **traditional service they would otherwise have arranged and its cost** (the
counterfactual) beside the community-based alternative; because the counterfactual is captured at
the decision, the cost avoided is known exactly (DESIGN §1, §4; the ledger is
``peer_forum.selectors.savings_ledger``).

Money is ``Decimal``, never negative; which amounts a request carries depends on its
intervention type (the table is in ``requests``).

Case data (the person, the request's notes) is scoped by the request's episode, exactly like the
other case records; forums and meetings are scoped by their locality.

One module per sub-domain (``base``, ``forums``, ``requests``, ``decisions``,
``escalations``, ``reviews``); every public name
is re-exported here, so ``from peer_forum.models import FundingRequest`` is the way to import them.
"""

from __future__ import annotations

from peer_forum.models.base import (
    MAX_SHORT_TERM_WEEKS,
    MONEY_FIELD,
    WEEKS_PER_YEAR,
    ZERO,
    InterventionType,
)
from peer_forum.models.decisions import Decision
from peer_forum.models.escalations import EscalationDecision, EscalationPanel
from peer_forum.models.forums import ForumMeeting, PeerForum
from peer_forum.models.requests import FundingRequest, FundingRequestQuerySet
from peer_forum.models.reviews import PackageReview

__all__ = [
    "MAX_SHORT_TERM_WEEKS",
    "MONEY_FIELD",
    "WEEKS_PER_YEAR",
    "ZERO",
    "Decision",
    "EscalationDecision",
    "EscalationPanel",
    "ForumMeeting",
    "FundingRequest",
    "FundingRequestQuerySet",
    "InterventionType",
    "PackageReview",
    "PeerForum",
]
