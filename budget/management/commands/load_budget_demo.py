from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from budget.demo import load_budget_demo
from budget.models import Unit, UnitController

# Only for a developer's own machine (`make demo` passes --staff); production never loads demo accounts.
DEMO_PASSWORD = "orebro-demo-2024"
DEMO_CONTROLLER_UNITS = ["kommunstyrelsen", "stadsrevisionen", "valnamnden"]


class Command(BaseCommand):
    help = (
        "Lägger in budgetdemodata: Kommunstyrelsens enheter och ansvar, bokslut 2020 och 2021 ur "
        "årsberättelse 2021 (fördelningen på kontogrupper är härledd), publicerade som bokslut, och ett öppet, "
        "tomt och opublicerat 2022. "
        "Att köra det igen skapar och ändrar ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff",
            action="store_true",
            help=f"Skapa också ett demokonto för utveckling: controller, lösenord {DEMO_PASSWORD}.",
        )

    def handle(self, *args, **options):
        counts = load_budget_demo()
        if options["staff"]:
            self._demo_staff()
        if not any(counts.values()):
            self.stdout.write("Budgetdemodata finns redan – inget ändrat")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Budgetdemodata: {counts['units']} enheter, {counts['codes']} ansvar, "
                f"{counts['years']} räkenskapsår, {counts['lines']} rader i huvudboken och "
                f"{counts['publications']} publiceringar skapade"
            )
        )

    @transaction.atomic
    def _demo_staff(self) -> None:
        """A controller of Kommunstyrelsen (and so of its subunits), Stadsrevisionen and Valnämnden; created once,
        never reset."""
        users = get_user_model()
        controller, created = users.objects.get_or_create(
            username="controller", defaults={"first_name": "Per", "last_name": "Ek"}
        )
        if created:
            controller.set_password(DEMO_PASSWORD)
            controller.save()
        for unit in Unit.objects.filter(slug__in=DEMO_CONTROLLER_UNITS):
            UnitController.objects.get_or_create(user=controller, unit=unit)
        self.stdout.write(f"Demokonto: controller (Per Ek), lösenord {DEMO_PASSWORD}")
