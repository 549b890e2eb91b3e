"""Take down what is due on the notice board now: what the nightly periodic task does (meetings.tasks), for a
machine without Celery beat (`make run` calls it at start) or to catch up by hand."""

from django.core.management.base import BaseCommand

from meetings.services.notices import notice_board_take_down


class Command(BaseCommand):
    help = "Tar ned anslag vars nedtagningsdag har kommit (det som den periodiska uppgiften gör varje natt)."

    def handle(self, *args, **options) -> None:
        count = notice_board_take_down()
        self.stdout.write(f"Tog ned {count} anslag.")
