"""Give every existing member an @handle (new members get one when they register)."""

import unicodedata

from django.db import migrations
from django.utils.text import slugify


def fill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.exclude(handle=None).values_list("handle", flat=True))
    for user in User.objects.filter(handle=None, deleted_at=None).order_by("pk"):
        plain = "".join(
            ch
            for ch in unicodedata.normalize("NFKD", user.display_name)
            if not unicodedata.combining(ch)
        )
        base = slugify(plain)[:32].strip("-") or "member"
        handle, number = base, 2
        while handle in taken:
            handle, number = f"{base}-{number}", number + 1
        taken.add(handle)
        User.objects.filter(pk=user.pk).update(handle=handle)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_member_handles")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
