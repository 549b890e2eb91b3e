"""The Celery app. Without REDIS_URL the settings make tasks run eagerly in the web process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orebro_portal.settings")

app = Celery("orebro_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
