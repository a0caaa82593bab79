"""``manage.py create_partnership --name NAME --admin-email EMAIL --admin-first-name FIRST
--admin-last-name LAST [--slug SLUG] [--nation scotland|england|wales] [--retention-years N]
[--swemwbs] [--site-url URL]``: set up a partnership and its first administrator, as the
operator's page does (the same service), for scripted installs. Prints the set-password link
(also e-mailed to the administrator)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cls_portal.accounts.services import partnership_set_up
from hubs.models import Partnership


class Command(BaseCommand):
    help = "Set up a partnership with its first administrator, who is sent a set-password link."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The partnership's name.")
        parser.add_argument("--slug", default="", help="Its short name (default: from the name).")
        parser.add_argument(
            "--nation", default=Partnership.Nation.SCOTLAND, choices=Partnership.Nation.values
        )
        parser.add_argument("--retention-years", type=int, default=None)
        parser.add_argument("--swemwbs", action="store_true", help="It holds a SWEMWBS licence.")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-first-name", required=True)
        parser.add_argument("--admin-last-name", required=True)
        parser.add_argument(
            "--site-url",
            default="",
            help=f"Where the link points (default: SITE_URL, else {settings.DEFAULT_SITE_URL}).",
        )

    def handle(self, *args, **options):
        try:
            partnership, admin, link = partnership_set_up(
                actor=None,
                name=options["name"],
                slug=options["slug"],
                nation=options["nation"],
                retention_years=options["retention_years"],
                swemwbs_licensed=options["swemwbs"],
                admin_first_name=options["admin_first_name"],
                admin_last_name=options["admin_last_name"],
                admin_email=options["admin_email"],
                site_url=options["site_url"] or settings.SITE_URL or settings.DEFAULT_SITE_URL,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Partnership {partnership.name} ({partnership.slug}) is set up.")
        self.stdout.write(f"Its administrator {admin} signs in as {admin.username}.")
        self.stdout.write(f"Link to set their password (works once, also e-mailed): {link}")
