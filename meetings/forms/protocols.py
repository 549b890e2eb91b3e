"""Forms of the protocol editor. They validate input; the services in meetings.services.protocols save it."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from orebro_portal.lib.bounds import DATE_INPUT_LIMITS, DateRangeValidator
from orebro_portal.lib.formatting import sv_datetime

from ..models import Meeting, Protocol, ProtocolParagraph
from .personal_data import PersonalDataCheck
from .staff import DateInput

MASKING_HELP = _(
    "Personnummer och samordningsnummer maskeras automatiskt. Markera andra personuppgifter som ska maskeras, "
    "t.ex. namn på privatpersoner eller adresser, med dubbla hakparenteser: [[Anna Andersson]]."
)

# Örebro numbers paragraphs through a body's year: a few hundred; more is a typing error.
PARAGRAPH_NUMBER_MAX = 9999

SHORT_MASKING_HELP = _("Personnummer maskeras automatiskt; markera andra personuppgifter med [[ och ]].")


def _textarea(rows: int, masking: bool = False) -> forms.Textarea:
    attrs = {"rows": rows}
    if masking:
        # static/js/mask-selection.js adds a "Maskera markerad text" button to these.
        attrs["data-masking"] = "true"
    return forms.Textarea(attrs=attrs)


class ProtocolHeaderForm(PersonalDataCheck, forms.ModelForm):
    """The protocol's header: the secretary and the officials present, typed as free text (officials are on no
    roster). The elected are chosen from the roster on the attendance page; the four older free-text fields are
    offered only where they are still needed: the body has no roster on the meeting day, or the protocol has such
    text (written before the roster, and not yet moved to it with "Hämta från fritexten")."""

    personal_data_fields = ("chair", "secretary", "adjusters", "members", "substitutes", "officials")
    FREE_TEXT_FIELDS = ("chair", "members", "substitutes", "adjusters")

    class Meta:
        model = Protocol
        fields = ["chair", "secretary", "adjusters", "members", "substitutes", "officials"]
        widgets = {
            "adjusters": _textarea(3),
            "members": _textarea(10),
            "substitutes": _textarea(5),
            "officials": _textarea(5),
        }
        # The labels are the model's ("Beslutande (fritext)"), which the services also name in their refusals.
        help_texts = {
            "chair": _("Från protokoll skrivna innan ledamöterna fanns i portalen. Ledamöter väljs på sidan Närvaro."),
            "members": _("En person per rad, t.ex. ”Anna Berg (S)”. Ledamöter väljs på sidan Närvaro."),
            "substitutes": _("En person per rad. Ledamöter och ersättare väljs på sidan Närvaro."),
            "adjusters": _("En person per rad. Justerare väljs på sidan Närvaro."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        protocol = self.instance
        if protocol.pk and self._has_roster(protocol):
            for name in self.FREE_TEXT_FIELDS:
                if not getattr(protocol, name).strip():
                    del self.fields[name]

    @staticmethod
    def _has_roster(protocol: Protocol) -> bool:
        from ..services.attendance import meeting_day, roster

        if protocol.attendance.exists():
            return True
        return roster(body_id=protocol.meeting.body_id, day=meeting_day(protocol)).exists()

    @property
    def shows_free_text(self) -> bool:
        return any(name in self.fields for name in self.FREE_TEXT_FIELDS)

    def clean(self):
        data = super().clean()
        # A field that is not offered keeps what is stored (the view saves every field of Meta.fields).
        for name in self.FREE_TEXT_FIELDS:
            if name not in self.fields:
                data[name] = getattr(self.instance, name)
        return data


class ParagraphForm(PersonalDataCheck, forms.ModelForm):
    personal_data_fields = ("title", "matter", "procedure", "decision", "reservations")

    class Meta:
        model = ProtocolParagraph
        fields = [
            "number",
            "title",
            "case_number",
            "agenda_item",
            "matter",
            "procedure",
            "decision",
            "reservations",
            "is_public",
            "outcome",
        ]
        widgets = {
            "matter": _textarea(10, masking=True),
            "procedure": _textarea(4, masking=True),
            "decision": _textarea(6, masking=True),
            "reservations": _textarea(3, masking=True),
        }
        help_texts = {
            "matter": format_lazy("{} {}", _("Bakgrund och beslutsunderlag."), SHORT_MASKING_HELP),
            "decision": format_lazy(
                "{} {}",
                _("T.ex. ”Kommunstyrelsen beslutar att …”. Behövs för att protokollet ska kunna justeras."),
                SHORT_MASKING_HELP,
            ),
            "procedure": format_lazy(
                "{} {}", _("Hur ordföranden ställde förslagen, t.ex. efter yrkanden."), SHORT_MASKING_HELP
            ),
            "reservations": format_lazy(
                "{} {}",
                _(
                    "Från protokoll skrivna innan reservationer fördes per ledamot. "
                    "Nya reservationer läggs till per ledamot."
                ),
                SHORT_MASKING_HELP,
            ),
            "case_number": _("Som ”Ks 181/2022”."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        items = self.fields["agenda_item"]
        items.queryset = meeting.items.order_by("position")
        items.required = False
        # Reservations are recorded per member now; the free text only stays where an older paragraph has some.
        if not (self.instance.pk and self.instance.reservations):
            del self.fields["reservations"]
        items.empty_label = _("Inget ärende på ärendelistan")
        # A draft may lack its decision for a while; adjusting requires one for every public paragraph.
        self.fields["decision"].required = False
        self.fields["number"].validators.append(MinValueValidator(1, _("Paragrafnumret börjar på 1.")))
        self.fields["number"].validators.append(
            MaxValueValidator(
                PARAGRAPH_NUMBER_MAX,
                _("Paragrafnumret får vara högst %(limit_value)s."),
            )
        )
        self.fields["number"].widget.attrs.update(min=1, max=PARAGRAPH_NUMBER_MAX)
        outcome = self.fields["outcome"]
        outcome.choices = [("", _("Ej angivet")), *ProtocolParagraph.Outcome.choices]
        outcome.help_text = _(
            "Avgör beslutet ärendet, eller går det vidare? Ett förslag till fullmäktige skickas vidare med "
            "”Skicka vidare” på protokollets sida, så hamnar det på fullmäktiges ärendelista."
        )


def _meeting_choice_label(meeting: Meeting) -> str:
    label = sv_datetime(meeting.start)
    if meeting.has_agenda:
        label = _("%(when)s (ärendelistan är publicerad)") % {"when": label}
    return label


class ForwardForm(forms.Form):
    """Choose the meeting a decision goes on to, among `forward_targets` (the select groups them by body)."""

    meeting = forms.ModelChoiceField(
        label=_("Sammanträde"),
        queryset=Meeting.objects.none(),
        empty_label=_("Välj sammanträde"),
        error_messages={
            "required": _("Välj det sammanträde som beslutet ska skickas vidare till."),
            "invalid_choice": _("Välj ett av sammanträdena i listan."),
        },
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = targets
        groups: dict[str, list[tuple[int, str]]] = {}
        for meeting in targets:  # ordered by body, then date
            groups.setdefault(str(meeting.body.name), []).append((meeting.pk, _meeting_choice_label(meeting)))
        # Rendered with an <optgroup> per body; validated against the queryset.
        field.widget.choices = [("", field.empty_label), *groups.items()]


class AdjustForm(forms.Form):
    adjusted_on = forms.DateField(
        label=_("Justeringsdatum"),
        widget=DateInput(attrs=DATE_INPUT_LIMITS),
        validators=[DateRangeValidator()],
        help_text=_("Den dag ordföranden och justerarna skrev under protokollet."),
        error_messages={
            "required": _("Ange justeringsdatum."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-06-04."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"adjusted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CorrectionForm(PersonalDataCheck, forms.Form):
    personal_data_fields = ("correction_note",)

    correction_note = forms.CharField(
        label=_("Om rättelsen"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Vad som rättas jämfört med föregående version, t.ex. ”Beslutet i § 12 var felskrivet”. Visas för "
            "allmänheten tillsammans med den rättade versionen."
        ),
        error_messages={"required": _("Beskriv vad som rättas.")},
    )
