"""Forms of the staff area for meetings, agenda items and documents. They validate; views call the services."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orebro_portal.lib.bounds import DATE_INPUT_LIMITS, DateRangeValidator
from orebro_portal.lib.pdf_reading import PdfLimits

from ..models import AgendaItem, Body, Document, Meeting
from .personal_data import PersonalDataCheck


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def combine(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time), timezone.get_current_timezone())


class MeetingForm(PersonalDataCheck, forms.Form):
    """Create or edit a meeting. Time and place left empty take the body's usual ones."""

    personal_data_fields = ("place",)

    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none(), empty_label=None)
    # Bounded here, so a 0001-01-01 or 9999-12-31 is refused at the field before any time zone arithmetic.
    day = forms.DateField(
        label=_("Datum"), widget=DateInput(attrs=DATE_INPUT_LIMITS), validators=[DateRangeValidator()]
    )
    start_time = forms.TimeField(
        label=_("Starttid"), required=False, widget=TimeInput(), help_text=_("Tomt: organets vanliga starttid.")
    )
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TimeInput())
    place = forms.CharField(
        label=_("Plats"), max_length=200, required=False, help_text=_("Tomt: organets vanliga plats.")
    )
    is_public = forms.BooleanField(label=_("Sammanträdet är öppet för allmänheten"), required=False)

    def __init__(self, *args, bodies, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["body"].queryset = bodies
        if meeting is not None:
            # A meeting does not change body; moving a published meeting goes through "Flytta", with a reason.
            del self.fields["body"]
            if meeting.has_agenda:
                del self.fields["day"], self.fields["start_time"]

    def clean(self):
        data = super().clean()
        body = data.get("body") or (self.meeting.body if self.meeting else None)
        if body is None:
            return data
        if "day" in self.fields:
            start_time = data.get("start_time") or body.default_start_time
            if data.get("day") and start_time is None:
                self.add_error("start_time", _("Ange en starttid: organet har ingen vanlig starttid."))
                return data
            if data.get("day"):
                data["start"] = combine(data["day"], start_time)
        else:
            data["start"] = self.meeting.start
        if data.get("end_time") and data.get("start"):
            end = combine(timezone.localtime(data["start"]).date(), data["end_time"])
            if end <= data["start"]:
                self.add_error("end_time", _("Sluttiden måste vara efter starttiden."))
            data["end"] = end
        else:
            data["end"] = None
        data["place"] = data.get("place") or body.default_place
        return data


class AgendaPublishForm(forms.Form):
    """Publishing an agenda: a council meeting's may be marked urgent (an urgent matter may be announced later than
    the week before the meeting that the notice board otherwise asks, services.notices); other bodies' have nothing
    to choose."""

    urgent = forms.BooleanField(
        label=_("Brådskande – kungörs senare än en vecka före sammanträdet"),
        required=False,
        help_text=_(
            "Fullmäktiges sammanträde ska kungöras på anslagstavlan minst en vecka före. Kryssa bara i om "
            "ärendena är så brådskande att de måste behandlas ändå."
        ),
    )

    def __init__(self, *args, council: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not council:
            del self.fields["urgent"]


class MeetingArchiveForm(forms.Form):
    """The secretary's archive of every meeting of their bodies (a GET form): by body, by year, and by a word of an
    item's or a paragraph's title or a diarienummer in any notation."""

    organ = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Body.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alla mina organ"),
    )
    ar = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(
        label=_("Sök i rubriker och diarienummer"),
        required=False,
        max_length=200,
        help_text=_("T.ex. ”Ks 181/2022”, ”181/2022” eller ett ord ur rubriken."),
    )

    def __init__(self, *args, bodies, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = bodies
        self.fields["ar"].choices = [("", _("Alla år")), *((year, str(year)) for year in years)]
        self.fields["ar"].error_messages["invalid_choice"] = _("Det finns inga sammanträden det året.")


class CancelForm(PersonalDataCheck, forms.Form):
    personal_data_fields = ("reason",)
    reason = forms.CharField(
        label=_("Meddelande till allmänheten"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Visas på sammanträdets sida, t.ex. ”Sammanträdet ställs in eftersom det saknas ärenden.”"),
    )


class MoveForm(PersonalDataCheck, forms.Form):
    personal_data_fields = ("reason",)
    day = forms.DateField(
        label=_("Nytt datum"), widget=DateInput(attrs=DATE_INPUT_LIMITS), validators=[DateRangeValidator()]
    )
    start_time = forms.TimeField(label=_("Ny starttid"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ny sluttid"), required=False, widget=TimeInput())
    reason = forms.CharField(
        label=_("Meddelande till allmänheten"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Visas på sammanträdets sida, t.ex. ”Sammanträdet flyttas på grund av budgetberedningen.”"),
    )

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("start_time"):
            data["start"] = combine(data["day"], data["start_time"])
            data["end"] = combine(data["day"], data["end_time"]) if data.get("end_time") else None
            if data["end"] and data["end"] <= data["start"]:
                self.add_error("end_time", _("Sluttiden måste vara efter starttiden."))
        return data


class AgendaItemForm(PersonalDataCheck, forms.ModelForm):
    personal_data_fields = ("title", "proposal")

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "case_number", "proposal", "is_public"]
        widgets = {"proposal": forms.Textarea(attrs={"rows": 5})}
        labels = {"is_public": _("Offentligt ärende")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["case_number"].help_text = _("T.ex. ”Ks 181/2022”. Kan lämnas tomt.")

    def clean_case_number(self):
        return " ".join(self.cleaned_data["case_number"].split())

    def validate_unique(self):
        # position is set by the service; the number must be unique on the agenda, with our own message.
        number = self.cleaned_data.get("number")
        others = AgendaItem.objects.filter(meeting=self.instance.meeting, number=number).exclude(pk=self.instance.pk)
        if number and others.exists():
            self.add_error("number", _("Det finns redan ett ärende med nummer %(number)s.") % {"number": number})


class DocumentUploadForm(PersonalDataCheck, forms.Form):
    personal_data_fields = ("title",)
    title = forms.CharField(label=_("Titel"), max_length=300)
    kind = forms.ChoiceField(label=_("Typ av handling"), choices=Document.Kind.choices)
    agenda_item = forms.ModelChoiceField(
        label=_("Hör till ärende"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("Sammanträdet som helhet (t.ex. kallelse, ärendelista)"),
    )
    file = forms.FileField(
        label=_("PDF-fil"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    is_published = forms.BooleanField(
        label=_("Publicera handlingen"),
        required=False,
        initial=True,
        help_text=_("Publicerade handlingar visas för allmänheten när ärendelistan är publicerad."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.items.all()
        limit_mb = settings.DOCUMENT_MAX_UPLOAD_BYTES / (1024 * 1024)
        self.fields["file"].help_text = _(
            "Bara PDF, högst %(limit)s MB och %(pages)s sidor. Personnummer får inte finnas i filen: maskera dem "
            "innan du laddar upp. JavaScript och andra åtgärder som PDF-läsare kör tas bort ur filen."
        ) % {"limit": f"{limit_mb:g}".replace(".", ","), "pages": PdfLimits.from_settings().pages}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Check the size before reading the file into memory.
        if upload.size > settings.DOCUMENT_MAX_UPLOAD_BYTES:
            limit_mb = settings.DOCUMENT_MAX_UPLOAD_BYTES / (1024 * 1024)
            raise forms.ValidationError(
                _("Filen ”%(name)s” är för stor: högst %(limit)s MB är tillåtet.")
                % {"name": upload.name, "limit": f"{limit_mb:g}".replace(".", ",")}
            )
        return upload


class DocumentEditForm(PersonalDataCheck, forms.ModelForm):
    personal_data_fields = ("title",)

    class Meta:
        model = Document
        fields = ["title", "kind", "is_published"]
        labels = {"is_published": _("Publicera handlingen")}
