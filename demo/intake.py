"""Demo consent records and intake outside a hub: every demo person's answer to "keep their
details" as a record (in bulk), some sharing answers, and a few people who got in touch by phone,
the duty desk or a referral (through the services, so they read as a practitioner made them)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conversations.models import ConsentRecord, Person
from conversations.services.dropins import NewPerson
from conversations.services.intake import ReferralDetails, intake_record
from demo.bulk import bulk_insert, new
from demo.context import SeedContext

DAY = datetime.timedelta(days=1)
PARTNERS = ["Age Scotland", "Riverside Carers Centre", "Citizens Advice Riverside"]
# (first name, last name, channel, source, days ago, referrer: organisation, name, role, why)
INTAKES = [
    ("Hector", "Lindsay", "referral", "gp", 9, ("Riverside Medical Practice", "Dr Rao", "GP",
     "Lonely since his wife died; has stopped going to the bowling club.")),
    ("Margaret", "Dunn", "referral", "hospital", 4, ("Riverside General", "Sam Lee",
     "Discharge nurse", "Home after a fall; worried about managing the stairs.")),
    ("Iain", "Sutherland", "referral", "community", 15, ("Men's Shed", "", "Volunteer",
     "Caring for his mother and not sleeping.")),
    ("Jean", "Baxter", "phone", "self", 2, None),
    ("Robert", "Guthrie", "duty_desk", "family", 6, None),
]  # fmt: skip


def _keep_answers(ctx: SeedContext) -> None:
    """Each person's answer so far, as the first record of its history, and a sharing answer
    for some (the consent page's history reads them)."""
    rows: list[ConsentRecord] = []
    how = {
        Person.Consent.GIVEN: ConsentRecord.How.WRITING,
        Person.Consent.VERBAL: ConsentRecord.How.IN_PERSON,
    }
    for pk, consent, created_at in Person.objects.filter(
        partnership=ctx.partnership, consent__in=list(how)
    ).values_list("pk", "consent", "created_at"):
        given_on = min(timezone.localdate(created_at), ctx.today)
        rows.append(
            new(
                ConsentRecord,
                person_id=pk,
                kind="keep",
                agreed=True,
                given_on=given_on,
                how=how[consent],
            )
        )
        if ctx.rng.random() < 0.2:
            rows.append(
                new(
                    ConsentRecord,
                    person_id=pk,
                    kind="share",
                    partner_organisation=ctx.rng.choice(PARTNERS),
                    agreed=ctx.rng.random() < 0.85,
                    given_on=given_on,
                    how=ConsentRecord.How.IN_PERSON,
                )
            )
    bulk_insert(ConsentRecord, rows)


def _intakes(ctx: SeedContext) -> None:
    actor = ctx.users.get("practitioner")
    if actor is None:
        return
    today = min(ctx.today, timezone.localdate())
    for first, last, channel, source, days_ago, referrer in INTAKES:
        day = today - days_ago * DAY
        referral = None
        if referrer:
            organisation, name, role, why = referrer
            referral = ReferralDetails(
                referred_on=day, organisation=organisation, name=name, role=role, reason=why,
                contact="01234 567 000",
            )  # fmt: skip
        intake_record(
            actor=actor,
            channel=channel,
            source=source,
            contacted_on=day + DAY if referral else day,
            new_person=NewPerson(first, last, phone="01234 000 111"),
            referral=referral,
            confirm_new=True,
        )


def seed(ctx: SeedContext) -> None:
    _keep_answers(ctx)
    _intakes(ctx)
