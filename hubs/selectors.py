"""Reading hubs, sessions and the directory, always scoped to what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from cls_portal.permissions import ROLE_PERMISSIONS, sees_all_localities
from hubs.models import (
    CommunitySolution,
    Hub,
    HubSchedule,
    HubSession,
    Locality,
    SolutionCategory,
)

if TYPE_CHECKING:
    # For annotations only: hubs sits below accounts (User points at Partnership and Locality),
    # so the model itself is looked up at call time.
    from cls_portal.accounts.models import User

# ---------------------------------------------------------------- hubs and sessions


def hub_list(*, user: User, include_inactive: bool = False) -> QuerySet[Hub]:
    """Hubs in use in the user's partnership, those in the user's own localities first."""
    qs = Hub.objects.visible_to(user)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return (
        qs.select_related("locality")
        .annotate(
            is_mine=Case(
                When(locality_id__in=user.locality_id_set, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-is_mine", "locality__name", "name", "pk")
    )


def hub_get(*, user: User, pk: int, action: str = "hub.view") -> Hub:
    """One hub of the user's partnership: 404 outside it, 403 for a role that may not act."""
    return Hub.objects.select_related("locality", "partnership").get_for(user, action, pk=pk)


def hub_attach_open_sessions(*, user: User, hubs: Iterable[Hub]) -> list[Hub]:
    """Set ``hub.open_session``: today's open session there that the user may see (one query
    for the whole page of hubs)."""
    hubs = list(hubs)
    sessions = HubSession.objects.visible_to(user).filter(
        hub_id__in=[hub.pk for hub in hubs],
        date=timezone.localdate(),
        planned=False,
        closed_at__isnull=True,
    )
    by_hub = {session.hub_id: session for session in sessions.order_by("-pk")}
    for hub in hubs:
        hub.open_session = by_hub.get(hub.pk)
    return hubs


def hub_session_list(*, user: User, hub: Hub) -> QuerySet[HubSession]:
    """Sessions at a hub the user may see (staff of other localities see none), up to today
    (the ones planned after today are on its calendar)."""
    return (
        HubSession.objects.visible_to(user)
        .filter(hub=hub, date__lte=timezone.localdate())
        .prefetch_related(
            Prefetch("staff", queryset=get_user_model().objects.order_by("first_name"))
        )
        .order_by("-date", "-pk")
    )


def hub_session_get(*, user: User, pk: int, action: str = "hub_session.run") -> HubSession:
    """One session: its page lists the people seen, so only staff who run sessions in that
    hub's locality may open it (404 for other localities, 403 for other roles)."""
    return HubSession.objects.select_related("hub__locality", "hub__partnership").get_for(
        user, action, pk=pk
    )


def hub_calendar(
    *, user: User, hub: Hub, start: datetime.date, end: datetime.date
) -> QuerySet[HubSession]:
    """A hub's sessions between two days (planned, open or held), soonest first."""
    return (
        HubSession.objects.visible_to(user)
        .filter(hub=hub, date__range=(start, end))
        .order_by("date", "starts_at", "pk")
    )


def hub_schedules_in_use(*, user: User, hub: Hub, today: datetime.date) -> QuerySet[HubSchedule]:
    """A hub's regular sessions that have not ended."""
    return (
        HubSchedule.objects.visible_to(user)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today), hub=hub)
        .order_by("weekday", "starts_at", "pk")
    )


def hub_schedule_get(*, user: User, pk: int, action: str = "hub_calendar.plan") -> HubSchedule:
    """One regular session: 404 outside the user's localities, 403 for a role that may not plan."""
    return HubSchedule.objects.select_related("hub").get_for(user, action, pk=pk)


def hub_session_staff_choices(*, hub: Hub) -> QuerySet[User]:
    """Colleagues who could be working at this hub: active session-running staff of the
    hub's partnership who work in its locality."""
    return (
        get_user_model()
        .objects.filter(
            partnership_id=hub.partnership_id,
            is_active=True,
            role__in=ROLE_PERMISSIONS["hub_session.run"],
            localities=hub.locality_id,
        )
        .order_by("first_name", "last_name", "pk")
        .distinct()
    )


# ---------------------------------------------------------------- the directory


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory list is narrowed by; every field optional."""

    q: str = ""
    category: SolutionCategory | None = None
    locality: Locality | None = None
    include_inactive: bool = False
    needs_review: bool = False


def solution_category_list() -> QuerySet[SolutionCategory]:
    return SolutionCategory.objects.order_by("name")


def solution_list(
    *, user: User, filters: DirectoryFilters | None = None, today: datetime.date | None = None
) -> QuerySet[CommunitySolution]:
    """Directory entries of the user's partnership, narrowed by free text (name, organisation,
    description, category), category, and locality. An entry with no localities is available
    across the partnership, so it shows under every locality."""
    filters = filters or DirectoryFilters()
    qs = CommunitySolution.objects.visible_to(user)
    if not filters.include_inactive:
        qs = qs.filter(is_active=True)
    for word in filters.q.split()[:6]:
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(organisation__icontains=word)
            | Q(description__icontains=word)
            | Q(category__name__icontains=word)
        )
    if filters.category is not None:
        qs = qs.filter(category=filters.category)
    if filters.locality is not None:
        through = CommunitySolution.localities.through
        covered = through.objects.filter(communitysolution_id=OuterRef("pk"))
        qs = qs.filter(Exists(covered.filter(locality_id=filters.locality.pk)) | ~Exists(covered))
    if filters.needs_review:
        qs = qs.due_review(today)
    return qs.select_related("category").prefetch_related(
        Prefetch("localities", queryset=Locality.objects.order_by("name"))
    )


def solution_get(*, user: User, pk: int, action: str = "directory.view") -> CommunitySolution:
    """One directory entry of the user's partnership: 404 outside it, 403 for a role that may
    not act."""
    return CommunitySolution.objects.select_related("category").get_for(user, action, pk=pk)


def solution_review_queue(
    *, user: User, today: datetime.date | None = None
) -> QuerySet[CommunitySolution]:
    """Active entries not verified for six months, the longest unchecked (or never) first."""
    return (
        CommunitySolution.objects.visible_to(user)
        .filter(is_active=True)
        .due_review(today)
        .select_related("category")
        .order_by(F("last_verified").asc(nulls_first=True), "name", "pk")
    )


def solution_choices_for_hub(*, hub: Hub) -> QuerySet[CommunitySolution]:
    """Active entries available where the hub is (its locality, or partnership-wide)."""
    through = CommunitySolution.localities.through
    covered = through.objects.filter(communitysolution_id=OuterRef("pk"))
    return (
        CommunitySolution.objects.in_partnership(hub.partnership_id)
        .filter(is_active=True)
        .filter(Exists(covered.filter(locality_id=hub.locality_id)) | ~Exists(covered))
        .select_related("category")
        # What the drop-in form shows and the signpost checks: hundreds of entries at a large
        # partnership, so not their descriptions, contacts and timestamps.
        .only("partnership_id", "name", "schedule", "is_active", "category__name")
        .order_by("category__name", "name", "pk")
    )


# ---------------------------------------------------------------- choices sent by id
# The API and forms are sent ids: each is looked up within what the user may see, and None (or
# fewer than asked for) means "not yours", which the caller turns into a message on the field.


def hub_session_list_for_user(*, user: User, hub_id: int | None = None) -> QuerySet[HubSession]:
    """Sessions at hubs in the user's localities, newest first (optionally one hub's)."""
    sessions = (
        HubSession.objects.visible_to(user)
        .select_related("hub")
        .prefetch_related("staff")
        .order_by("-date", "-pk")
    )
    return sessions.filter(hub_id=hub_id) if hub_id is not None else sessions


def hub_session_choice(*, user: User, pk: Any) -> HubSession | None:
    """A session the user may see (in their localities), or None."""
    if not pk:
        return None
    return HubSession.objects.visible_to(user).select_related("hub").filter(pk=pk).first()


def solution_category_by_slug(slug: str) -> SolutionCategory | None:
    return SolutionCategory.objects.filter(slug=slug).first() if slug else None


def locality_choice(*, user: User, pk: Any) -> Locality | None:
    """A locality of the user's partnership, or None."""
    if not pk:
        return None
    return Locality.objects.in_partnership(user.partnership_id).filter(pk=pk).first()


def localities_chosen(*, user: User, ids: Iterable[int]) -> list[Locality]:
    return list(Locality.objects.in_partnership(user.partnership_id).filter(pk__in=set(ids)))


def hub_choice(*, user: User, pk: Any) -> Hub | None:
    """A hub of the user's partnership, or None."""
    if not pk:
        return None
    return Hub.objects.in_partnership(user.partnership_id).filter(pk=pk).first()


def solutions_chosen(*, user: User, ids: Iterable[int]) -> list[CommunitySolution]:
    """Directory entries of the user's partnership among ``ids``."""
    return list(CommunitySolution.objects.visible_to(user).filter(pk__in=set(ids)))


def hub_sessions_ahead(
    *, user: User, start: datetime.date, end: datetime.date
) -> QuerySet[HubSession]:
    """Sessions not closed (planned, or open today) in the user's localities between two days,
    soonest first: the sessions hub appointments are offered and booked at."""
    return (
        HubSession.objects.visible_to(user)
        .filter(date__range=(start, end), closed_at__isnull=True, hub__is_active=True)
        .select_related("hub")
        .order_by("date", "starts_at", "hub__name", "pk")
    )


def locality_of_user(*, user: User, pk: Any, own: bool = False) -> Locality | None:
    """A locality of the user's partnership (``own``: one they work in, unless they see every
    locality), or None."""
    if not pk:
        return None
    localities = Locality.objects.visible_to(user)
    if own and not sees_all_localities(user):
        localities = localities.filter(pk__in=user.locality_id_set)
    return localities.filter(pk=pk).first()


# ---------------------------------------------------------------- localities (administrators)


def locality_list(*, user: User) -> QuerySet[Locality]:
    """Every locality of the administrator's partnership, in use first, with how many hubs
    and staff each has."""
    return (
        Locality.objects.in_partnership(user.partnership_id)
        .annotate(
            hub_count=Count("hubs", distinct=True),
            staff_count=Count("users", filter=Q(users__is_active=True), distinct=True),
        )
        .order_by("-is_active", "name", "pk")
    )


def locality_get(*, user: User, pk: int, action: str = "partnership.manage") -> Locality:
    """404 for another partnership's locality, 403 for a role that may not manage them."""
    return Locality.objects.get_for(user, action, pk=pk)


# ---------------------------------------------------------------- sessions coming up


def hub_sessions_from(*, user: User, day: datetime.date) -> QuerySet[HubSession]:
    """Sessions on ``day`` or later at active hubs in the user's localities, soonest first (the
    hub worker's home page: today's, then the next ones). Planned sessions are rows dated ahead,
    so they show here as they are made."""
    return (
        HubSession.objects.visible_to(user)
        .filter(date__gte=day, hub__is_active=True)
        .select_related("hub")
        .order_by("date", F("starts_at").asc(nulls_first=True), "pk")
    )
