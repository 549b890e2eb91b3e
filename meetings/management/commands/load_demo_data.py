from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from meetings.demo import load_demo_data
from meetings.demo_members import link_demo_accounts
from meetings.models import Assignment, Body

# Only for a developer's own machine (`make run` passes --staff); production never loads demo accounts.
DEMO_PASSWORD = "orebro-demo-2024"
DEMO_SECRETARY_BODIES = ["kommunstyrelsen", "hallbarhetsutskottet", "trygghetsutskottet", "personalutskottet"]


class Command(BaseCommand):
    help = (
        "Lägger in demodata: Kommunstyrelsen, dess utskott och sammanträden 2024, de regionala "
        "samverkansråden, partierna och påhittade exempelledamöter. Att köra det igen skapar och ändrar ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff",
            action="store_true",
            help=(
                "Skapa också demokonton för utveckling: sekreterare, admin och ordförande, justerare1 och justerare2 "
                f"(kopplade till påhittade ledamöter), lösenord {DEMO_PASSWORD}."
            ),
        )

    def handle(self, *args, **options):
        counts = load_demo_data(stdout=self.stdout if options["verbosity"] >= 2 else None)
        if options["staff"]:
            self._demo_staff()
        if not any(counts.values()):
            self.stdout.write("Demodata finns redan – inget ändrat")
            return
        line = (
            f"Demodata: {counts['bodies']} organ, {counts['meetings']} sammanträden, "
            f"{counts['documents']} dokument skapade"
        )
        if counts["bodies_updated"]:
            line += f", {counts['bodies_updated']} organ uppdaterade"
        if counts.get("persons") or counts.get("memberships") or counts.get("parties"):
            line += (
                f"; {counts['parties']} partier, {counts['persons']} påhittade exempelpersoner och "
                f"{counts['memberships']} uppdrag skapade"
            )
        self.stdout.write(self.style.SUCCESS(line))

    @transaction.atomic
    def _demo_staff(self) -> None:
        """A secretary of Kommunstyrelsen and its committees, and an administrator; created once, never reset."""
        users = get_user_model()
        secretary, created = users.objects.get_or_create(
            username="sekreterare", defaults={"first_name": "Karin", "last_name": "Lund"}
        )
        if created:
            secretary.set_password(DEMO_PASSWORD)
            secretary.save()
        for body in Body.objects.filter(slug__in=DEMO_SECRETARY_BODIES):
            Assignment.objects.get_or_create(user=secretary, body=body, role=Assignment.Role.SECRETARY)
        if not users.objects.filter(username="admin").exists():
            users.objects.create_superuser("admin", "admin@example.org", DEMO_PASSWORD)
        accounts = link_demo_accounts(password=DEMO_PASSWORD)
        self.stdout.write(
            f"Demokonton: sekreterare, admin och {', '.join(accounts)} (påhittade ledamöter i Kommunstyrelsen, "
            f"för digital justering), lösenord {DEMO_PASSWORD}"
        )
