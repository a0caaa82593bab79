"""Reading funding requests: case records, scoped by the request's episode like every other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F, OuterRef, Prefetch, Q, Subquery

from conversations.models import Episode
from hubs.models import CommunitySolution
from peer_forum.models import Decision, FundingRequest, PackageReview

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

_LIST_RELATED = ("episode__person", "episode__locality", "forum", "meeting", "presenter")


def _with_last_decision(queryset: Any) -> Any:
    """Annotate the latest decision's outcome and day (one subquery, no N+1)."""
    last = Decision.objects.filter(request=OuterRef("pk")).order_by("-round")
    return queryset.annotate(
        last_outcome=Subquery(last.values("outcome")[:1]),
        last_decided_on=Subquery(last.values("decided_on")[:1]),
    )


def request_list(*, user: User, status: str | None = None) -> Any:
    queryset = FundingRequest.objects.visible_to(user).select_related(*_LIST_RELATED)
    if status:
        queryset = queryset.filter(status=status)
    return _with_last_decision(queryset).order_by("-pk")  # newest first, along the key


def request_get(*, user: User, pk: int, action: str = "funding_request.view") -> FundingRequest:
    """One request with everything its page shows (its decisions, each with any senior decision
    on an escalation as ``decision.senior``, and its package reviews): 404 outside scope, 403 for
    the wrong role."""
    return (
        FundingRequest.objects.select_related(
            *_LIST_RELATED, "forum__locality", "support_plan", "episode__partnership"
        )
        .prefetch_related(
            Prefetch(
                "proposed_solutions",
                queryset=CommunitySolution.objects.select_related("category").order_by("name"),
            )
        )
        # A second call (prefetches add up): the stubs cannot type two different Prefetch
        # querysets in one call.
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "meeting", "decided_by", "senior", "senior__decided_by", "senior__panel"
                ).order_by("round"),
            ),
        )
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=PackageReview.objects.select_related("reviewed_by").order_by(
                    "reviewed_on", "pk"
                ),
            ),
        )
        .get_for(user, action, pk=pk)
    )


def request_queue(*, user: User) -> Any:
    """The requests waiting for a decision at the forums this user sits on: those on the
    earliest meeting first, then those not yet on an agenda, oldest submission first."""
    return _with_last_decision(
        FundingRequest.objects.visible_to(user)
        .awaiting_decision()
        .filter(forum__members=user)
        # Only what the queue shows: each further join (the locality, the presenter) made
        # planning this query cost more than running it.
        .select_related("episode__person", "forum", "meeting")
    ).order_by(F("meeting__held_on").asc(nulls_last=True), "submitted_on", "pk")


def person_request_list(*, user: User, person_id: int) -> Any:
    """One person's requests, in the episodes the user may see, newest first."""
    return request_list(user=user).filter(episode__person_id=person_id)


def open_episode_for_person(*, user: User, person_id: int) -> Episode | None:
    """The person's open episode, if the user may see it (a request is made on it)."""
    return (
        Episode.objects.visible_to(user)
        .filter(person_id=person_id)
        .exclude(state=Episode.State.CLOSED)
        .first()
    )


SEARCH_LIMIT = 20


def open_episode_search(*, user: User, query: str) -> list[Episode]:
    """Open episodes the user may prepare a request for, whose person's name matches: the first
    ``SEARCH_LIMIT`` (one query, no count; a longer name narrows it)."""
    episodes = (
        Episode.objects.visible_to(user)
        .exclude(state=Episode.State.CLOSED)
        .select_related("person", "locality")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    for word in query.split()[:3]:
        episodes = episodes.filter(
            Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
        )
    return list(episodes[: SEARCH_LIMIT + 1])


def directory_choices(*, episode: Episode, include: Any = ()) -> Any:
    """Directory entries to choose from: active ones available in the episode's locality (or
    with no coverage set), plus any already chosen."""
    available = Q(is_active=True) & (Q(localities=episode.locality_id) | Q(localities__isnull=True))
    return (
        CommunitySolution.objects.filter(partnership_id=episode.partnership_id)
        .filter(available | Q(pk__in=[solution.pk for solution in include]))
        .distinct()
        .order_by("name")
    )


def decision_list(*, user: User) -> Any:
    """Decisions on requests in the user's localities, newest first."""
    return Decision.objects.visible_to(user).order_by("-decided_on", "-pk")
