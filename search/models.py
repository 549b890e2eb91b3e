"""The search index: one denormalised row per public thing a citizen can find, with its text as the public sees it.

Rows are derived data, rebuilt from the domain models by `search.indexing` (never edited by hand): a row exists only
while its object is public, and a protocol paragraph's text is its masked public version, never the original.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Sammanträde")
        AGENDA_ITEM = "agenda_item", _("Ärende")
        DOCUMENT_PAGE = "document_page", _("Handling")
        PARAGRAPH = "paragraph", _("Protokollsparagraf")
        GOAL_AREA = "goal_area", _("Målområde")
        INDICATOR = "indicator", _("Indikator")
        COMMITMENT = "commitment", _("Åtagande")
        REPORT_SECTION = "report_section", _("Årsberättelse")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("objektets id"))
    # The page of a document (1, 2, …); 0 for every other kind, so (kind, object_id, page) is unique without NULLs.
    page = models.PositiveIntegerField(_("sida"), default=0)
    body = models.ForeignKey(
        "meetings.Body",
        verbose_name=_("organ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    date = models.DateField(_("datum"), null=True, blank=True)
    title = models.CharField(_("rubrik"), max_length=500)
    text = models.TextField(_("offentlig text"), blank=True)
    url = models.CharField(_("adress"), max_length=500)
    # Filled in by an UPDATE … SET search_vector = setweight(to_tsvector('swedish', title), 'A') || … on PostgreSQL;
    # NULL on SQLite, where the fallback search reads title and text. The GIN index is made by migration 0002, on
    # PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sökpost")
        verbose_name_plural = _("sökposter")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "page"], name="search_entry_unique_object"),
        ]
        indexes = [
            models.Index(fields=["year"], name="search_entry_year_idx"),
            models.Index(fields=["body"], name="search_entry_body_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
