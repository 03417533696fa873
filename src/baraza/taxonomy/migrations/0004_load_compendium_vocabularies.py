"""Load the compendium's vocabularies (settings, phases, health areas, engagement approaches,
IAP2 levels, types of evidence, population groups, implementing-partner types), in English
and French."""

from django.db import migrations

from baraza.taxonomy import compendium_vocabularies

MODELS = (*compendium_vocabularies.NAMED, "EngagementLevel")


def load(apps, schema_editor):
    compendium_vocabularies.load(lambda name: apps.get_model("taxonomy", name))


def unload(apps, schema_editor):
    for model in MODELS:
        apps.get_model("taxonomy", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_compendium_vocabularies")]

    operations = [migrations.RunPython(load, unload)]
