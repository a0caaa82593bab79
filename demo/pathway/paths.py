"""The paths people take in the demo after their drop-in: crisis, a good life, follow-ups,
waiting lists, and coming back after an episode closed.

Some people referred for crisis support have a conversation 2 with an emergency plan (its RAG
improving over follow-up crisis conversations), and leave crisis back to conversation 1, on to
conversation 3 or closed; a few are still in crisis (some past their review date or over six
weeks). Some follow-ups go on to conversation 3 with a support plan; others are resolved and
closed. People added to a waiting list wait on the social work or OT list; some are seen, some
offered a hub appointment (and later seen at a hub), some no longer need it. Every step goes
through a ``Journey``, so the pathway's own rules apply.
"""

from __future__ import annotations

import bisect
import datetime
import operator
from collections import defaultdict
from typing import Any

from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    SupportPlan,
    WaitingList,
    WaitingListEntry,
)
from demo.bulk import new
from demo.context import SeedContext
from demo.pathway.journey import Journey
from demo.pathway.words import (
    AGREED,
    CRISIS_MATTERS,
    CRISIS_PLANS,
    GOOD_LIFE_MATTERS,
    OUTCOME_STATEMENTS,
    PAID_SUPPORT,
    PLAN_SUMMARIES,
    STRENGTHS_COMMUNITY,
    STRENGTHS_FAMILY,
    STRENGTHS_OWN,
)
from hubs.models import CommunitySolution, HubSession

State = Episode.State
Kind = Conversation.Kind
Reason = WaitingListEntry.RemovalReason
DAY = datetime.timedelta(days=1)


class Seeder:
    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.practitioner = ctx.users.get("practitioner")
        self.hub_worker = ctx.users.get("hub_worker")
        self.sessions: dict[int, list[tuple[datetime.date, int, int]]] = defaultdict(list)
        for pk, day, hub_id, locality_id in (
            HubSession.objects.filter(hub__partnership=ctx.partnership)
            .values_list("pk", "date", "hub_id", "hub__locality_id")
            .order_by("date", "pk")
        ):
            self.sessions[locality_id].append((day, pk, hub_id))
        self.solutions: dict[int, list[int]] = defaultdict(list)
        for solution_id, locality_id in (
            CommunitySolution.localities.through.objects.filter(
                communitysolution__partnership=ctx.partnership
            )
            .order_by("communitysolution_id", "locality_id")
            .values_list("communitysolution_id", "locality_id")
        ):
            self.solutions[locality_id].append(solution_id)

    # -- helpers --------------------------------------------------------------------------

    def later(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day + self.rng.randint(low, high) * DAY

    def session_on_or_after(self, locality_id: int, day: datetime.date) -> tuple | None:
        """The first session from ``day`` before today (they are in date order)."""
        sessions = self.sessions.get(locality_id, [])
        at = bisect.bisect_left(sessions, day, key=operator.itemgetter(0))
        if at < len(sessions) and sessions[at][0] < self.today:
            return sessions[at]
        return None

    def words(self, kind: int) -> dict[str, Any]:
        rng = self.rng
        matters = {
            Kind.LISTEN_AND_CONNECT: OUTCOME_STATEMENTS,
            Kind.CRISIS: CRISIS_MATTERS,
            Kind.GOOD_LIFE: GOOD_LIFE_MATTERS,
        }[kind]
        return {
            "what_matters": rng.choice(matters),
            "strengths_own": rng.choice(STRENGTHS_OWN),
            "strengths_family": rng.choice(STRENGTHS_FAMILY),
            "strengths_community": rng.choice(STRENGTHS_COMMUNITY),
            "agreed_actions": rng.choice(AGREED),
            "practitioner": self.practitioner,
        }

    # -- journeys -------------------------------------------------------------------------

    def crisis(self, journey: Journey, referred_on: datetime.date) -> None:
        start = self.later(referred_on, 0, 5)
        if start >= self.today or self.rng.random() < 0.12:
            return  # still waiting for a crisis conversation: the board shows the referral
        self.crisis_spell(journey, start)

    def crisis_spell(self, journey: Journey, start: datetime.date) -> None:
        rng, today = self.rng, self.today
        spell = rng.choice([8, 12, 16, 21, 28, 35, 40, 50, 60])
        day, rag = start, rng.choice([CrisisPlan.Rag.RED, CrisisPlan.Rag.RED, CrisisPlan.Rag.AMBER])
        while True:
            conversation = journey.talk(
                Kind.CRISIS,
                day,
                place=rng.choice(["home", "phone", "home"]),
                **self.words(Kind.CRISIS),
            )
            journey.crisis_plan(
                conversation,
                plan=rng.choice(CRISIS_PLANS),
                rag=rag,
                review_by=day + rng.choice([3, 5, 7, 10, 14]) * DAY,
            )
            day = self.later(day, 4, 12)
            rag = {"red": "amber", "amber": rng.choice(["amber", "green"]), "green": "green"}[rag]
            if day >= today or (day - start).days >= spell:
                break
        if day >= today:
            return  # still in crisis today (some past review, some over six weeks)
        exit_path = rng.random()
        if exit_path < 0.35:
            journey.talk(
                Kind.LISTEN_AND_CONNECT,
                day,
                place="phone",
                what_happened="connected",
                **self.words(Kind.LISTEN_AND_CONNECT),
            )
            closing = self.later(day, 3, 20)
            if closing < today:
                journey.close(Episode.CloseReason.CRISIS_RESOLVED, closing)
        elif exit_path < 0.7:
            self.good_life(journey, day)
        else:
            journey.close(Episode.CloseReason.CRISIS_RESOLVED, day)

    def good_life(self, journey: Journey, day: datetime.date) -> None:
        rng = self.rng
        conversation = journey.talk(Kind.GOOD_LIFE, day, place="home", **self.words(Kind.GOOD_LIFE))
        solutions = self.solutions.get(journey.episode.locality_id, [])
        chosen = rng.sample(solutions, k=min(len(solutions), rng.randint(1, 2)))
        plan = new(
            SupportPlan,
            episode=journey.episode,
            conversation=conversation,
            summary=rng.choice(PLAN_SUMMARIES),
            paid_support=rng.choice(PAID_SUPPORT),
        )
        journey.support_plans.append((plan, chosen))
        review = self.later(day, 70, 110)
        if review < self.today:  # a review conversation 3 months on
            journey.talk(Kind.GOOD_LIFE, review, place="home", **self.words(Kind.GOOD_LIFE))

    def follow_up(self, journey: Journey, day: datetime.date) -> None:
        rng, today = self.rng, self.today
        next_day = self.later(day, 7, 30)
        if next_day >= today:
            return
        roll = rng.random()
        if roll < 0.1:
            self.crisis_spell(journey, next_day)
        elif roll < 0.4:
            self.good_life(journey, next_day)
        elif roll < 0.75:
            happened = rng.choice(["resolved", "connected"])
            journey.talk(
                Kind.LISTEN_AND_CONNECT,
                next_day,
                place=rng.choice(["phone", "home"]),
                what_happened=happened,
                **self.words(Kind.LISTEN_AND_CONNECT),
            )
            closing = self.later(next_day, 0, 14)
            if closing < today:
                journey.close(
                    Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT
                    if happened == "resolved" and rng.random() < 0.3
                    else Episode.CloseReason.CONNECTED_TO_COMMUNITY,
                    closing,
                )

    def waiting(self, journey: Journey, day: datetime.date, lists: dict[str, WaitingList]) -> None:
        rng, today = self.rng, self.today
        waiting_list = lists["sw"] if rng.random() < 0.6 else lists["ot"]
        entry = journey.wait(
            waiting_list,
            day,
            priority="urgent" if rng.random() < 0.15 else "routine",
            reason=rng.choice(
                [
                    "Needs an assessment for care at home",
                    "Help with bathing",
                    "Stair rail and bath board",
                    "Carer's assessment",
                ]
            ),
            added_by=self.practitioner,
        )
        removed = self.later(day, 20, 160)
        if removed >= today:
            return  # still waiting
        roll = rng.random()
        if roll < 0.45:
            entry.removed_on, entry.removal_reason = removed, Reason.SEEN
            if journey.episode.state == State.WAITING:  # the assessment was their first talk
                journey.talk(
                    Kind.LISTEN_AND_CONNECT,
                    removed,
                    place="home",
                    what_happened="connected",
                    **self.words(Kind.LISTEN_AND_CONNECT),
                )
            closing = self.later(removed, 3, 20)
            if closing < today:
                journey.close(Episode.CloseReason.TRANSFERRED, closing)
        elif roll < 0.8:
            entry.removed_on, entry.removal_reason = removed, Reason.HUB_APPOINTMENT
            session = self.session_on_or_after(
                journey.episode.locality_id, self.later(removed, 3, 14)
            )
            journey.wait(
                lists["hub"],
                removed,
                priority=entry.priority,
                reason=f"Offered instead of waiting for {waiting_list.name}",
                appointment_session_id=session[1] if session else None,
                added_by=self.practitioner,
            )
            if session is not None and rng.random() < 0.85:  # most come to their appointment
                seen_on, session_id, hub_id = session
                journey.talk(
                    Kind.LISTEN_AND_CONNECT,
                    seen_on,
                    place="hub_session",
                    hub_session_id=session_id,
                    hub_id=hub_id,
                    what_happened=rng.choice(["connected", "resolved", "follow_up"]),
                    **self.words(Kind.LISTEN_AND_CONNECT),
                )
        else:
            entry.removed_on, entry.removal_reason = removed, Reason.NO_LONGER_NEEDED
            journey.close(Episode.CloseReason.NO_LONGER_NEEDED, removed)

    def returning(
        self, old: Episode, journey_for, lists: dict[str, WaitingList] | None = None
    ) -> Journey | None:
        """Someone whose episode closed comes back (a GP, hospital or family referral): a new
        episode linked to the old one, often straight into a crisis conversation — or, given
        ``lists``, referred for an assessment and put on a waiting list before any conversation
        (the backlog that offering hub appointments is meant to shorten)."""
        rng, today = self.rng, self.today
        earliest = old.closed_on + 14 * DAY
        if earliest >= today - DAY:
            return None
        first_contact = earliest + rng.randint(0, (today - DAY - earliest).days) * DAY
        episode = new(
            Episode,
            person_id=old.person_id,
            partnership_id=old.partnership_id,
            locality_id=old.locality_id,
            state=State.WAITING,
            first_contact_on=first_contact,
            channel=rng.choice([Episode.Channel.REFERRAL, Episode.Channel.PHONE]),
            source=rng.choice([Episode.Source.GP, Episode.Source.HOSPITAL, Episode.Source.FAMILY]),
            reopened_from=old,
            created_by=self.practitioner,
        )
        journey = journey_for(episode)
        if lists is not None:
            self.waiting(journey, first_contact, lists)
            return journey
        start = self.later(first_contact, 0, 2)
        if start >= today:
            return journey  # waiting for a first conversation
        if rng.random() < 0.7:
            self.crisis_spell(journey, start)
        else:
            journey.talk(
                Kind.LISTEN_AND_CONNECT,
                start,
                place="phone",
                what_happened="follow_up",
                **self.words(Kind.LISTEN_AND_CONNECT),
            )
            self.follow_up(journey, start)
        return journey

    # -- outcomes and wellbeing -------------------------------------------------------------
