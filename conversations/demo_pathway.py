"""Demo journeys along the Three Conversations, built on the drop-in episodes seeded before.

Some people referred for crisis support have a conversation 2 with an emergency plan (its RAG
improving over follow-up crisis conversations), and leave crisis back to conversation 1, on to
conversation 3 or closed; a few are still in crisis (some past their review date or over six
weeks). Some follow-ups go on to conversation 3 with a support plan built on their outcomes;
others are resolved and closed. People added to a waiting list wait on the social work or OT
list; some are seen, some offered a hub appointment (and later seen at a hub), some no longer
need it. Many have personal outcomes reviewed over time and ONS4 wellbeing scores.

Records are bulk-created for speed (100k people at the large scale), but every step goes through
``Journey``, which applies the pathway's own table (``ALLOWED_MOVES``) and the same side effects
as the services: milestones derived, crisis plans ended on leaving crisis, waiting lists emptied
on close, the hub appointment list ended by a conversation at a hub.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Min

from cls_portal.demo.bulk import bulk_insert, bulk_insert_rows, bulk_set
from cls_portal.demo.context import SeedContext
from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    OutcomeReview,
    PersonalOutcome,
    SupportPlan,
    WaitingList,
    WaitingListEntry,
    WellbeingScore,
)
from conversations.services.pathway import (
    STATE_FOR_KIND,
    crisis_referrals_recompute,
    move_is_allowed,
)
from hubs.models import CommunitySolution, HubSession

State = Episode.State
Kind = Conversation.Kind
Reason = WaitingListEntry.RemovalReason
DAY = datetime.timedelta(days=1)

OUTCOME_STATEMENTS = [
    "Not to be lonely",
    "To get out of the house at least twice a week",
    "To stay living in my own home",
    "To get back to my allotment",
    "To have a break from caring now and then",
    "To feel safe at night",
    "To get to the shops on my own",
    "To sort out my money worries",
    "To see my grandchildren more",
    "To be able to manage the stairs",
    "To feel useful again",
    "To get back to church on Sundays",
]
CRISIS_MATTERS = [
    "My wife is in hospital and I can't manage on my own.",
    "I fell last night and I'm frightened it will happen again.",
    "The carer hasn't come for three days.",
    "I've been told I'm being evicted at the end of the month.",
    "My son who looks after me has gone into hospital.",
]
CRISIS_PLANS = [
    "Daily phone call from the team; emergency respite bed from tomorrow; GP asked to visit.",
    "Community alarm fitted today; neighbour to check in each morning; review with family.",
    "Emergency home care twice a day for a week; carers centre to call; food larder delivery.",
    "Housing options appointment booked; Citizens Advice to help with the letter; daily call.",
]
GOOD_LIFE_MATTERS = [
    "Having a life beyond the four walls.",
    "Being able to keep caring for my husband without falling apart.",
    "Getting some of my independence back.",
    "Having people around me who I can count on.",
]
PLAN_SUMMARIES = [
    "Men's shed on Tuesdays with community transport; a befriender once a week.",
    "A regular break from caring: Shared Lives day support one day a week.",
    "Lunch club twice a week and a walking group buddy; personal care in the mornings.",
    "Homeshare match for company and help around the house; digital buddy for video calls.",
]
PAID_SUPPORT = [
    "Four hours of personal care a week",
    "One day a week of day support",
    "Respite: one week every three months",
    "",
    "",
]
AGREED = [
    "I'll call on Friday to see how the week went.",
    "Introduce to the lunch club; check in after the first visit.",
    "Ask the GP about a medication review.",
]
STRENGTHS_OWN = ["Determined and good humoured", "Good with his hands", "Loves to bake", ""]
STRENGTHS_FAMILY = ["Daughter nearby, visits weekends", "Neighbour pops in daily", ""]
STRENGTHS_COMMUNITY = ["Known at the church", "Used to go to the bowling club", ""]


@dataclass
class Journey:
    """One episode's story, told step by step under the pathway's rules."""

    episode: Episode
    first_conversation_id: int | None
    conversations: list[Conversation] = field(default_factory=list)
    crisis_plans: list[CrisisPlan] = field(default_factory=list)
    support_plans: list[tuple[SupportPlan, list[int]]] = field(default_factory=list)
    entries: list[WaitingListEntry] = field(default_factory=list)
    changed: bool = False

    @property
    def last_day(self) -> datetime.date:
        return self.episode.last_conversation_on or self.episode.first_contact_on

    def _leave_crisis(self, day: datetime.date) -> None:
        for plan in self.crisis_plans:
            if plan.ended_on is None:
                plan.ended_on = day

    def talk(self, kind: int, day: datetime.date, **fields: Any) -> Conversation:
        episode, to_state = self.episode, STATE_FOR_KIND[kind]
        moving = episode.state != to_state
        if episode.state == State.CLOSED or (
            moving and not move_is_allowed(episode.state, to_state)
        ):
            raise ValueError(f"Demo journey broke the pathway: {episode.state} → {to_state}")
        if day < self.last_day:
            raise ValueError("Demo journey went back in time.")
        if moving:
            if to_state == State.CONVERSATION_2:
                episode.crisis_started_on = day
            elif episode.state == State.CONVERSATION_2:
                self._leave_crisis(day)
            episode.state = to_state
        episode.first_conversation_on = min(filter(None, [episode.first_conversation_on, day]))
        episode.last_conversation_on = max(filter(None, [episode.last_conversation_on, day]))
        if fields.get("what_happened") == Conversation.WhatHappened.RESOLVED:
            self.note_support(day)
        if fields.get("place") == Conversation.Place.HUB_SESSION:
            for entry in self.entries:
                if entry.waiting_list.is_hub_appointments and entry.removed_on is None:
                    entry.removed_on, entry.removal_reason = max(day, entry.added_on), Reason.SEEN
        conversation = Conversation(episode=episode, kind=kind, held_on=day, **fields)
        self.conversations.append(conversation)
        self.changed = True
        return conversation

    def note_support(self, day: datetime.date) -> None:
        episode = self.episode
        if episode.support_in_place_on is None or day < episode.support_in_place_on:
            episode.support_in_place_on = max(day, episode.first_conversation_on or day)

    def close(self, reason: str, day: datetime.date) -> None:
        episode = self.episode
        if not move_is_allowed(episode.state, State.CLOSED) or day < self.last_day:
            raise ValueError("Demo journey closed out of order.")
        if episode.state == State.CONVERSATION_2:
            self._leave_crisis(day)
        removal = {
            Episode.CloseReason.DIED: Reason.DIED,
            Episode.CloseReason.MOVED_AWAY: Reason.MOVED_AWAY,
        }.get(reason, Reason.NO_LONGER_NEEDED)
        for entry in self.entries:
            if entry.removed_on is None:
                entry.removed_on, entry.removal_reason = max(day, entry.added_on), removal
        episode.state, episode.closed_on, episode.close_reason = State.CLOSED, day, reason
        self.changed = True

    def crisis_plan(self, conversation: Conversation, **fields: Any) -> None:
        for plan in self.crisis_plans:  # a new conversation 2 replaces the open plan
            if plan.ended_on is None:
                plan.ended_on = conversation.held_on
        self.crisis_plans.append(
            CrisisPlan(episode=self.episode, conversation=conversation, **fields)
        )

    def wait(
        self, waiting_list: WaitingList, day: datetime.date, **fields: Any
    ) -> WaitingListEntry:
        entry = WaitingListEntry(
            episode=self.episode, waiting_list=waiting_list, added_on=day, **fields
        )
        self.entries.append(entry)
        return entry


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
        for found in self.sessions.get(locality_id, []):
            if day <= found[0] < self.today:
                return found
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

    def good_life(self, journey: Journey, day: datetime.date, outcomes: list | None = None) -> None:
        rng = self.rng
        conversation = journey.talk(Kind.GOOD_LIFE, day, place="home", **self.words(Kind.GOOD_LIFE))
        solutions = self.solutions.get(journey.episode.locality_id, [])
        chosen = rng.sample(solutions, k=min(len(solutions), rng.randint(1, 2)))
        plan = SupportPlan(
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
        episode = Episode(
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

    def outcomes(self, journeys: list[Journey]) -> None:
        rng, today = self.rng, self.today
        licensed = self.ctx.partnership.slug in set(
            getattr(settings, "SWEMWBS_LICENSED_PARTNERSHIPS", ())
        )
        outcomes, reviews_for, scores = [], [], []
        for journey in journeys:
            episode = journey.episode
            has_plan = bool(journey.support_plans)
            if episode.first_conversation_on is None or not (has_plan or rng.random() < 0.45):
                continue
            end = min(episode.closed_on or today, today)
            for statement in rng.sample(OUTCOME_STATEMENTS, k=rng.randint(1, 2)):
                outcome = PersonalOutcome(
                    episode=episode,
                    conversation_id=journey.first_conversation_id,
                    statement=statement,
                    created_on=episode.first_conversation_on,
                    created_by=self.practitioner,
                )
                outcomes.append(outcome)
                status_steps = ["not_met", "partly_met", "met"]
                level, day = rng.randint(0, 1), episode.first_conversation_on
                for _ in range(rng.randint(1, 5)):  # a few reviews, a month or two apart
                    day = self.later(day, 25, 70)
                    if day > end:
                        break
                    level = min(2, max(0, level + rng.choice([0, 1, 1, -1])))
                    reviews_for.append((outcome, day, status_steps[level]))
                    if level == 2 and rng.random() < 0.6:
                        break  # met: no need to keep reviewing
            if rng.random() < 0.4:
                measure = (
                    WellbeingScore.Measure.SWEMWBS if licensed and rng.random() < 0.5 else "ons4"
                )
                first = self.wellbeing(episode, measure, episode.first_conversation_on, 0)
                scores.append(first)
                later = self.later(episode.first_conversation_on, 60, 150)
                if later <= end:
                    scores.append(self.wellbeing(episode, measure, later, rng.randint(0, 3)))
        bulk_insert(PersonalOutcome, outcomes)
        bulk_insert(
            OutcomeReview,
            (
                OutcomeReview(
                    outcome=outcome, reviewed_on=day, status=status, reviewed_by=self.practitioner
                )
                for outcome, day, status in reviews_for
            ),
        )
        bulk_insert(WellbeingScore, scores)
        self.outcome_ids: dict[int, list[int]] = defaultdict(list)
        for outcome in outcomes:
            self.outcome_ids[outcome.episode_id].append(outcome.pk)
        self.counts = (len(outcomes), len(reviews_for), len(scores))

    def wellbeing(self, episode: Episode, measure: str, day: datetime.date, better: int):
        rng = self.rng
        if measure == WellbeingScore.Measure.ONS4:
            return WellbeingScore(
                episode=episode,
                measure=measure,
                recorded_on=day,
                recorded_by=self.practitioner,
                life_satisfaction=min(10, rng.randint(3, 6) + better),
                worthwhile=min(10, rng.randint(4, 7) + better),
                happiness=min(10, rng.randint(3, 6) + better),
                anxiety=max(0, rng.randint(4, 8) - better),  # lower is better
            )
        return WellbeingScore(
            episode=episode,
            measure=measure,
            recorded_on=day,
            recorded_by=self.practitioner,
            **{
                item: min(5, rng.randint(1, 4) + (better > 1))
                for item in WellbeingScore.SWEMWBS_ITEMS
            },
        )


EPISODE_FIELDS = [
    "state",
    "first_conversation_on",
    "last_conversation_on",
    "support_in_place_on",
    "crisis_started_on",
    "closed_on",
    "close_reason",
]


def _waiting_lists(ctx: SeedContext) -> dict[str, WaitingList]:
    made = WaitingList.objects.bulk_create(
        [
            WaitingList(
                partnership=ctx.partnership,
                name="Social work assessment",
                slug="social-work-assessment",
            ),
            WaitingList(
                partnership=ctx.partnership,
                name="Occupational therapy assessment",
                slug="occupational-therapy-assessment",
            ),
            WaitingList(
                partnership=ctx.partnership,
                name="Hub appointment",
                slug="hub-appointment",
                is_hub_appointments=True,
            ),
        ]
    )
    return dict(zip(["sw", "ot", "hub"], made, strict=True))


def seed(ctx: SeedContext) -> None:
    seeder = Seeder(ctx)
    lists = _waiting_lists(ctx)
    first_conversation = dict(
        Conversation.objects.filter(episode__partnership=ctx.partnership)
        .values("episode_id")
        .annotate(first=Min("pk"))
        .values_list("episode_id", "first")
    )
    latest: dict[int, tuple[datetime.date, str]] = {}
    for episode_id, held_on, happened in (
        Conversation.objects.filter(episode__partnership=ctx.partnership)
        .order_by("episode_id", "held_on", "pk")
        .values_list("episode_id", "held_on", "what_happened")
    ):
        latest[episode_id] = (held_on, happened)

    journeys = []
    for episode in Episode.objects.filter(partnership=ctx.partnership).order_by("pk"):
        journey = Journey(episode=episode, first_conversation_id=first_conversation.get(episode.pk))
        journeys.append(journey)
        if episode.state == State.CLOSED or episode.pk not in latest:
            continue
        day, happened = latest[episode.pk]
        if episode.state != State.CONVERSATION_1:
            continue
        if happened == Conversation.WhatHappened.CRISIS:
            seeder.crisis(journey, day)
        elif happened == Conversation.WhatHappened.FOLLOW_UP:
            seeder.follow_up(journey, day)
        elif happened == Conversation.WhatHappened.WAITING_LIST:
            seeder.waiting(journey, day, lists)

    # Write the journeys' states and milestones back.
    bulk_set(Episode, [j.episode for j in journeys if j.changed], EPISODE_FIELDS)
    # Some people come back after their episode closed: reopened as a new episode.
    referred_back = ctx.sizes["referred_back_percent"] / 100
    returning = []
    open_people = {j.episode.person_id for j in journeys if j.episode.state != State.CLOSED}
    for journey in list(journeys):
        if (
            journey.episode.state == State.CLOSED
            and journey.episode.person_id not in open_people
            and seeder.rng.random() < referred_back
        ):
            open_people.add(journey.episode.person_id)
            new = seeder.returning(
                journey.episode,
                lambda e: Journey(episode=e, first_conversation_id=None),
                lists=lists if seeder.rng.random() < 0.7 else None,
            )
            if new is not None:
                returning.append(new)
    bulk_insert(Episode, [j.episode for j in returning])
    for journey in returning:
        journey.changed = False  # created as they are: nothing to update
    journeys += returning

    bulk_insert(Conversation, [c for j in journeys for c in j.conversations])
    for journey in returning:
        if journey.conversations:
            journey.first_conversation_id = journey.conversations[0].pk
    bulk_insert(CrisisPlan, [p for j in journeys for p in j.crisis_plans])
    bulk_insert(WaitingListEntry, [e for j in journeys for e in j.entries])
    seeder.outcomes(journeys)
    plans = [plan for j in journeys for plan, _ in j.support_plans]
    bulk_insert(SupportPlan, plans)
    bulk_insert_rows(
        SupportPlan.outcomes.through,
        ["supportplan", "personaloutcome"],
        [
            (plan.pk, outcome_id)
            for plan in plans
            for outcome_id in seeder.outcome_ids.get(plan.episode_id, [])
        ],
    )
    bulk_insert_rows(
        SupportPlan.community_solutions.through,
        ["supportplan", "communitysolution"],
        [
            (plan.pk, solution_id)
            for j in journeys
            for plan, chosen in j.support_plans
            for solution_id in chosen
        ],
    )
    waiting_for_crisis = crisis_referrals_recompute(partnership=ctx.partnership)
    outcomes, reviews, scores = seeder.counts
    ctx.say(
        f"  pathway: {sum(len(j.conversations) for j in journeys)} more conversations, "
        f"{sum(len(j.crisis_plans) for j in journeys)} crisis plans, {len(plans)} support plans, "
        f"{sum(len(j.entries) for j in journeys)} waiting-list entries, {outcomes} outcomes "
        f"({reviews} reviews), {scores} wellbeing scores, {waiting_for_crisis} waiting for a "
        "crisis conversation"
    )
