# Placeholder in the chain of issue 13's migrations; the alert limits fills in its operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_document_reading_error")]

    operations = []
