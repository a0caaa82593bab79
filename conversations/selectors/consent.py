"""A person's consent: the answers that hold now, and every answer before (the caller has
already checked the person is in scope)."""

from __future__ import annotations

from django.db.models import QuerySet

from conversations.models import ConsentRecord, Person

HISTORY_LIMIT = 200  # far more answers than anyone gives; the page stays bounded


def consent_history(*, person: Person) -> QuerySet[ConsentRecord]:
    """Newest first."""
    return (
        ConsentRecord.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-given_on", "-pk")[:HISTORY_LIMIT]
    )


def consent_now(*, person: Person) -> list[ConsentRecord]:
    """The latest answer to "keep their details", then to sharing with each organisation
    (by name, ignoring case). One query."""
    latest: dict[tuple[str, str], ConsentRecord] = {}
    for record in consent_history(person=person):
        latest.setdefault((record.kind, record.partner_organisation.casefold()), record)
    return sorted(
        latest.values(),
        key=lambda r: (r.kind != ConsentRecord.Kind.KEEP, r.partner_organisation.casefold()),
    )
