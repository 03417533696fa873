"""Load the controlled vocabularies: countries with their WHO region, languages, stakeholder
types and the themes of the community health learning agenda, in English and French."""

from django.db import migrations

from baraza.taxonomy import vocabularies


def load(apps, schema_editor):
    vocabularies.load(lambda name: apps.get_model("taxonomy", name))


def unload(apps, schema_editor):
    for model in ("Country", "Language", "StakeholderType", "Theme"):
        apps.get_model("taxonomy", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_vocabularies")]

    operations = [migrations.RunPython(load, unload)]
