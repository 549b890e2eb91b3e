"""The forms of the ledger import. The upload form only checks the file's size; the service reads and judges the
content. The confirm form carries the controller's ticks for new years and scale warnings."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services.importing import WARNINGS_SEEN, new_year_field

# .txt and .tsv: Excel's "Unicode text" and other tab-separated exports.
ACCEPT = (
    ".csv,.txt,.tsv,.xlsx,text/csv,text/plain,text/tab-separated-values,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


def max_bytes() -> int:
    return getattr(settings, "BUDGET_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}".replace(".", ",")


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil med huvudboken (CSV eller Excel)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": gettext_lazy("Välj en fil att läsa in."),
            "empty": gettext_lazy("Filen är tom."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (semikolon, komma eller tabb) eller Excel (.xlsx), högst %(limit)s MB."
        ) % {"limit": _megabytes(max_bytes())}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The size is known from the request before the file is read into memory.
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("Filen ”%(name)s” är för stor: högst %(limit)s MB är tillåtet. Dela upp den per år.")
                % {"name": upload.name, "limit": _megabytes(max_bytes())}
            )
        return upload


class LedgerConfirmForm(forms.Form):
    """The ticks confirming an import needs: one per new year of the preview, one for its scale warnings.

    Not required fields: a missing tick is the service's refusal (`ledger_import_unconfirmed`), put on the field by
    the view, so the form and the management command are refused with the same reasons.
    """

    def __init__(self, *args, new_years=(), has_warnings: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for year in new_years:
            self.fields[new_year_field(year)] = forms.BooleanField(
                required=False, label=_("Skapa räkenskapsåret %(year)s") % {"year": year}
            )
        if has_warnings:
            self.fields[WARNINGS_SEEN] = forms.BooleanField(
                required=False, label=_("Jag har sett varningarna och vill läsa in filen ändå")
            )
        self.new_years = list(new_years)

    def create_years(self) -> list[int]:
        return [year for year in self.new_years if self.cleaned_data.get(new_year_field(year))]

    def warnings_seen(self) -> bool:
        return bool(self.cleaned_data.get(WARNINGS_SEEN))
