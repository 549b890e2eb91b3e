from django.core.management.base import BaseCommand

from reports.demo import CASE_NUMBER, TITLE, load_reports_demo


class Command(BaseCommand):
    help = (
        f"Lägger in {TITLE} ({CASE_NUMBER}) som utkast, med alla kapitel ur årsberättelsen och tabellerna i kapitel "
        "3, 6 och 7 som genererade block över budget- och måldemodata (som laddas vid behov). "
        "Att köra det igen skapar och ändrar ingenting."
    )

    def handle(self, *args, **options):
        counts = load_reports_demo()
        if not any(counts.values()):
            self.stdout.write("Årsberättelsedemo finns redan – inget ändrat")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Årsberättelsedemo: {counts['reports']} årsberättelse, {counts['sections']} avsnitt och "
                f"{counts['blocks']} genererade block skapade"
            )
        )
