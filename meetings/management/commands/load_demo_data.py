from django.core.management.base import BaseCommand

from meetings.demo import load_demo_data


class Command(BaseCommand):
    help = (
        "Lägger in demodata: Kommunstyrelsen, dess utskott och sammanträden 2024 samt de regionala "
        "samverkansråden. Att köra det igen skapar och ändrar ingenting."
    )

    def handle(self, *args, **options):
        counts = load_demo_data(stdout=self.stdout if options["verbosity"] >= 2 else None)
        if not any(counts.values()):
            self.stdout.write("Demodata finns redan – inget ändrat")
            return
        line = (
            f"Demodata: {counts['bodies']} organ, {counts['meetings']} sammanträden, "
            f"{counts['documents']} dokument skapade"
        )
        if counts["bodies_updated"]:
            line += f", {counts['bodies_updated']} organ uppdaterade"
        self.stdout.write(self.style.SUCCESS(line))
