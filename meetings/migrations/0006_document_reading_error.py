# Placeholder in the chain of issue 13's migrations; the document reading error fills in its operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_meeting_date_bounds")]

    operations = []
