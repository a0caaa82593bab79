"""The one permission layer: which role may do what, and to which records.

Pages, htmx fragments and the API all ask the same two questions here:
- ``has_role_permission(user, action)``: may this role do this kind of thing at all?
- ``in_scope(user, obj)``: is this record inside the user's partnership (and localities)?

Outsiders (another partnership, or a locality the user does not work in) get 404 so they cannot
learn that a record exists; a user inside scope whose role may not act gets 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeAlias, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cls_portal.accounts.models import User

    # Whoever is asking: a signed-in member of staff, or nobody (a page or API call before
    # sign-in). The checks below answer "no" for the anonymous one.
    AnyUser: TypeAlias = "User | AnonymousUser"

_M = TypeVar("_M", bound=models.Model)


class Role(models.TextChoices):
    HUB_WORKER = "hub_worker", "Hub worker"
    PRACTITIONER = "practitioner", "Practitioner"
    FORUM_MANAGER = "forum_manager", "Forum manager"
    HSCP_LEAD = "hscp_lead", "HSCP lead"
    ADMIN = "admin", "Administrator"
    # A national programme's lead: belongs to a programme, not a partnership (no partnership,
    # so every partnership-scoped query finds nothing); sees only programme figures.
    PROGRAMME_LEAD = "programme_lead", "Programme lead"


CASE_ROLES = frozenset({Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER})
# Every role of a partnership's staff (the programme lead is not one of them).
ALL_ROLES = frozenset(Role) - {Role.PROGRAMME_LEAD}
# Roles that act for no partnership: they may only do the actions listed for them.
PARTNERSHIP_FREE_ROLES = frozenset({Role.PROGRAMME_LEAD})

# Roles that see every locality of their partnership; others see only their own localities.
PARTNERSHIP_WIDE_ROLES = frozenset({Role.HSCP_LEAD, Role.ADMIN})

# action -> roles allowed. The single table of who may do what (DESIGN §2).
ROLE_PERMISSIONS: dict[str, frozenset[Role]] = {
    # hubs and the directory
    "hub.view": ALL_ROLES,
    "hub.manage": frozenset({Role.ADMIN}),
    "hub_session.run": frozenset({Role.HUB_WORKER, Role.PRACTITIONER}),
    "directory.view": ALL_ROLES,
    "directory.edit": frozenset({Role.HUB_WORKER, Role.ADMIN}),
    # people and case records (case notes)
    "person.view": CASE_ROLES | {Role.ADMIN},
    "person.change": CASE_ROLES,
    "person.audit": frozenset({Role.ADMIN}),
    # subject access (export everything held), erasure on request, the retention review
    "person.export": frozenset({Role.ADMIN}),
    "person.erase": frozenset({Role.ADMIN}),
    "retention.manage": frozenset({Role.ADMIN}),
    "signpost.change": CASE_ROLES,
    "episode.work": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER}),
    "conversation.record": CASE_ROLES,
    "crisis_board.view": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER}),
    "waiting_list.view": frozenset({Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER}),
    "waiting_list.change": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER}),
    "waiting_list.manage": frozenset({Role.ADMIN}),  # name the lists; no people on that page
    # peer forum
    "funding_request.prepare": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER}),
    "funding_request.view": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER}),
    "forum.view": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER, Role.ADMIN}),
    "forum.decide": frozenset({Role.FORUM_MANAGER}),
    "forum.manage": frozenset({Role.FORUM_MANAGER, Role.ADMIN}),
    # escalations: the partnership's senior decision body (members checked by the service)
    "escalation.view": frozenset({Role.FORUM_MANAGER, Role.ADMIN}),
    "escalation.decide": frozenset({Role.FORUM_MANAGER, Role.ADMIN}),
    "escalation.manage": frozenset({Role.ADMIN}),
    # an approved package's review: continue, change (back to the forum) or end
    "package.review": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER}),
    # the forum dashboard: aggregates only (HSCP leads see savings on the outcomes pages)
    "forum.dashboard": frozenset({Role.FORUM_MANAGER, Role.ADMIN}),
    # Exact ledger figures; HSCP leads read savings through the outcomes figures, which apply
    # small-number suppression (DESIGN §4).
    "savings.view": frozenset({Role.FORUM_MANAGER, Role.ADMIN}),
    # outcomes and reports (aggregate only)
    "outcomes.view": frozenset({Role.HSCP_LEAD, Role.ADMIN}),
    "reports.view": frozenset({Role.HSCP_LEAD, Role.ADMIN}),
    "reports.request": frozenset({Role.HSCP_LEAD, Role.ADMIN}),
    "change_story.record": CASE_ROLES,
    # case roles see their localities' stories; leads and admins only those shared with consent
    "change_story.view": CASE_ROLES | {Role.HSCP_LEAD, Role.ADMIN},
    "staff_pulse.respond": CASE_ROLES,
    "cost_benefit.manage": frozenset({Role.HSCP_LEAD, Role.ADMIN}),
    # administration
    "users.manage": frozenset({Role.ADMIN}),
    # ---- programme: a national programme's view of sharing partnerships' core data sets ----
    # (suppressed aggregates only; a partnership's admin turns sharing on or off)
    "programme.view": frozenset({Role.PROGRAMME_LEAD}),
    "programme.share": frozenset({Role.ADMIN}),
    # ---- records: merging two records of one person, corrections, carers ----
    # a practitioner proposes a merge; an administrator or another practitioner confirms
    "person.merge": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER}),
    "person.merge_confirm": frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER, Role.ADMIN}),
    # correct a record: its author, or a practitioner of its locality (the service checks which)
    "record.amend": CASE_ROLES,
    "carer.change": CASE_ROLES,
    # ---- golive-admin: a partnership's own set-up (localities, settings) ----
    "partnership.manage": frozenset({Role.ADMIN}),
    # ---- golive-import: bulk imports of a partnership's records (people, waiting lists,
    # the directory, users) from CSV and Excel files
    "imports.manage": frozenset({Role.ADMIN}),
    # ---- sessions: hub sessions planned ahead and bookings into them ----
    # plan a hub's regular and one-off sessions (its locality's staff)
    "hub_calendar.plan": frozenset({Role.HUB_WORKER, Role.PRACTITIONER}),
    # book a person into a session, cancel it, mark "did not attend"
    "hub_booking.change": frozenset({Role.HUB_WORKER, Role.PRACTITIONER}),
    # ---- figures ----
    # the CLS fidelity self-assessment: the admin rates the partnership; leads read the trend
    "fidelity.view": frozenset({Role.HSCP_LEAD, Role.ADMIN}),
    "fidelity.assess": frozenset({Role.ADMIN}),
    # targets the outcomes report rates red, amber or green against
    "targets.manage": frozenset({Role.HSCP_LEAD, Role.ADMIN}),
}


def has_role_permission(user: AnyUser, action: str) -> bool:
    """May a user with this role do this kind of thing at all (ignoring which record)?"""
    if action not in ROLE_PERMISSIONS:
        raise KeyError(f"Unknown action {action!r}: add it to ROLE_PERMISSIONS.")
    if not user.is_authenticated or not user.is_active:
        return False
    if not user.partnership_id and not acts_for_no_partnership(user):
        return False
    if user.partnership_id and acts_for_no_partnership(user):
        return False  # a programme lead given a partnership by mistake is refused outright
    return user.role in ROLE_PERMISSIONS[action]


def acts_for_no_partnership(user: AnyUser) -> bool:
    """A programme lead: whatever partnership their account names, they see none of its
    records (every scoped query finds nothing, every record is out of scope)."""
    return getattr(user, "role", None) in PARTNERSHIP_FREE_ROLES


def acting_partnership_id(user: User) -> int:
    """The partnership a member of staff acts for. No role may act without one
    (``has_role_permission``), so a service reached without one refuses the same way."""
    if user.partnership_id is None:
        raise PermissionDenied("Your account belongs to no partnership.")
    return user.partnership_id


def sees_all_localities(user: User) -> bool:
    return user.role in PARTNERSHIP_WIDE_ROLES


def in_scope(user: AnyUser, obj: Any) -> bool:
    """Is the record inside what this user may see? Records expose ``scope_partnership_id``
    and, where case data is tied to a place, ``scope_locality_ids`` (an iterable)."""
    if not user.is_authenticated or not user.partnership_id or acts_for_no_partnership(user):
        return False
    if obj.scope_partnership_id != user.partnership_id:
        return False
    locality_ids = getattr(obj, "scope_locality_ids", None)
    if locality_ids is None or sees_all_localities(user):
        return True
    return bool(set(locality_ids) & user.locality_id_set)


def can(user: AnyUser, action: str, obj: Any = None) -> bool:
    """May this user do ``action`` (to ``obj``, if given)?"""
    return has_role_permission(user, action) and (obj is None or in_scope(user, obj))


def require(user: AnyUser, action: str, obj: Any = None) -> None:
    """Raise 404 for a record outside the user's scope, 403 for a role that may not act."""
    if obj is not None and not in_scope(user, obj):
        raise Http404("No such record.")
    if not has_role_permission(user, action):
        raise PermissionDenied("Your role does not allow this.")


def is_platform_operator(user: AnyUser) -> bool:
    """Whoever runs the installation (a superuser): creates partnerships and their first
    administrator. Not a role: it grants no access to any partnership's records (DESIGN §2)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def require_platform_operator(user: AnyUser) -> None:
    if not is_platform_operator(user):
        raise PermissionDenied("Only the operator of this installation can do this.")


class ScopedQuerySet(models.QuerySet[_M]):
    """A QuerySet that knows how to limit itself to what a user may see.

    Models set ``SCOPE_PARTNERSHIP`` (a lookup path to the partnership id) and optionally
    ``SCOPE_LOCALITY`` (a lookup path to a locality id) as class attributes.
    """

    def in_partnership(self, partnership_id: int | None) -> Self:
        # None (a user with no partnership) matches nothing: every scoped record has one.
        # SCOPE_PARTNERSHIP is a class attribute of each scoped model, not of Model.
        return self.filter(**{getattr(self.model, "SCOPE_PARTNERSHIP"): partnership_id})  # noqa: B009

    def visible_to(self, user: AnyUser) -> Self:
        if not user.is_authenticated or not user.partnership_id or acts_for_no_partnership(user):
            return self.none()
        qs = self.in_partnership(user.partnership_id)
        locality_path = getattr(self.model, "SCOPE_LOCALITY", None)
        if locality_path and not sees_all_localities(user):
            qs = qs.filter(**{f"{locality_path}__in": user.locality_id_set})
        return qs

    def get_for(self, user: AnyUser, action: str, **lookup: Any) -> _M:
        """Fetch one record the user may act on: 404 if outside scope, 403 if role may not."""
        try:
            obj = self.visible_to(user).get(**lookup)
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise Http404("No such record.") from exc
        require(user, action)
        return obj
