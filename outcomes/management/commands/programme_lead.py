"""Appoint a programme's lead: ``python manage.py programme_lead --programme scottish-cls-network
--name "Scottish CLS Network" --username morven`` (the programme is made if new; then
``python manage.py changepassword morven``). Partnerships then opt in from their
"Programme sharing" page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from outcomes.services.programmes import programme_lead_appoint


class Command(BaseCommand):
    help = "Make a user the lead of a programme (made if new). A programme lead has no partnership."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="The programme's slug.")
        parser.add_argument("--name", default="", help="The programme's name, if it is new.")
        parser.add_argument("--username", required=True)

    def handle(self, *args, programme, name, username, **options):
        try:
            found, user = programme_lead_appoint(
                actor=None, slug=programme, name=name, username=username
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{user.username} leads {found.name}.")
        if not user.has_usable_password():
            self.stdout.write(f"Set a password: python manage.py changepassword {user.username}")
