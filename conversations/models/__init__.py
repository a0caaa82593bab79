"""People and their journeys: episodes, the Three Conversations, signposts, outcomes, waits.

One module per sub-domain; every model is re-exported here, so ``from conversations.models
import Episode`` is the way to import them. Modules are imported in the order the models were
first defined (not sorted), which keeps the app registry's model order unchanged.
"""

from __future__ import annotations

# isort: off
from conversations.models.people import Person, PersonQuerySet
from conversations.models.episodes import Episode, EpisodeChild
from conversations.models.conversations import Conversation, CrisisPlan, SupportPlan
from conversations.models.signposts import Signpost
from conversations.models.personal_outcomes import OutcomeReview, PersonalOutcome
from conversations.models.waiting_lists import WaitingList, WaitingListEntry
from conversations.models.wellbeing import ONS4_ITEMS, SWEMWBS_ITEMS, WellbeingScore
from conversations.models.intake import ConsentRecord, Referral
from conversations.models.merges import PersonMerge
from conversations.models.amendments import Amendment
from conversations.models.carers import CarerLink
from conversations.models.bookings import HubBooking

# isort: on

__all__ = [
    "ONS4_ITEMS",
    "SWEMWBS_ITEMS",
    "Amendment",
    "CarerLink",
    "ConsentRecord",
    "Conversation",
    "CrisisPlan",
    "Episode",
    "EpisodeChild",
    "HubBooking",
    "OutcomeReview",
    "Person",
    "PersonMerge",
    "PersonQuerySet",
    "PersonalOutcome",
    "Referral",
    "Signpost",
    "SupportPlan",
    "WaitingList",
    "WaitingListEntry",
    "WellbeingScore",
]
