"""Reading forums and meetings, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cls_portal.accounts.models import User
from cls_portal.accounts.setup import SetUpStep
from cls_portal.permissions import CASE_ROLES, sees_all_localities
from hubs.models import Locality
from peer_forum.models import Decision, ForumMeeting, FundingRequest, PeerForum


def _waiting_count() -> Coalesce:
    return Coalesce(
        Subquery(
            FundingRequest.objects.filter(
                forum=OuterRef("pk"), status__in=FundingRequest.AWAITING_DECISION
            )
            .order_by()
            .values("forum")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _next_meeting() -> Subquery:
    return Subquery(
        ForumMeeting.objects.filter(forum=OuterRef("pk"), held_on__gte=timezone.localdate())
        .order_by("held_on", "pk")
        .values("held_on")[:1]
    )


def forum_list(*, user: User) -> Any:
    """The forums the user may see, with member count, requests waiting and next meeting."""
    return (
        PeerForum.objects.visible_to(user)
        .select_related("locality")
        .annotate(
            member_count=Count("members", distinct=True),
            waiting_count=_waiting_count(),
            next_meeting_on=_next_meeting(),
        )
        .order_by("locality__name", "name", "pk")
    )


def forum_get(*, user: User, pk: int, action: str = "forum.view") -> PeerForum:
    return PeerForum.objects.select_related("locality").get_for(user, action, pk=pk)


def forum_members(forum: PeerForum) -> Any:
    return forum.members.order_by("first_name", "last_name", "pk")


def manageable_localities(*, user: User) -> Any:
    """Where this user may set up forums: every locality of the partnership for those who see
    them all (admins), else the localities they work in; only localities still in use."""
    localities = Locality.objects.in_partnership(user.partnership_id).in_use()
    if sees_all_localities(user):
        return localities
    return localities.filter(pk__in=user.locality_id_set)


def possible_members(*, localities: Any) -> Any:
    """Active case workers who work in any of these localities (the service checks that each
    member works in the forum's own locality)."""
    return (
        User.objects.filter(is_active=True, role__in=CASE_ROLES, localities__in=localities)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def forums_for_locality(*, locality_id: int) -> Any:
    return PeerForum.objects.filter(locality_id=locality_id, is_active=True).order_by("name")


def _count_per_meeting(queryset: Any, meeting_field: str) -> Coalesce:
    """A correlated COUNT for each meeting (joins would multiply the rows, then recount)."""
    counted = (
        queryset.filter(**{meeting_field: OuterRef("pk")})
        .order_by()
        .values(meeting_field)
        .annotate(n=Count("*"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def meeting_list(*, forum: PeerForum) -> Any:
    """A forum's meetings, newest first, with the size of each agenda, decisions made and
    members present."""
    return (
        ForumMeeting.objects.filter(forum=forum)
        .annotate(
            agenda_count=_count_per_meeting(FundingRequest.objects.all(), "meeting"),
            decision_count=_count_per_meeting(Decision.objects.all(), "meeting"),
            present_count=_count_per_meeting(
                ForumMeeting.attendees.through.objects.all(), "forummeeting"
            ),
        )
        .order_by("-held_on", "-pk")
    )


def upcoming_meetings(*, forum: PeerForum | None) -> Any:
    """A forum's meetings from today on, soonest first (none when there is no forum)."""
    if forum is None:
        return ForumMeeting.objects.none()
    return upcoming_meetings_of(forums=[forum])


def upcoming_meetings_of(*, forums: Any) -> Any:
    return (
        ForumMeeting.objects.filter(forum__in=forums, held_on__gte=timezone.localdate())
        .select_related("forum")
        .order_by("held_on", "starts_at", "pk")
    )


def meetings_for_deciding(*, forum: PeerForum, submitted_on: Any) -> Any:
    """Meetings of the forum where a request submitted on that day can be decided: held on or
    after it, and not in the future; most recent first."""
    return (
        ForumMeeting.objects.filter(
            forum=forum, held_on__gte=submitted_on, held_on__lte=timezone.localdate()
        )
        .select_related("forum")
        .order_by("-held_on", "-pk")
    )


def meeting_get(*, user: User, pk: int, action: str = "forum.view") -> ForumMeeting:
    return ForumMeeting.objects.select_related("forum", "forum__locality").get_for(
        user, action, pk=pk
    )


def meeting_agenda(*, user: User, meeting: ForumMeeting) -> Any:
    """The requests on a meeting's agenda (waiting, or decided at it), scoped like case records,
    each with the outcome decided at this meeting, if any. Two indexed lookups find the ids
    (an OR across the two tables would scan every request)."""
    decided_here = Decision.objects.filter(meeting=meeting)
    ids = set(FundingRequest.objects.filter(meeting=meeting).values_list("pk", flat=True))
    ids |= set(decided_here.values_list("request_id", flat=True))
    outcome_here = decided_here.filter(request=OuterRef("pk")).order_by("-round")
    return (
        FundingRequest.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("episode__person", "presenter", "forum")
        .annotate(decided_here=Subquery(outcome_here.values("outcome")[:1]))
        .order_by("submitted_on", "pk")
    )


def forum_list_for_api(*, user: User) -> Any:
    """Forums the user may see, with their members (the API's list)."""
    return (
        PeerForum.objects.visible_to(user)
        .select_related("locality")
        .prefetch_related("members")
        .order_by("locality__name", "name", "pk")
    )


def forum_choice(*, user: User, pk: Any) -> PeerForum | None:
    """A forum the user may see, or None (a bad choice gets a message on the field)."""
    if not pk:
        return None
    return PeerForum.objects.visible_to(user).filter(pk=pk).first()


def meeting_list_for_api(*, user: User, forum_id: int | None = None) -> Any:
    """Meetings of forums the user may see, newest first (optionally one forum's)."""
    meetings = (
        ForumMeeting.objects.visible_to(user)
        .select_related("forum")
        .prefetch_related("attendees")
        .order_by("-held_on", "-pk")
    )
    return meetings.filter(forum_id=forum_id) if forum_id else meetings


def forums_in_use_count(partnership_id: int) -> int:
    return PeerForum.objects.filter(partnership_id=partnership_id, is_active=True).count()


# A step of the administrator's set-up page (registered in PeerForumConfig.ready).
FORUM_SETUP_STEP = SetUpStep(
    40,
    "Peer forums",
    "peer_forum:forum_list",
    "Each locality's forum: its members (staff added above), quorum and delegated limits.",
    forums_in_use_count,
)
