from django.db import migrations


def load(apps, schema_editor):
    from baraza.compendium import default_criteria

    default_criteria.load(lambda name: apps.get_model("compendium", name))


class Migration(migrations.Migration):
    dependencies = [("compendium", "0001_experiences_criteria_reviews")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
