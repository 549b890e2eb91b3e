"""The Celery app. Without REDIS_URL the settings make tasks run eagerly in the web process."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orebro_portal.settings")

# Sending a task: one immediate second attempt (it replaces a pooled connection that went stale when Redis
# restarted), then the error. Celery's default (three more attempts 0.2 s apart) kept a request ~0.6 s longer for an
# answer that was "no" all along when Redis is down; orebro_portal.lib.tasks.enqueue sends with this policy too.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}

app = Celery("orebro_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Defaults below the settings: a CELERY_* setting of the same name still wins.
app.add_defaults({"task_publish_retry_policy": PUBLISH_RETRY_POLICY})
app.autodiscover_tasks()

# Periodic tasks (run `celery -A orebro_portal beat`, or a worker with `-B`, beside the worker). The times are in
# CELERY_TIMEZONE (Europe/Stockholm): the notice board takes down what is due just after midnight, so a posting is up
# for the whole of its last appeal day and gone on its take-down day (docs/0016-notice-board.md).
app.conf.beat_schedule = {
    "notice-board-take-down": {
        "task": "meetings.tasks.notice_board_take_down",
        "schedule": crontab(hour=0, minute=5),
    },
}
