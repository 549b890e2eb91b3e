# The alert form's limits in the database (issue 13): keyed hashes of the addresses and client addresses counted, and
# when the last confirmation mail of a subscription went.
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_document_reading_error")]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="confirmation_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="bekräftelsemejl skickat"),
        ),
        migrations.CreateModel(
            name="AlertLimitEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("form_post", "formulär skickat från en klientadress"),
                            ("confirmation_mail", "bekräftelsemejl till en e-postadress"),
                        ],
                        max_length=20,
                    ),
                ),
                ("digest", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "räknad bevakningsförfrågan",
                "verbose_name_plural": "räknade bevakningsförfrågningar",
                "indexes": [
                    models.Index(fields=["kind", "digest", "created_at"], name="alert_limit_kind_digest_time"),
                    models.Index(fields=["created_at"], name="alert_limit_time"),
                ],
            },
        ),
    ]
