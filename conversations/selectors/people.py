"""Reading people, always scoped to what the user may see.

Two scopes, on purpose:
- a person's *record* (their page, their journey) is case data: only in the user's localities
  (``Person.objects.visible_to``), 404 outside;
- *finding* someone at the front door (search, duplicate warnings, logging a drop-in for them)
  is across the user's partnership, so a person from another locality who walks into your hub
  is found rather than added twice. Search results show only what identifies someone (name,
  date of birth, postcode, locality), never case notes, and link to the record only where the
  user may open it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Collate, Upper
from django.http import Http404

from cls_portal.permissions import require
from conversations.models import Episode, Person
from conversations.validators import normalise_health_number
from hubs.postcodes import normalise_postcode

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

SEARCH_LIMIT = 20
# More people than this sharing a date of birth, postcode or number: search the slow way.
EXACT_CANDIDATES = 500

# A whole UK postcode (outward code, then inward code: a digit and two letters).
_FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
# An outward code alone ("RV1", "EH12") — letters then a digit.
_OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b|\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_TEN_DIGITS = re.compile(r"(?<!\d)(\d[\d ]{8,12}\d)(?!\d)")


def person_get(*, user: User, pk: int, action: str = "person.view") -> Person:
    """One person the user may see and act on: 404 outside scope, 403 for a role that may not."""
    return Person.objects.select_related("locality", "partnership").get_for(user, action, pk=pk)


def person_get_in_partnership(
    *, user: User, pk: Any, action: str = "conversation.record"
) -> Person:
    """A person of the user's partnership, whichever locality they live in: for recording that
    they came to the user's hub. 404 for another partnership, 403 for a role that may not."""
    try:
        person = (
            Person.objects.in_partnership(user.partnership_id)
            .filter(is_anonymised=False, merged_into__isnull=True)
            .select_related("locality")
            .get(pk=pk)
        )
    except (Person.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such person.") from exc
    require(user, action)
    return person


def person_visible_ids(*, user: User, ids: list[int]) -> set[int]:
    """Which of these people's records the user may open (one query)."""
    if not ids:
        return set()
    return set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def parse_date(text: str) -> datetime.date | None:
    """A date typed as dd/mm/yyyy (or with - or .) or as yyyy-mm-dd; None if not a real date."""
    match = _DATE.search(text or "")
    if not match:
        return None
    day, month, year = (
        (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
    )
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


@dataclass(frozen=True)
class PersonQuery:
    """What a search box query means: any mix of names, a date of birth, a postcode (whole,
    or just its first half) and a 10-digit CHI/NHS number. Every part must match."""

    names: tuple[str, ...] = ()
    date_of_birth: datetime.date | None = None
    postcode: str = ""
    postcode_area: str = ""
    health_number: str = ""
    not_understood: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (
            self.names
            or self.date_of_birth
            or self.postcode
            or self.postcode_area
            or self.health_number
        )


def parse_person_query(text: str) -> PersonQuery:
    text = (text or "").strip()[:120]
    health_number = ""
    numbers = _TEN_DIGITS.search(text)
    if numbers and len(normalise_health_number(numbers[1])) == 10:
        health_number = normalise_health_number(numbers[1])
        text = text.replace(numbers[1], " ")
    date_of_birth = parse_date(text)
    if date_of_birth or _DATE.search(text):
        text = _DATE.sub(" ", text)
    postcode = ""
    whole = _FULL_POSTCODE.search(text)
    if whole:
        postcode = normalise_postcode(whole[1] + whole[2])
        text = text[: whole.start()] + " " + text[whole.end() :]
    names, postcode_area, not_understood = [], "", []
    for word in re.split(r"[\s,]+", text):
        if not word:
            continue
        if _OUTWARD_CODE.match(word) and not postcode:
            postcode_area = word.upper()
        elif re.fullmatch(r"[^\W\d_][\w'’.-]*", word):
            names.append(word)
        else:
            not_understood.append(word)
    return PersonQuery(
        names=tuple(names[:4]),
        date_of_birth=date_of_birth,
        postcode=postcode,
        postcode_area=postcode_area,
        health_number=health_number,
        not_understood=tuple(not_understood),
    )


@dataclass
class PersonSearchResult:
    query: PersonQuery
    people: list[Person]
    more: bool  # there are more than ``SEARCH_LIMIT`` matches: refine the search


def _search_queryset(
    user: User, query: PersonQuery, *, with_number: bool = True
) -> QuerySet[Person]:
    qs = Person.objects.in_partnership(user.partnership_id).filter(
        is_anonymised=False, merged_into__isnull=True
    )
    for name in query.names:
        qs = qs.filter(Q(first_name__istartswith=name) | Q(last_name__istartswith=name))
    if query.date_of_birth:
        qs = qs.filter(date_of_birth=query.date_of_birth)
    if query.postcode:
        qs = qs.filter(postcode=query.postcode)
    elif query.postcode_area:
        qs = qs.filter(postcode__startswith=f"{query.postcode_area} ")
    if query.health_number and with_number:
        qs = qs.filter(Q(chi_number=query.health_number) | Q(nhs_number=query.health_number))
    return qs


def _exact_candidates(user: User, query: PersonQuery) -> list[int]:
    """Up to ``EXACT_CANDIDATES + 1`` matching ids, found through the exact criterion's index
    (a CHI or NHS number: each column's own index, joined with UNION)."""
    qs = _search_queryset(user, query, with_number=False).order_by().values_list("pk", flat=True)
    if query.health_number:
        qs = qs.filter(chi_number=query.health_number).union(
            qs.filter(nhs_number=query.health_number)
        )
    return list(qs[: EXACT_CANDIDATES + 1])


def _name_order() -> list[Any]:
    """Surname, first name, then id, case-blind, in byte order: the order of the name index
    (migration 0012), so the first few are found without sorting every match. (PostgreSQL's
    collation "C"; SQLite compares bytes already. Byte order differs from a dictionary's only
    for punctuation and accents: "O'Neill" comes before "Oban".)"""
    if connection.vendor == "postgresql":
        return [Collate(Upper("last_name"), "C"), Collate(Upper("first_name"), "C"), "pk"]
    return [Upper("last_name"), Upper("first_name"), "pk"]


def _name_key(person: Person) -> tuple[bytes, bytes, int]:
    """``_name_order`` in Python (for merging two lists so ordered)."""
    return (person.last_name.upper().encode(), person.first_name.upper().encode(), person.pk)


def _first_by_name(matches: QuerySet[Person], count: int) -> list[Person]:
    return list(matches.select_related("locality").order_by(*_name_order())[:count])


def person_search(*, user: User, text: str, limit: int = SEARCH_LIMIT) -> PersonSearchResult:
    """Find people of the user's partnership (three to five queries, however many people
    there are)."""
    require(user, "person.view")
    query = parse_person_query(text)
    if query.is_empty:
        return PersonSearchResult(query=query, people=[], more=False)
    matches = _search_queryset(user, query)
    few = None
    if query.date_of_birth or query.postcode or query.health_number:
        # A selective exact match: find the (few) people by its index first, unordered, so
        # the database does not walk the name index to satisfy the ordering instead.
        found = _exact_candidates(user, query)
        if len(found) <= EXACT_CANDIDATES:
            few = Person.objects.filter(pk__in=found)
    if few is not None or not query.names:
        people = _first_by_name(few if few is not None else matches, limit + 1)
    else:
        # The first word typed may start a surname or a first name. Each is its own walk along
        # an index in name order (an OR of the two cannot be walked in order: the database
        # would read every match, thousands for a common name, to sort them), and the first
        # ``limit + 1`` of both together are the first ``limit + 1`` overall.
        word = query.names[0]
        either = _first_by_name(matches.filter(last_name__istartswith=word), limit + 1)
        either += _first_by_name(matches.filter(first_name__istartswith=word), limit + 1)
        people = sorted({person.pk: person for person in either}.values(), key=_name_key)
        people = people[: limit + 1]
    more = len(people) > limit
    people = people[:limit]
    ids = [person.pk for person in people]
    visible = person_visible_ids(user=user, ids=ids)
    # Asked for the page's people only: as a subquery the database checked every open episode.
    being_supported = set(
        Episode.objects.filter(person_id__in=ids)
        .exclude(state=Episode.State.CLOSED)
        .values_list("person_id", flat=True)
    )
    for person in people:
        person.can_open = person.pk in visible
        person.has_open_episode = person.pk in being_supported
    return PersonSearchResult(query=query, people=people, more=more)


def person_duplicate_rules(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    health_number: str = "",
) -> Q:
    """Who is probably the person about to be added (an empty ``Q()`` when nothing to compare):
    - the same CHI or NHS number; or
    - the same date of birth and a similar name: the same first letter of the first name and
      the same first three letters of the last name, ignoring case (so "Cathy Robson" matches
      "Catherine Robertson" born the same day, and a slip late in a surname still matches); or
    - no date of birth given: the same first and last name (ignoring case), at the same
      postcode if one was given.
    The one statement of these rules: the drop-in form and the bulk import both use it."""
    first_name, last_name = first_name.strip(), last_name.strip()
    rules = Q()
    number = normalise_health_number(health_number)
    if number:  # (spaces alone are no number: they must not match everyone without one)
        rules |= Q(chi_number=number) | Q(nhs_number=number)
    if date_of_birth and first_name and last_name:
        rules |= Q(
            date_of_birth=date_of_birth,
            first_name__istartswith=first_name[:1],
            last_name__istartswith=last_name[:3],
        )
    if not date_of_birth and first_name and last_name:
        same_name = Q(first_name__iexact=first_name, last_name__iexact=last_name)
        rules |= same_name & Q(postcode=normalise_postcode(postcode)) if postcode else same_name
    return rules


def person_duplicates(
    *,
    partnership_id: int,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    health_number: str = "",
    limit: int = 10,
) -> list[Person]:
    """People who are probably the person about to be added, in their partnership
    (``person_duplicate_rules``)."""
    rules = person_duplicate_rules(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        postcode=postcode,
        health_number=health_number,
    )
    if not rules:
        return []
    return list(
        Person.objects.in_partnership(partnership_id)
        .filter(is_anonymised=False, merged_into__isnull=True)
        .filter(rules)
        .select_related("locality")
        .order_by("last_name", "first_name", "pk")[:limit]
    )
