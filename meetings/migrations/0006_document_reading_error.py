# Why a document's file could not be read, shown to the secretary (issue 13).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_meeting_date_bounds")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="reading_error",
            field=models.TextField(blank=True, editable=False, verbose_name="fel vid läsning"),
        ),
    ]
