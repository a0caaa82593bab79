"""Waiting-list entries: who is waiting, on which list, since when.

Each row names the person by their identifier in the previous system (as in the caseload file,
imported first) and carries the day they joined the list, so every wait figure
(``conversations.selectors.waiting_lists``) counts from that day, not from the import. The
person must have an open episode (the entry hangs off it). A list not there yet is added.
An entry is found again by its own ``id`` (``WaitingListEntry.external_id``): an unchanged row
changes nothing; a changed one is brought up to date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from conversations.models import Episode, Person, WaitingList, WaitingListEntry
from conversations.services.waiting_lists import waiting_list_create
from hubs.models import Partnership
from imports.kinds.base import DATE_FORMAT, Column, Kind, Report, RowError, choice, date, text
from imports.reading import Row

ENTRY_FIELDS = ("waiting_list_id", "added_on", "priority", "reason")


@dataclass
class Context:
    partnership: Partnership
    actor: Any
    lists: dict[str, WaitingList]
    seen: dict[str, int] = field(default_factory=dict)
    on_list: dict[tuple[int, int], int] = field(default_factory=dict)  # (person, list) -> row


class WaitingListKind(Kind):
    slug = "waiting_list"
    label = "Waiting-list entries"
    columns = (
        Column("id", "The entry's identifier in your previous system.", "W-5531", required=True),
        Column(
            "person_id",
            "The person's identifier in your previous system (the id of the "
            "caseload file, imported first).",
            "P-10234",
            required=True,
        ),
        Column(
            "waiting_list",
            "The list's name; a list not there yet is added.",
            "OT assessment",
            required=True,
        ),
        Column(
            "added_on",
            "The day they joined the list: their wait counts from it.",
            "12/08/2026",
            required=True,
            format=DATE_FORMAT,
        ),
        Column("priority", "Blank: routine.", "routine", format="routine or urgent"),
        Column("reason", "Why they are waiting.", "Help with bathing"),
    )

    def start(self, *, partnership: Partnership, actor: Any, report: Report) -> Context:
        lists = {
            wl.name.casefold(): wl for wl in WaitingList.objects.filter(partnership=partnership)
        }
        return Context(partnership=partnership, actor=actor, lists=lists)

    def run_batch(self, context: Context, rows: list[Row], report: Report) -> None:
        parsed = [p for row in rows if (p := self._parse(context, row, report)) is not None]
        people = {
            person.external_id: person
            for person in Person.objects.filter(
                partnership=context.partnership,
                external_id__in=[p["person_id"] for p in parsed],
            )
        }
        episodes = {
            episode.person_id: episode
            for episode in Episode.objects.filter(person__in=people.values()).exclude(
                state=Episode.State.CLOSED
            )
        }
        known = {
            entry.external_id: entry
            for entry in WaitingListEntry.objects.filter(
                waiting_list__partnership=context.partnership,
                external_id__in=[p["id"] for p in parsed],
            )
        }
        new, changed = [], []
        for p in parsed:
            person = people.get(p["person_id"])
            if person is None:
                report.problem(
                    p["row"],
                    "person_id",
                    f"No person has the id “{p['person_id']}”: "
                    "import the caseload first, with this id.",
                )
                continue
            episode = episodes.get(person.pk)
            if episode is None:
                report.problem(
                    p["row"],
                    "person_id",
                    f"{p['person_id']} has no open episode: "
                    "give them an episode_state in the caseload file.",
                )
                continue
            waiting_list = self._list(context, p["waiting_list"], report)
            values = {
                "waiting_list_id": waiting_list.pk,
                "added_on": p["added_on"],
                "priority": p["priority"],
                "reason": p["reason"],
            }
            entry = known.get(p["id"])
            if entry is not None:
                if self._update(entry, values, report):
                    changed.append(entry)
                continue
            if not self._first_on_list(context, p, person.pk, waiting_list, report):
                continue
            new.append(
                WaitingListEntry(
                    episode=episode,
                    external_id=p["id"],
                    added_by_id=getattr(context.actor, "pk", None),
                    **values,
                )
            )
        if changed:
            WaitingListEntry.objects.bulk_update(changed, list(ENTRY_FIELDS))
        WaitingListEntry.objects.bulk_create(new)
        report.created += len(new)
        report.record_ids += [entry.pk for entry in new]

    def _parse(self, context: Context, row: Row, report: Report) -> dict[str, Any] | None:
        values: dict[str, Any] = {"row": row.number}
        readers = {
            "id": lambda: text(row, "id", max_length=64, required=True),
            "person_id": lambda: text(row, "person_id", max_length=64, required=True),
            "waiting_list": lambda: " ".join(
                text(row, "waiting_list", max_length=120, required=True).split()
            ),
            "added_on": lambda: date(row, "added_on", required=True),
            "priority": lambda: choice(
                row,
                "priority",
                WaitingListEntry.Priority.choices,
                default=WaitingListEntry.Priority.ROUTINE,
            ),
            "reason": lambda: text(row, "reason", max_length=250),
        }
        problems = 0
        for name, read in readers.items():
            try:
                values[name] = read()
            except RowError as error:
                report.problem(row.number, error.column, error.message)
                problems += 1
        if values.get("id"):
            earlier = context.seen.setdefault(values["id"], row.number)
            if earlier != row.number:
                report.problem(
                    row.number, "id", f"The id “{values['id']}” is also on row {earlier}."
                )
                problems += 1
        return None if problems else values

    def _list(self, context: Context, name: str, report: Report) -> WaitingList:
        key = name.casefold()
        if key not in context.lists:
            report.note(f"A new waiting list: “{name}”.")
            clash = WaitingList.objects.filter(
                partnership=context.partnership, slug=slugify(name)[:60] or "list"
            ).first()
            context.lists[key] = clash or waiting_list_create(
                actor=context.actor, partnership=context.partnership, name=name
            )
        return context.lists[key]

    def _first_on_list(
        self,
        context: Context,
        p: dict[str, Any],
        person_id: int,
        waiting_list: WaitingList,
        report: Report,
    ) -> bool:
        key = (person_id, waiting_list.pk)
        earlier = context.on_list.setdefault(key, p["row"])
        if earlier != p["row"]:
            report.problem(
                p["row"],
                "person_id",
                f"This person is also on the {waiting_list} list on row {earlier}.",
            )
            return False
        if WaitingListEntry.objects.filter(
            episode__person_id=person_id, waiting_list=waiting_list, removed_on__isnull=True
        ).exists():
            report.problem(
                p["row"],
                "waiting_list",
                f"This person is already on the {waiting_list} list in CLS Portal.",
            )
            return False
        return True

    def _update(self, entry: WaitingListEntry, values: dict[str, Any], report: Report) -> bool:
        changed = {name for name, value in values.items() if getattr(entry, name) != value}
        for name in changed:
            setattr(entry, name, values[name])
        if changed:
            report.updated += 1
            report.record_ids.append(entry.pk)
        else:
            report.unchanged += 1
        return bool(changed)
