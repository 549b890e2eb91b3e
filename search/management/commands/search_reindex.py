from django.core.management.base import BaseCommand

from search.indexing import search_reindex_all


class Command(BaseCommand):
    help = "Bygger om sökindexet från allt som är publicerat (efter import av demodata eller massändringar)."

    def handle(self, *args, **options):
        counts = search_reindex_all()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Sökindexet innehåller {sum(counts.values())} poster."))
