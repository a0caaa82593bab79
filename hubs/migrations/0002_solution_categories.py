from django.db import migrations

from hubs.categories import SOLUTION_CATEGORIES


def load(apps, schema_editor):
    SolutionCategory = apps.get_model("hubs", "SolutionCategory")
    import uuid

    for slug, name in SOLUTION_CATEGORIES:
        SolutionCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "hsds_id": uuid.uuid5(uuid.NAMESPACE_URL, f"cls-portal/category/{slug}")}
        )


class Migration(migrations.Migration):
    dependencies = [("hubs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
