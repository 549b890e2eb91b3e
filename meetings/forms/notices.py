"""Staff forms of the notice board: delegation decisions and other notices. They validate what a form can; the
services (meetings.services.notices) decide the dates and refuse what the law does not allow."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from orebro_portal.lib.bounds import DATE_INPUT_LIMITS, DateRangeValidator
from orebro_portal.lib.pdf_reading import PdfLimits

from ..models import Body, Notice
from .personal_data import PersonalDataCheck
from .staff import DateInput


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput(attrs=DATE_INPUT_LIMITS), validators=[DateRangeValidator()], **kwargs
    )


class _NoticeForm(PersonalDataCheck, forms.Form):
    """Shared: the body (among the user's), and, once the notice is on the board, its dates shown but not editable."""

    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, bodies, notice: Notice | None = None, posted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.fields["body"].queryset = bodies
        if posted:
            for name in self.date_fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Anslaget är publicerat: datumet kan inte ändras.")


class DelegationNoticeForm(_NoticeForm):
    personal_data_fields = ("title", "text", "decided_by")
    date_fields = ("decided_on", "posted_on")

    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none(), empty_label=None)
    title = forms.CharField(
        label=_("Rubrik"), max_length=300, help_text=_("Vad beslutet gäller, t.ex. ”Avskrivning av fordran”.")
    )
    decided_by = forms.CharField(
        label=_("Beslutat av (befattning)"),
        max_length=200,
        help_text=_("Delegatens befattning enligt delegationsordningen, inte namnet."),
    )
    decided_on = _date_field(_("Beslutsdatum"))
    case_number = forms.CharField(
        label=_("Diarienummer"), max_length=40, required=False, help_text=_("T.ex. ”Ks 181/2022”. Kan lämnas tomt.")
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beslutet i korthet. Markera personuppgifter som ska maskeras med [[ och ]]."),
    )
    posted_on = _date_field(
        _("Anslaget publicerat"),
        help_text=_(
            "Överklagandetiden, tre veckor, räknas från denna dag. Sista dag för överklagande och dagen anslaget tas "
            "ned räknas ut."
        ),
    )

    def clean_case_number(self):
        return " ".join(self.cleaned_data["case_number"].split())


class OtherNoticeForm(_NoticeForm):
    personal_data_fields = ("title", "text", "legal_basis")
    date_fields = ("posted_on", "taken_down_on")

    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none(), required=False)
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    legal_basis = forms.CharField(
        label=_("Enligt"),
        max_length=200,
        help_text=_("Lagen som kräver kungörelsen, t.ex. ”Plan- och bygglagen 5 kap. 18 §”."),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markera personuppgifter som ska maskeras med [[ och ]]."),
    )
    posted_on = _date_field(_("Anslaget publicerat"))
    taken_down_on = _date_field(_("Anslaget tas ned"), help_text=_("Dagen anslaget tas ned och flyttas till arkivet."))
    file = forms.FileField(
        label=_("Fil (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, body_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = body_required
        self.fields["body"].empty_label = None if body_required else _("Kommunen (inget särskilt organ)")
        limit_mb = f"{settings.DOCUMENT_MAX_UPLOAD_BYTES / (1024 * 1024):g}".replace(".", ",")
        self.fields["file"].help_text = _(
            "Frivillig. Bara PDF med text (inte en inskannad bild), högst %(limit)s MB och %(pages)s sidor, utan "
            "personnummer.%(replace)s"
        ) % {
            "limit": limit_mb,
            "pages": PdfLimits.from_settings().pages,
            "replace": _(" En ny fil ersätter den som finns.") if self.notice is not None and self.notice.file else "",
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.DOCUMENT_MAX_UPLOAD_BYTES:
            limit_mb = f"{settings.DOCUMENT_MAX_UPLOAD_BYTES / (1024 * 1024):g}".replace(".", ",")
            raise forms.ValidationError(
                _("Filen ”%(name)s” är för stor: högst %(limit)s MB är tillåtet.")
                % {"name": upload.name, "limit": limit_mb}
            )
        return upload or None
