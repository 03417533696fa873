"""Add the recommended health areas and community engagement approaches of the demo data set,
a generic NGO partner type, and the README's wording for two types of evidence (Ebola virus
disease, programme monitoring data, before-after evaluation). Existing slugs are kept."""

from django.db import migrations

from baraza.taxonomy import compendium_vocabularies


def load(apps, schema_editor):
    compendium_vocabularies.load(lambda name: apps.get_model("taxonomy", name))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0004_load_compendium_vocabularies")]

    # Going back keeps the terms: records may already use them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
