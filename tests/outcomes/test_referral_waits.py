"""An episode opened by a referral waits from the referral date (DESIGN §4 "wait to first
conversation": from first contact; a referral's first contact is the day it was made), worked
by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from conversations.services.dropins import NewPerson
from conversations.services.intake import ReferralDetails, intake_record
from conversations.services.pathway import conversation_record
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors import figures
from outcomes.selectors.sql import DayStats

D = datetime.date
MARCH = Month(2026, 3)


def _take_in(actor, name, *, contacted_on, referred_on=None, source="self"):
    referral = None
    if referred_on:
        referral = ReferralDetails(referred_on=referred_on, organisation="Practice", reason="x")
    return intake_record(
        actor=actor,
        channel="referral" if referral else "phone",
        source=source,
        contacted_on=contacted_on,
        new_person=NewPerson(name, "Test"),
        referral=referral,
    ).episode


def _first_conversation(actor, episode, day):
    conversation_record(
        actor=actor, episode=episode, kind=1, held_on=day, place="phone", what_matters="Company"
    )


def test_referral_waits_count_from_the_referral_date(world, make_user, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 6, 30))
    actor = make_user("practitioner")
    # A: a GP's referral dated 2 March, taken by phone on 4 March; conversation 1 on 12 March:
    #    12 − 2 = 10 days (not the 8 days from the call).
    a = _take_in(actor, "Ann", contacted_on=D(2026, 3, 4), referred_on=D(2026, 3, 2), source="gp")
    _first_conversation(actor, a, D(2026, 3, 12))
    # B: a hospital's referral of 20 February; conversation 1 on 6 March: 8 + 6 = 14 days.
    b = _take_in(
        actor, "Bea", contacted_on=D(2026, 2, 23), referred_on=D(2026, 2, 20), source="hospital"
    )
    _first_conversation(actor, b, D(2026, 3, 6))
    # C: a phone call on 10 March; conversation 1 on 13 March: 3 days.
    c = _take_in(actor, "Cal", contacted_on=D(2026, 3, 10))
    _first_conversation(actor, c, D(2026, 3, 13))
    # D: referred 25 March, still waiting: no first conversation, so not in March's waits.
    _take_in(actor, "Dee", contacted_on=D(2026, 3, 25), referred_on=D(2026, 3, 25))
    # March: 3, 10, 14 → n 3, mean 27 / 3 = 9.0, median 10, 90th = rank ceil(2.7) = 3rd = 14.
    result = figures.wait_to_first_conversation(
        months=MonthRange.single(MARCH), scope=Scope(partnership_id=world.partnership.pk)
    )
    assert result[MARCH] == DayStats(
        count=3, mean=Decimal("9.0"), median=Decimal("10.0"), p90=14, longest=14
    )
