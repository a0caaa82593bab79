"""A user's reminder choice, and the daily digest: counts and links only, sent once a day.

The digest never holds a name or anything about a person: it is built from each section's
title, count and list link, never from its rows (``tests/today/test_digest.py`` renders one
over data with a named person and looks for the name)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from today.models import DigestSent, ReminderPreference
from today.sections import DueSection, due_total, sections_for

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


@transaction.atomic
def reminder_preference_set(*, actor: User, daily_digest: bool) -> ReminderPreference:
    """A user turns their own daily digest on or off (it needs an e-mail address to go to)."""
    if daily_digest and not (actor.email or "").strip():
        raise ValidationError(
            {
                "daily_digest": "Your account has no e-mail address: ask an administrator to "
                "add one, then turn the digest on."
            }
        )
    preference, created = ReminderPreference.objects.select_for_update().get_or_create(
        user=actor, defaults={"daily_digest": daily_digest}
    )
    if created:
        audit_create(actor=actor, obj=preference)
        return preference
    before = audit_snapshot(preference)
    preference.daily_digest = daily_digest
    preference.save(update_fields=["daily_digest", "updated_at"])
    audit_update(actor=actor, obj=preference, before=before)
    return preference


def digest_sections(*, user: User, today: datetime.date) -> list[DueSection]:
    """The sections a digest counts: work due, with something in it."""
    return [s for s in sections_for(user, today) if s.in_digest and s.count > 0]


def digest_message(*, user: User, today: datetime.date, sections: list[DueSection]) -> EmailMessage:
    """The e-mail: a count and a link per section, and where to turn it off. Only section
    titles, counts and list links go into the template, never rows."""
    base = (settings.SITE_URL or settings.DEFAULT_SITE_URL).rstrip("/")
    lines = [
        {"title": section.title, "count": section.count_text, "url": base + section.list_url}
        for section in sections
    ]
    total = due_total(sections)
    context = {
        "today": today,
        "lines": lines,
        "total": total.words,
        "home_url": base + "/",
        "settings_url": base + "/settings/",
    }
    return EmailMessage(
        subject=f"CLS Portal: {total.words} thing{'s' if total.count != 1 else ''} due, "
        f"{today:%-d %B}",
        body=render_to_string("today/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def digest_send(*, user_id: int, today: datetime.date) -> bool:
    """Send a user's digest for ``today`` if they still want it, something is due, and none
    went today. The sent-log row is written in the same transaction as the send: its unique
    (user, day) makes a second run, even a concurrent one, send nothing; a failed send rolls
    the row back, so a retry can send it. Returns whether it sent."""
    user = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True, reminder_preference__daily_digest=True)
        .exclude(email="")
        .first()
    )
    if user is None or DigestSent.objects.filter(user=user, sent_on=today).exists():
        return False
    sections = digest_sections(user=user, today=today)
    if not sections:
        return False
    message = digest_message(user=user, today=today, sections=sections)
    with transaction.atomic():
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    user=user, sent_on=today, items=sum(s.count for s in sections)
                )
        except IntegrityError:
            return False  # another run sent it a moment ago
        message.send()
    return True
