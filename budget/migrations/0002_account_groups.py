"""The account groups of Kommun-Bas that the municipality reports on: reference data every install needs."""

from django.db import migrations

GROUPS = [
    ("3", "Intäkter"),
    ("4", "Inköp tillg o vhet samt bidrag"),
    ("5", "Personalkostnader"),
    ("6A", "Lokalhyror"),
    ("6B", "Entrpr,fastighetskostn, övr. m"),  # as the record prints it (0004 updates older installs)
    ("7", "Övriga kostnader"),
]


def add_groups(apps, schema_editor):
    AccountGroup = apps.get_model("budget", "AccountGroup")
    for position, (code, name) in enumerate(GROUPS):
        AccountGroup.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]
    operations = [migrations.RunPython(add_groups, migrations.RunPython.noop)]
