"""Users (the staff list): added without a usable password; the administrator invites them.

A user is found again by their e-mail address, which is also their username (the staff list
of an old system rarely has an identifier worth keeping, and an address is unique already).
Written through the accounts services (``user_create``, ``user_update``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from cls_portal.accounts.models import User
from cls_portal.accounts.services import user_create, user_update
from cls_portal.permissions import CASE_ROLES, Role
from hubs.models import Partnership
from imports.kinds.base import Column, Kind, Localities, Report, RowError, choice, text
from imports.reading import Row


@dataclass
class Context:
    partnership: Partnership
    actor: Any
    localities: Localities
    seen: dict[str, int] = field(default_factory=dict)


class UsersKind(Kind):
    slug = "users"
    label = "Users"
    batch_size = 200
    columns = (
        Column(
            "email",
            "Their work e-mail address: it is also how they sign in.",
            "j.smith@example.org",
            required=True,
        ),
        Column("first_name", "First name.", "Jo", required=True),
        Column("last_name", "Last name.", "Smith", required=True),
        Column(
            "role",
            "What they do.",
            "practitioner",
            required=True,
            format="One of: " + ", ".join(code for code, _ in Role.choices),
        ),
        Column(
            "localities",
            "The localities they work in, separated by “;” (a hub worker, "
            "practitioner or forum manager needs at least one).",
            "Riverside North",
        ),
    )

    def start(self, *, partnership: Partnership, actor: Any, report: Report) -> Context:
        report.note("New users have no password: invite them from the Users page.")
        return Context(partnership, actor, Localities(partnership))

    def run_batch(self, context: Context, rows: list[Row], report: Report) -> None:
        emails = [str(row.values.get("email") or "").strip().lower() for row in rows]
        known = User.objects.filter(username__in=emails).in_bulk(field_name="username")
        for row in rows:
            try:
                values = self._parse(context, row)
            except RowError as error:
                report.problem(row.number, error.column, error.message)
                continue
            user = known.get(values["email"])
            if user is not None and user.partnership_id != context.partnership.pk:
                report.problem(row.number, "email", "This address is already in use.")
                continue
            try:
                self._write(context, user, values, report)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    for message in messages:
                        report.problem(row.number, name if name != "__all__" else "", message)

    def _parse(self, context: Context, row: Row) -> dict[str, Any]:
        email = text(row, "email", max_length=150, required=True).lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise RowError("email", f"“{email}” is not an e-mail address.") from error
        earlier = context.seen.setdefault(email, row.number)
        if earlier != row.number:
            raise RowError("email", f"This address is also on row {earlier}.")
        values = {
            "email": email,
            "first_name": text(row, "first_name", max_length=150, required=True),
            "last_name": text(row, "last_name", max_length=150, required=True),
            "role": choice(row, "role", Role.choices),
            "localities": context.localities.many(row, "localities"),
        }
        if not values["role"]:
            raise RowError("role", "This must be filled in.")
        if values["role"] in CASE_ROLES and not values["localities"]:
            raise RowError(
                "localities",
                "A hub worker, practitioner or forum manager needs at least one locality.",
            )
        return values

    def _write(
        self, context: Context, user: User | None, values: dict[str, Any], report: Report
    ) -> None:
        if user is None:
            created = user_create(
                actor=context.actor,
                partnership_id=context.partnership.pk,
                username=values["email"],
                password=None,
                **values,
            )
            report.created += 1
            report.record_ids.append(created.pk)
            return
        same = (user.first_name, user.last_name, user.email, user.role) == (
            values["first_name"],
            values["last_name"],
            values["email"],
            values["role"],
        ) and set(user.localities.values_list("pk", flat=True)) == {
            loc.pk for loc in values["localities"]
        }
        if same:
            report.unchanged += 1
            return
        user_update(actor=context.actor, user=user, is_active=user.is_active, **values)
        report.updated += 1
        report.record_ids.append(user.pk)
