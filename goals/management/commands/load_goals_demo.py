from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from goals.demo import KS_SLUG, load_goals_demo
from meetings.models import Assignment, Body

# Only for a developer's own machine (`make demo` passes --staff); production never loads demo accounts.
DEMO_PASSWORD = "orebro-demo-2024"
DEMO_ANALYST = {"username": "analytiker", "first_name": "Lina", "last_name": "Berg"}


class Command(BaseCommand):
    help = (
        "Lägger in måldemodata: vision, strategiska områden och målområden 2017–2019, målområdena 2021 med "
        "Kommunstyrelsens iakttagelser och indikatorer, samt Politisk plattform 2022–2026 med åtaganden. "
        "Att köra det igen skapar och ändrar ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff",
            action="store_true",
            help=f"Skapa också ett demokonto för utveckling: analytiker, lösenord {DEMO_PASSWORD}.",
        )

    def handle(self, *args, **options):
        counts = load_goals_demo(stdout=self.stdout if options["verbosity"] >= 2 else None)
        if options["staff"]:
            self._demo_staff()
        if not any(counts.values()):
            self.stdout.write("Måldemodata finns redan – inget ändrat")
            return
        line = (
            f"Måldemodata: {counts['periods']} målperioder, {counts['strategic_areas']} strategiska områden, "
            f"{counts['goal_areas']} målområden, {counts['means']} medel, {counts['observations']} iakttagelser, "
            f"{counts['indicators']} indikatorer, {counts['values']} indikatorvärden, "
            f"{counts['policy_areas']} politikområden och {counts['commitments']} åtaganden skapade"
        )
        if counts["bodies"]:
            line += " (Kommunstyrelsen saknades och skapades också)"
        self.stdout.write(self.style.SUCCESS(line))

    @transaction.atomic
    def _demo_staff(self) -> None:
        """An analyst of Kommunstyrelsen, who may edit its indicators; created once, never reset."""
        users = get_user_model()
        analyst, created = users.objects.get_or_create(
            username=DEMO_ANALYST["username"],
            defaults={"first_name": DEMO_ANALYST["first_name"], "last_name": DEMO_ANALYST["last_name"]},
        )
        if created:
            analyst.set_password(DEMO_PASSWORD)
            analyst.save()
        body = Body.objects.get(slug=KS_SLUG)  # load_goals_demo has made sure it exists
        Assignment.objects.get_or_create(user=analyst, body=body, role=Assignment.Role.ANALYST)
        self.stdout.write(f"Demokonto: analytiker (Lina Berg), lösenord {DEMO_PASSWORD}")
