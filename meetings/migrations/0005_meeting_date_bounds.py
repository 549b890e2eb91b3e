# Placeholder in the chain of issue 13's migrations; the meeting date bounds fills in its operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_document_metadata_unread_pages")]

    operations = []
