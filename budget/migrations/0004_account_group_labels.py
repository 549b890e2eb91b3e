"""The kontogrupp labels as the record prints them (årsberättelse 2021, chapter 6): 6B is "Entrpr,fastighetskostn,
övr. m", not the tidied "Entrpr, fastighetskostn, övr." that 0002 wrote. A name staff have changed since is kept."""

from django.db import migrations

RECORD = {"6B": ("Entrpr, fastighetskostn, övr.", "Entrpr,fastighetskostn, övr. m")}


def use_record_labels(apps, schema_editor):
    AccountGroup = apps.get_model("budget", "AccountGroup")
    for code, (old, new) in RECORD.items():
        AccountGroup.objects.filter(code=code, name=old).update(name=new)


def tidy_labels(apps, schema_editor):
    AccountGroup = apps.get_model("budget", "AccountGroup")
    for code, (old, new) in RECORD.items():
        AccountGroup.objects.filter(code=code, name=new).update(name=old)


class Migration(migrations.Migration):
    dependencies = [("budget", "0003_chart_publication_comparability")]
    operations = [migrations.RunPython(use_record_labels, tidy_labels)]
