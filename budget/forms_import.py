"""The upload form of the ledger import. It only checks the file's size; the service reads and judges the content."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
            "CSV (semikolon eller komma) eller Excel (.xlsx, första bladet), högst %(limit)s MB."
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
