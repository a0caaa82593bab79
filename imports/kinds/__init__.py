"""The kinds of import, by the slug their jobs and templates use."""

from __future__ import annotations

from imports.kinds.base import Kind
from imports.kinds.directory import DirectoryKind
from imports.kinds.people import PeopleKind
from imports.kinds.users import UsersKind
from imports.kinds.waiting_lists import WaitingListKind

KINDS: dict[str, Kind] = {
    kind.slug: kind for kind in (PeopleKind(), WaitingListKind(), DirectoryKind(), UsersKind())
}
