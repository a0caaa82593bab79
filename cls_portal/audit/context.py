"""Who is acting right now, and how the bulk-path guard should record it.

Every audit row names an actor and how the change arrived (``via``). Services are handed the
actor explicitly; the bulk-path guard (``cls_portal.audit.guard``) cannot be, so it reads the
*current actor* from a context variable instead:

- a web request or an API call: ``AuditContextMiddleware`` stores the request, and the actor is
  read from ``request.user`` when a row is written (so the API's token user, which DRF sets on
  the request only inside the view, is seen too);
- a Celery task: ``task:<name>``, no user (the system), set by the task signals below;
- a management command: ``command:<name>``, set by ``manage.py``;
- anything else (a shell, a test): ``system`` with no user.

The guard has three modes (``audit_mode``):

- ``rows`` (the default): one audit row per affected row;
- ``explicit``: the guard stays quiet, because the caller writes its own entries (a service
  that uses a bulk path and records the change itself, e.g. erasure and purge);
- ``summary``: one summary row per batch ("created 2000 rows: ids …"), used only by
  ``seed_demo`` so 100k demo people seed in seconds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

ROWS, EXPLICIT, SUMMARY = "rows", "explicit", "summary"
SYSTEM = "system"


@dataclass(frozen=True)
class AuditContext:
    via: str = SYSTEM
    request: Any = None  # a web request: the actor is its user, read when a row is written
    actor: User | None = None  # an actor given directly (a task acting for someone)


# AuditContext is a frozen dataclass, so sharing one default instance is safe.
_context: ContextVar[AuditContext] = ContextVar("cls_audit_context", default=AuditContext())  # noqa: B039
_mode: ContextVar[str] = ContextVar("cls_audit_mode", default=ROWS)


def current_context() -> AuditContext:
    return _context.get()


def current_actor() -> User | None:
    """The signed-in user behind the current change, or None for the system."""
    context = _context.get()
    actor = context.actor
    if actor is None and context.request is not None:
        actor = getattr(context.request, "user", None)
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


def current_via() -> str:
    return _context.get().via


def audit_mode() -> str:
    return _mode.get()


@contextlib.contextmanager
def acting(*, via: str, request: Any = None, actor: User | None = None) -> Iterator[AuditContext]:
    """Run a block as this actor (a request, a task, a command)."""
    token = _context.set(AuditContext(via=via[:80], request=request, actor=actor))
    try:
        yield _context.get()
    finally:
        _context.reset(token)


def set_acting(*, via: str, actor: User | None = None) -> None:
    """For a whole process (``manage.py``): every row it writes says which command wrote it."""
    _context.set(AuditContext(via=via[:80], actor=actor))


@contextlib.contextmanager
def _in_mode(mode: str) -> Iterator[None]:
    token = _mode.set(mode)
    try:
        yield
    finally:
        _mode.reset(token)


def audit_explicit() -> contextlib.AbstractContextManager[None]:
    """The caller writes its own audit entries for the bulk paths in this block."""
    return _in_mode(EXPLICIT)


def audit_summarised() -> contextlib.AbstractContextManager[None]:
    """One summary row per bulk batch instead of one per row (``seed_demo`` only)."""
    return _in_mode(SUMMARY)


class AuditContextMiddleware:
    """Every request runs as its signed-in user, recorded as ``web`` or ``api``."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        via = "api" if request.path.startswith("/api/") else "web"
        with acting(via=via, request=request):
            return self.get_response(request)


def connect_celery_signals() -> None:
    """Tasks run as the system, recorded as ``task:<name>``."""
    from celery.signals import task_postrun, task_prerun

    tokens: dict[str, Any] = {}

    @task_prerun.connect(weak=False)
    def _task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
        tokens[task_id or ""] = _context.set(AuditContext(via=f"task:{task.name}"[:80]))

    @task_postrun.connect(weak=False)
    def _task_finished(task_id: str | None = None, **_: Any) -> None:
        token = tokens.pop(task_id or "", None)
        if token is not None:
            with contextlib.suppress(ValueError):  # set in another context (eager retries)
                _context.reset(token)
