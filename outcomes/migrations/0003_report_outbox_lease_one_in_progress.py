"""Reports: the outbox (``sent_at``), the run's lease (``lease_until``, ``leased_by``), and one
report of a kind, month, place and baseline in progress at a time.

Before the constraint, any duplicates already in progress (made by parallel requests) are failed,
keeping the earliest of each; queued reports never sent are sent by beat's sweep once it runs.
"""

import datetime
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


def fail_duplicates_in_progress(apps, schema_editor):
    Report = apps.get_model("outcomes", "Report")
    seen = set()
    in_progress = Report.objects.filter(status__in=["queued", "running"]).order_by("pk")
    for report in in_progress.iterator():
        key = (
            report.partnership_id,
            report.kind,
            report.period,
            report.locality_id,
            report.hub_id,
            report.baseline,
        )
        if key in seen:
            report.status = "failed"
            report.error_message = "A duplicate of another report in progress; not made."
            report.save(update_fields=["status", "error_message"])
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0005_partnership_retention_years"),
        ("outcomes", "0002_records_belong_to_their_place"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="report",
            name="leased_by",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="report",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fail_duplicates_in_progress, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                models.F("partnership"),
                models.F("kind"),
                models.F("period"),
                django.db.models.functions.comparison.Coalesce(
                    "locality_id", 0, output_field=models.IntegerField()
                ),
                django.db.models.functions.comparison.Coalesce(
                    "hub_id", 0, output_field=models.IntegerField()
                ),
                django.db.models.functions.comparison.Coalesce(
                    "baseline",
                    models.Value(datetime.date(1, 1, 1)),
                    output_field=models.DateField(),
                ),
                condition=models.Q(("status__in", ["queued", "running"])),
                name="one_report_in_progress",
                violation_error_message="The same report is already being made.",
            ),
        ),
    ]
