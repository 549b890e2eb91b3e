"""Forms of the staff pages on annual reports. They validate; the views call `reports.services_staff` to save."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from meetings.forms.personal_data import PersonalDataCheck
from meetings.models import Meeting
from orebro_portal.lib.formatting import sv_datetime

from .models import Section

HEADING_MAX_LENGTH = Section._meta.get_field("heading").max_length


class SectionForm(PersonalDataCheck, forms.Form):
    personal_data_fields = ("heading", "text")  # published in the report and its PDF

    heading = forms.CharField(
        label=_("Rubrik"),
        max_length=HEADING_MAX_LENGTH,
        error_messages={
            "required": _("Skriv en rubrik."),
            "max_length": _("Rubriken får vara högst %(limit_value)d tecken (nu %(show_value)d)."),
        },
        # No maxlength attribute: the browser would cut a pasted heading silently; the message says what is wrong.
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Skrivs i Markdown: stycken skiljs med en tom rad, ”- ” i början av raden ger en punktlista, "
            "**fetstil** och *kursiv*. Rubriker i texten blir underrubriker. Tabellerna i avsnittet skapas "
            "av portalen ur budget- och måldata och skrivs inte här."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heading"].widget.attrs.pop("maxlength", None)


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return sv_datetime(meeting.start)


class AdoptForm(forms.Form):
    """Adopting a report: optionally the meeting of its body where it was adopted."""

    meeting = MeetingChoiceField(
        label=_("Sammanträde"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Inget valt"),
        help_text=_("Sammanträdet där organet fastställde årsberättelsen, om det finns i portalen."),
        error_messages={"invalid_choice": _("Välj ett av organets sammanträden i listan.")},
    )

    def __init__(self, *args, meetings: QuerySet[Meeting], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
