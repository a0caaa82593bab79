"""People and their open episodes (a caseload): one row per person.

A row is matched to a person by the old system's identifier (``id``, kept as
``Person.external_id``): found, their details are brought up to date (an unchanged row changes
nothing); not found, they are added — unless they look like someone already known, by the same
rules as the drop-in form (``person_duplicate_rules``), in CLS Portal or earlier in the file.
Such a row is a problem until it says who they are: ``portal_id`` names the person's CLS Portal
record number (the row then updates them), or ``new`` confirms they are someone else.

An episode is opened for a row with an ``episode_state`` when the person has no open episode;
an open episode already there is kept as it is (the pathway moves it from then on).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from conversations.models import Episode, Person
from conversations.services.people import EARLIEST_BIRTH
from conversations.validators import normalise_health_number
from hubs.models import Partnership
from hubs.postcodes import normalise_postcode
from imports.consent import (
    CONSENT_COLUMN,
    consent_from_cell,
    consent_records_for,
    consent_values,
)
from imports.kinds.base import (
    DATE_FORMAT,
    Column,
    Kind,
    Localities,
    Report,
    RowError,
    choice,
    date,
    text,
)
from imports.kinds.people_rows import Context, PersonRow, check_duplicates
from imports.reading import Row

OPEN_STATES = [(code, label) for code, label in Episode.State.choices if code != "closed"]
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "phone",
    "email",
    "chi_number",
    "nhs_number",
    "locality_id",
    "consent",
)


class PeopleKind(Kind):
    slug = "people"
    label = "People and their open episodes"
    columns = (
        Column(
            "id",
            "Their identifier in your previous system (kept, so a re-import finds them again).",
            "P-10234",
            required=True,
        ),
        Column("first_name", "First name.", "Margaret", required=True),
        Column("last_name", "Last name.", "Brown"),
        Column("date_of_birth", "Date of birth.", "14/03/1948", format=DATE_FORMAT),
        Column("postcode", "Home postcode.", "RV1 2AB"),
        Column("phone", "Phone number.", "01234 567890"),
        Column("email", "E-mail address.", "margaret@example.org"),
        Column(
            "health_number",
            "CHI number (Scotland) or NHS number (England, Wales): 10 "
            "digits, checked by the last one.",
            "1403481237",
            format="10 digits",
        ),
        CONSENT_COLUMN,
        Column(
            "locality", "The locality they live in (its name).", "Riverside North", required=True
        ),
        Column(
            "episode_state",
            "Where their open episode is. Blank: no open episode.",
            "waiting",
            format="One of: " + ", ".join(code for code, _ in OPEN_STATES),
        ),
        Column(
            "first_contact_on",
            "The day they first got in touch (needed with an episode_state).",
            "02/09/2026",
            format=DATE_FORMAT,
        ),
        Column(
            "first_conversation_on",
            "The day of their first conversation (needed for "
            "the conversation states; blank while waiting).",
            "16/09/2026",
            format=DATE_FORMAT,
        ),
        Column(
            "channel",
            "How they got in touch. Blank: referral.",
            "referral",
            format="One of: " + ", ".join(code for code, _ in Episode.Channel.choices),
        ),
        Column(
            "source",
            "Who got in touch. Blank: self.",
            "gp",
            format="One of: " + ", ".join(code for code, _ in Episode.Source.choices),
        ),
        Column(
            "portal_id",
            "Only if the check says they may already be in CLS Portal: "
            "their CLS Portal record number (the row then updates that person), or “new” "
            "if they are someone else.",
            "",
            format="A number, or new",
        ),
    )

    def start(self, *, partnership: Partnership, actor: Any, report: Report) -> Context:
        return Context(partnership=partnership, actor=actor, localities=Localities(partnership))

    def run_batch(self, context: Context, rows: list[Row], report: Report) -> None:
        parsed = [p for row in rows if (p := self._parse(context, row, report)) is not None]
        ids = [p.external_id for p in parsed]
        known = {
            person.external_id: person
            for person in Person.objects.filter(
                partnership=context.partnership, external_id__in=ids
            )
        }
        chosen = self._portal_people(context, parsed, report)
        new: list[PersonRow] = []
        changed: list[Person] = []
        for row in parsed:
            person = known.get(row.external_id) or chosen.get(row.number)
            if person is None:
                new.append(row)
            elif self._update(person, row, report):
                changed.append(person)
            row.person = person
        if changed:
            Person.objects.bulk_update(changed, [*PERSON_FIELDS, "external_id"])
        self._create(context, new, report)
        self._open_episodes(context, parsed, report)
        added = {id(row) for row in new}
        consent_records_for(
            actor=context.actor,
            answers=[
                (row.person, row.values["consent"])
                for row in parsed
                if row.person is not None and (id(row) in added or row.consent_changed)
            ],
            on=timezone.localdate(),
        )
        check_duplicates(context, [row for row in new if not row.confirmed_new], report)

    # ---- one row ------------------------------------------------------------------------

    def _parse(self, context: Context, row: Row, report: Report) -> PersonRow | None:
        """Every cell read on its own, so every problem of the row is listed at once."""
        born = None
        readers: dict[str, Any] = {
            "first_name": lambda: text(row, "first_name", max_length=80, required=True),
            "last_name": lambda: text(row, "last_name", max_length=80),
            "date_of_birth": lambda: date(row, "date_of_birth", earliest=EARLIEST_BIRTH),
            "postcode": lambda: normalise_postcode(text(row, "postcode", max_length=10)),
            "phone": lambda: text(row, "phone", max_length=30),
            "email": lambda: text(row, "email", max_length=254),
            "consent": lambda: consent_from_cell(row),
            "health_number": lambda: self._health_number(context, row),
            "locality": lambda: context.localities.find(
                "locality", text(row, "locality", max_length=120, required=True)
            ),
            "portal_id": lambda: self._portal_id(row),
            "episode": lambda: self._episode(row, born),
        }
        read: dict[str, Any] = {}
        failed: set[str] = set()
        for name, reader in readers.items():
            try:
                read[name] = reader()
            except RowError as error:
                report.problem(row.number, error.column, error.message)
                failed.add(name)
            if name == "date_of_birth":
                born = read.get(name)
        external_id = self._external_id(context, row, report)
        values = {
            name: read.get(name, "")
            for name in ("first_name", "last_name", "postcode", "phone", "email")
        }
        values["date_of_birth"] = read.get("date_of_birth")
        values.update(read.get("health_number") or {"chi_number": "", "nhs_number": ""})
        values.update(consent_values(read.get("consent", Person.Consent.NOT_ASKED)))
        locality = read.get("locality")
        values["locality_id"] = getattr(locality, "pk", None)
        draft = Person(
            partnership=context.partnership,
            external_id=external_id,
            created_by_id=getattr(context.actor, "pk", None),
            **values,
        )
        # The model's own rules for the cells read so far (the CHI/NHS check digit, the
        # e-mail address), skipping those already reported.
        skip = {"partnership", "locality", "created_by", *failed}
        if "health_number" in failed:
            skip |= {"chi_number", "nhs_number"}
        if not self._valid_fields(row, draft, report, exclude=skip) or failed or not external_id:
            return None
        portal_id, confirmed_new = read["portal_id"]
        assert locality is not None  # nosec B101 - narrows the type (checked above)
        return PersonRow(
            row.number,
            external_id,
            values,
            locality,
            portal_id,
            confirmed_new,
            read["episode"],
            draft=draft,
        )

    def _external_id(self, context: Context, row: Row, report: Report) -> str:
        try:
            external_id = text(row, "id", max_length=64, required=True)
        except RowError as error:
            report.problem(row.number, error.column, error.message)
            return ""
        earlier = context.seen.setdefault(external_id, row.number)
        if earlier != row.number:
            report.problem(row.number, "id", f"The id “{external_id}” is also on row {earlier}.")
            return ""
        return external_id

    def _health_number(self, context: Context, row: Row) -> dict[str, str]:
        number = normalise_health_number(text(row, "health_number", max_length=20))
        scotland = context.partnership.nation == Partnership.Nation.SCOTLAND
        return {"chi_number": number if scotland else "", "nhs_number": "" if scotland else number}

    def _portal_id(self, row: Row) -> tuple[int | None, bool]:
        raw = text(row, "portal_id", max_length=20).casefold()
        if not raw:
            return None, False
        if raw == "new":
            return None, True
        if not raw.isdigit():
            raise RowError("portal_id", f"“{raw}” is not a CLS Portal record number or “new”.")
        return int(raw), False

    def _episode(self, row: Row, born: datetime.date | None) -> dict[str, Any] | None:
        state = choice(row, "episode_state", OPEN_STATES)
        if not state:
            for name in ("first_contact_on", "first_conversation_on"):
                if text(row, name, max_length=40):
                    raise RowError(
                        "episode_state", "Give the episode's state, or leave its dates blank."
                    )
            return None
        contact = date(row, "first_contact_on", required=True, earliest=born)
        assert contact is not None  # nosec B101 - narrows the type (checked above)
        first = date(row, "first_conversation_on", earliest=contact)
        if state == Episode.State.WAITING and first:
            raise RowError(
                "first_conversation_on",
                "Someone waiting has not had their first "
                "conversation yet: leave this blank, or give another episode_state.",
            )
        if state != Episode.State.WAITING and not first:
            raise RowError(
                "first_conversation_on",
                f"Give the day of their first conversation (they are in “{state}”).",
            )
        return {
            "state": state,
            "first_contact_on": contact,
            "first_conversation_on": first,
            "last_conversation_on": first,
            "crisis_started_on": first if state == Episode.State.CONVERSATION_2 else None,
            "channel": choice(
                row, "channel", Episode.Channel.choices, default=Episode.Channel.REFERRAL
            ),
            "source": choice(row, "source", Episode.Source.choices, default=Episode.Source.SELF),
        }

    def _valid_fields(self, row: Row, person: Person, report: Report, exclude: set[str]) -> bool:
        """The model's own field rules (lengths, the e-mail address, the CHI/NHS check digit)."""
        try:
            person.clean_fields(exclude=sorted(exclude))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = "health_number" if name in ("chi_number", "nhs_number") else name
                for message in messages:
                    report.problem(row.number, column, message)
            return False
        return True

    # ---- writing --------------------------------------------------------------------------

    def _portal_people(
        self, context: Context, rows: list[PersonRow], report: Report
    ) -> dict[int, Person]:
        """Rows that name a CLS Portal person (``portal_id``): row number -> that person."""
        wanted = {row.portal_id for row in rows if row.portal_id is not None}
        people = Person.objects.filter(
            partnership=context.partnership, pk__in=wanted, is_anonymised=False
        ).in_bulk()
        chosen: dict[int, Person] = {}
        for row in rows:
            if row.portal_id is None:
                continue
            person = people.get(row.portal_id)
            if person is None:
                report.problem(
                    row.number,
                    "portal_id",
                    f"There is no person with record number {row.portal_id}.",
                )
            elif person.external_id and person.external_id != row.external_id:
                report.problem(
                    row.number,
                    "portal_id",
                    f"Record {row.portal_id} already has "
                    f"the id “{person.external_id}” from an earlier import.",
                )
            else:
                chosen[row.number] = person
        return chosen

    def _update(self, person: Person, row: PersonRow, report: Report) -> bool:
        values = {**row.values, "external_id": row.external_id}
        changed = {name for name, value in values.items() if getattr(person, name) != value}
        row.consent_changed = "consent" in changed
        for name in changed:
            setattr(person, name, values[name])
        if changed:
            report.updated += 1
            report.record_ids.append(person.pk)
        else:
            report.unchanged += 1
        return bool(changed)

    def _create(self, context: Context, rows: list[PersonRow], report: Report) -> None:
        people = [row.draft for row in rows if row.draft is not None]
        Person.objects.bulk_create(people)
        for row, person in zip(rows, people, strict=True):
            row.person = person
            context.created_rows[person.pk] = row.number
            report.record_ids.append(person.pk)
        report.created += len(people)

    def _open_episodes(self, context: Context, rows: list[PersonRow], report: Report) -> None:
        wanted = [row for row in rows if row.episode and row.person is not None]
        has_open = set(
            Episode.objects.filter(person__in=[row.person for row in wanted])
            .exclude(state=Episode.State.CLOSED)
            .values_list("person_id", flat=True)
        )
        actor_id = getattr(context.actor, "pk", None)
        episodes = [
            Episode(
                person=row.person,
                partnership=context.partnership,
                locality=row.locality,
                created_by_id=actor_id,
                **(row.episode or {}),
            )
            for row in wanted
            if row.person is not None and row.person.pk not in has_open
        ]
        Episode.objects.bulk_create(episodes)
        if len(episodes) < len(wanted):
            report.note("People who already have an open episode keep it as it is.")
