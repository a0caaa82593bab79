"""Demo funding requests and decisions at the peer forums (made with their meetings by
``demo.forums``): a realistic mix over the demo history.

Counterfactual costs are what councils pay for traditional services (home care £250–£900 a week,
residential care £800–£1,200, day centres £150–£350, respite £600–£1,000); the community-based
alternatives cost much less. Most requests are approved, some with changes, some deferred and
then decided, a few declined, and those above a forum's delegated limit escalated. Requests are
tied to conversation 3 episodes (with support plans) where they exist, else to other episodes.
Everything is bulk-inserted and drawn from ``ctx.rng`` so a seed always gives the same data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef

from cls_portal.permissions import Role
from conversations.models import Episode, SupportPlan
from conversations.services.pathway_rules import episode_after_support
from demo.bulk import bulk_insert, bulk_insert_rows, bulk_set, new
from demo.context import SeedContext
from demo.forum_followups import seed_escalations, seed_reviews
from demo.forums import seed_forums, seed_meetings
from hubs.models import CommunitySolution
from peer_forum.models import Decision, ForumMeeting, FundingRequest, PeerForum

Outcome = Decision.Outcome
Status = FundingRequest.Status
Service = FundingRequest.ServiceType

REQUESTS_PER_PERSON = 0.2  # the large scale: 100,000 people → 20,000 requests
# About this many requests are submitted in the last fortnight, so the queues have work in them
# even at the small scale (at the large scale the even spread already gives plenty).
RECENT_REQUESTS = 8
TODAYS_AGENDA = 4  # requests on today's meeting of the demo manager's first forum
LONG_TERM_SERVICES = [
    (Service.HOME_CARE, 250, 900, 55),
    (Service.RESIDENTIAL_CARE, 800, 1200, 20),
    (Service.DAY_CENTRE, 150, 350, 15),
    (Service.SUPPORTED_LIVING, 600, 1000, 10),
]
SHORT_TERM_SERVICES = [(Service.RESPITE, 600, 1000, 60), (Service.HOME_CARE, 250, 600, 40)]
ONE_OFF_SERVICES = [(Service.EQUIPMENT, 300, 2500, 50), (Service.RESPITE, 900, 1300, 50)]
OUTCOMES_SOUGHT = [
    "To stay living at home and get out to the lunch club twice a week.",
    "Not to be lonely since my wife died; company in the afternoons.",
    "To give my husband's carer (me) a proper break now and then.",
    "To manage the stairs and the shopping on my own again.",
    "To keep going to the men's shed and my allotment.",
    "To feel safe at night without moving into a home.",
]
PAID_SUPPORT = [
    "",
    "",
    "Two short home-care visits a week for personal care.",
    "A personal assistant four hours a week.",
    "Community transport to the day opportunity.",
]
RATIONALES = {
    Outcome.APPROVE: [
        "Builds on strengths and community connections already in place.",
        "Keeps her at home with family and neighbours involved; review in three months.",
        "Good use of local supports; far less than the traditional package.",
    ],
    Outcome.APPROVE_WITH_CHANGES: [
        "Agreed with one fewer paid visit: the befriender covers the afternoons.",
        "Agreed at a lower amount while the carers' centre support starts.",
    ],
    Outcome.DEFER: [
        "Ask the carers' centre first and bring back next week.",
        "Need to hear from the family before deciding.",
    ],
    Outcome.DECLINE: [
        "Community supports already meet these outcomes without funding.",
        "Not the right time: revisit after the OT assessment.",
    ],
    Outcome.ESCALATE: ["Above our delegated limit: sent to the service manager."],
}


def _pick(rng: Any, table: list[tuple]) -> tuple:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def _pounds(rng: Any, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _candidate_episodes(ctx: SeedContext, wanted: int) -> list[tuple]:
    """Episodes to make requests on: conversation 3 ones (with a support plan) first, then open
    ones, then closed ones; deterministic order."""
    plans = SupportPlan.objects.filter(episode=OuterRef("pk"))
    rows = list(
        Episode.objects.filter(partnership=ctx.partnership, first_conversation_on__isnull=False)
        .annotate(has_plan=Exists(plans))
        .values_list("pk", "locality_id", "first_conversation_on", "closed_on", "state", "has_plan")
        .order_by("pk")
    )

    def rank(row: tuple) -> int:
        if row[5] or row[4] == Episode.State.CONVERSATION_3:
            return 0
        return 1 if row[3] is None else 2

    ranked = sorted(rows, key=lambda row: (rank(row), ctx.rng.random()))
    return ranked[:wanted]


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng
    forums, members = seed_forums(ctx)
    forum_by_locality = {forum.locality_id: forum for forum in forums}
    meetings = seed_meetings(ctx, forums, members)
    solutions_by_locality: dict[int, list[int]] = defaultdict(list)
    for solution_id, locality_id in (
        CommunitySolution.localities.through.objects.filter(
            communitysolution__partnership=ctx.partnership
        )
        .values_list("communitysolution_id", "locality_id")
        .order_by("communitysolution_id", "locality_id")
    ):
        solutions_by_locality[locality_id].append(solution_id)
    plan_by_episode = dict(
        SupportPlan.objects.filter(episode__partnership=ctx.partnership)
        .order_by("episode_id", "created_at", "pk")
        .values_list("episode_id", "pk")
    )
    presenters = {
        forum.pk: [user for user in members[forum.pk] if user.role == Role.PRACTITIONER]
        for forum in forums
    }
    deciders = {
        forum.pk: [user for user in members[forum.pk] if user.role == Role.FORUM_MANAGER]
        for forum in forums
    }

    requests, plans, decision_specs = [], [], []
    wanted = round(ctx.sizes["people"] * REQUESTS_PER_PERSON)
    recent_share = min(0.15, RECENT_REQUESTS / max(wanted, 1))
    # The demo manager's first forum gets a queue to work through today (``TODAYS_AGENDA``
    # requests on today's meeting) and an escalation a week old waiting for the senior decision.
    todays_forum, scripted = forums[0], 0
    for episode_id, locality_id, first_on, closed_on, _state, _plan in _candidate_episodes(
        ctx, wanted
    ):
        forum = forum_by_locality[locality_id]
        latest = min(closed_on or ctx.today, ctx.today)
        earliest = max(first_on, ctx.start)
        if earliest > latest:
            continue
        script = None
        if forum is todays_forum and latest == ctx.today and scripted <= TODAYS_AGENDA:
            script = "escalate" if scripted == TODAYS_AGENDA else "today"
            scripted += 1
        if script == "today":
            earliest = max(earliest, ctx.today - datetime.timedelta(days=6))
        elif script == "escalate":
            earliest = latest = ctx.today - datetime.timedelta(days=10)
        elif rng.random() < recent_share and latest == ctx.today:
            earliest = max(earliest, ctx.today - datetime.timedelta(days=14))
        if earliest > latest:
            continue
        submitted = ctx.random_day(earliest, latest)
        spec = _request_spec(rng, forum, above_limit=script == "escalate")
        request = new(
            FundingRequest,
            episode_id=episode_id,
            support_plan_id=plan_by_episode.get(episode_id),
            forum=forum,
            presenter=rng.choice(presenters[forum.pk]) if presenters[forum.pk] else None,
            status=Status.SUBMITTED,
            outcomes_sought=rng.choice(OUTCOMES_SOUGHT),
            proposed_paid_support=rng.choice(PAID_SUPPORT),
            sds_option=rng.choices([1, 2, 3, 4], weights=[15, 20, 55, 10])[0],
            start_on=submitted + datetime.timedelta(days=rng.randint(7, 21)),
            submitted_on=submitted,
            **spec,
        )
        if request.intervention_type != FundingRequest.Type.ONE_OFF:
            weeks = 12 if request.intervention_type == FundingRequest.Type.LONG_TERM else 6
            request.review_on = request.start_on + datetime.timedelta(weeks=weeks)
        if not script and rng.random() < 0.03 and (ctx.today - submitted).days < 21:
            request.status, request.forum, request.submitted_on = Status.DRAFT, None, None
        else:
            decision_specs.append(
                _decide(rng, request, meetings[forum.pk], ctx.today, force=script == "escalate")
            )
        requests.append(request)
        local = solutions_by_locality.get(locality_id, [])
        plans.append(rng.sample(local, k=min(len(local), rng.randint(1, 3))))

    requests = bulk_insert(FundingRequest, requests)
    bulk_insert_rows(
        FundingRequest.proposed_solutions.through,
        ["fundingrequest", "communitysolution"],
        [
            (request.pk, solution_id)
            for request, chosen in zip(requests, plans, strict=True)
            for solution_id in chosen
        ],
    )
    decisions = []
    specs = iter(decision_specs)
    for request in requests:
        if request.status == Status.DRAFT:
            continue
        for round_number, (meeting, outcome, amount) in enumerate(next(specs), start=1):
            decisions.append(
                new(
                    Decision,
                    request=request,
                    meeting=meeting,
                    round=round_number,
                    outcome=outcome,
                    approved_weekly_amount=None if request.is_one_off else amount,
                    approved_one_off_amount=amount if request.is_one_off else None,
                    rationale=rng.choice(RATIONALES[outcome]),
                    members_present=meeting.present_count,
                    decided_on=meeting.held_on,
                    days_to_decision=(meeting.held_on - request.submitted_on).days,
                    decided_by=rng.choice(deciders[meeting.forum_id]),
                )
            )
    decisions = bulk_insert(Decision, decisions)
    seniors, senior_approved = seed_escalations(ctx, decisions)
    reviews = seed_reviews(ctx, requests, decisions, senior_approved, todays_forum, presenters)
    _note_support_in_place(requests, {pk: day for pk, (day, _) in senior_approved.items()})
    ctx.say(
        f"  {len(forums)} peer forums, {sum(map(len, meetings.values()))} meetings, "
        f"{len(requests)} funding requests, {len(decisions)} decisions, "
        f"{seniors} senior decisions, {reviews} package reviews"
    )


def _request_spec(rng: Any, forum: PeerForum, *, above_limit: bool = False) -> dict[str, Any]:
    """The type, counterfactual and proposal of one request (alternatives much cheaper); or a
    long-term care-home alternative above the forum's limit (``above_limit``)."""
    if above_limit:
        return {
            "intervention_type": FundingRequest.Type.LONG_TERM,
            "counterfactual_service": Service.RESIDENTIAL_CARE,
            "counterfactual_weekly_cost": _pounds(rng, 1000, 1200),
            "proposed_weekly_cost": forum.delegated_weekly_limit + _pounds(rng, 60, 180),
        }
    kind = rng.choices(
        [
            FundingRequest.Type.LONG_TERM,
            FundingRequest.Type.SHORT_TERM,
            FundingRequest.Type.ONE_OFF,
        ],
        weights=[60, 25, 15],
    )[0]
    if kind == FundingRequest.Type.ONE_OFF:
        service, low, high, _ = _pick(rng, ONE_OFF_SERVICES)
        counterfactual = _pounds(rng, low, high)
        proposed = (counterfactual * Decimal(rng.randint(15, 60)) / 100).quantize(Decimal("0.01"))
        return {
            "intervention_type": kind,
            "counterfactual_service": service,
            "counterfactual_one_off_cost": counterfactual,
            "proposed_one_off_cost": proposed,
        }
    services = LONG_TERM_SERVICES if kind == FundingRequest.Type.LONG_TERM else SHORT_TERM_SERVICES
    service, low, high, _ = _pick(rng, services)
    counterfactual = _pounds(rng, low, high)
    share = rng.randint(8, 45) if rng.random() < 0.93 else rng.randint(50, 70)
    proposed = (counterfactual * Decimal(share) / 100).quantize(Decimal("0.01"))
    return {
        "intervention_type": kind,
        "counterfactual_service": service,
        "counterfactual_weekly_cost": counterfactual,
        "proposed_weekly_cost": proposed,
        "short_term_weeks": rng.randint(2, 6) if kind == FundingRequest.Type.SHORT_TERM else None,
    }


def _decide(
    rng: Any,
    request: FundingRequest,
    meetings: list[ForumMeeting],
    today: datetime.date,
    *,
    force: bool = False,
) -> list[tuple[ForumMeeting, str, Decimal | None]]:
    """The decisions a request gets at the forum's meetings from its submission on (none yet
    when its first meeting is today or ahead), and its resulting status and agenda. One not
    decided at a recent meeting is carried to the forum's next meeting (today's or later), so
    every request waiting has a meeting it can be decided at."""
    upcoming = [meeting for meeting in meetings if meeting.held_on >= request.submitted_on]
    asked = request.requested_amount
    decisions = []
    for meeting in upcoming:
        recent = (today - meeting.held_on).days < 7
        skipped = recent and not decisions and not force and rng.random() < 0.5
        if meeting.held_on >= today or skipped:
            # On the next meeting's agenda from today on; not decided (or recorded) yet.
            request.meeting = next((m for m in upcoming if m.held_on >= today), None)
            return decisions
        if request.is_above_limit:
            outcome = Outcome.ESCALATE
        elif not decisions and rng.random() < 0.08:
            outcome = Outcome.DEFER
        else:
            outcome = rng.choices(
                [Outcome.APPROVE, Outcome.APPROVE_WITH_CHANGES, Outcome.DECLINE],
                weights=[72, 18, 10],
            )[0]
        amount = None
        if outcome == Outcome.APPROVE:
            amount = asked
        elif outcome == Outcome.APPROVE_WITH_CHANGES:
            amount = (asked * Decimal(rng.randint(70, 95)) / 100).quantize(Decimal("0.01"))
        decisions.append((meeting, outcome, amount))
        request.meeting = meeting
        if outcome != Outcome.DEFER:
            request.status = {
                Outcome.APPROVE: Status.APPROVED,
                Outcome.APPROVE_WITH_CHANGES: Status.APPROVED,
                Outcome.DECLINE: Status.DECLINED,
                Outcome.ESCALATE: Status.ESCALATED,
            }[outcome]
            return decisions
        request.status = Status.DEFERRED
    request.meeting = None
    return decisions


def _note_support_in_place(
    requests: list[FundingRequest], senior_approved_on: dict[int, datetime.date]
) -> None:
    """Approved funding puts support in place (as ``episode_note_support_in_place`` does),
    keeping the earliest such day an episode already has: from the forum's approval, or the
    senior decision's for an escalation."""
    approved_on: dict[int, datetime.date] = {}
    for request in requests:
        if request.status != Status.APPROVED:
            continue
        decided = senior_approved_on.get(request.pk, request.meeting.held_on)
        day = max(decided, request.start_on)
        approved_on[request.episode_id] = min(approved_on.get(request.episode_id, day), day)
    episodes = list(Episode.objects.filter(pk__in=approved_on).order_by("pk"))
    changed = []
    for episode in episodes:
        before = episode.support_in_place_on
        episode_after_support(episode, on=approved_on[episode.pk]).apply(episode)
        if episode.support_in_place_on != before:
            changed.append(episode)
    bulk_set(Episode, changed, ["support_in_place_on"])
