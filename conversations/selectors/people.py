"""Reading people, always scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from conversations.models import Person


def person_get(*, user: Any, pk: int, action: str = "person.view") -> Person:
    """One person the user may see and act on: 404 outside scope, 403 for a role that may not."""
    return Person.objects.select_related("locality", "partnership").get_for(user, action, pk=pk)
