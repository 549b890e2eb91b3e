"""Forms of the staff area for parties, persons and memberships. They validate the input; the services
(meetings.services.members, meetings.services.member_import) check the rules and store."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orebro_portal.lib.bounds import DATE_INPUT_LIMITS, DateRangeValidator

from ..masking import find_identity_numbers, unclosed_markers
from ..models import Membership, Party, Person
from .staff import DateInput

__all__ = [
    "MemberImportForm",
    "MembershipEndForm",
    "MembershipForm",
    "PartyForm",
    "PersonAccountForm",
    "PersonForm",
    "PersonSearchForm",
    "current_term",
]

IMPORT_MAX_BYTES = 2 * 1024 * 1024


def current_term(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The term (mandatperiod) of the committees on `today`: four years from the January after an election year
    (2023–2026, 2027–2030 …)."""
    year = (today or timezone.localdate()).year
    first = year - (year - 2023) % 4
    return dt.date(first, 1, 1), dt.date(first + 3, 12, 31)


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(attrs=DATE_INPUT_LIMITS),
        validators=[DateRangeValidator()],
    )


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:
        return f"{obj.name} ({obj.abbreviation})"


def _clean_name(value: str) -> str:
    """The checks the service makes of a name, here too, so they are shown with the form's other errors at once."""
    value = " ".join((value or "").split())
    if unclosed_markers(value):
        raise ValidationError(_("En markering för maskering börjar med [[ men avslutas inte med ]]."))
    if find_identity_numbers(value):
        raise ValidationError(_("Namnet innehåller ett personnummer. Skriv bara namnet; det visas för allmänheten."))
    return value


def _party_field(*, empty_label, help_text=""):
    return PartyChoiceField(
        label=_("Parti"), queryset=Party.objects.all(), required=False, empty_label=empty_label, help_text=help_text
    )


class PartyForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=Party._meta.get_field("name").max_length)
    abbreviation = forms.CharField(
        label=_("Förkortning"),
        max_length=Party._meta.get_field("abbreviation").max_length,
        help_text=_("T.ex. ”S” eller ”KD”. Listor visar partiet med förkortningen."),
    )
    position = forms.IntegerField(
        label=_("Ordning"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=_("Partierna visas i den här ordningen, lägst först; lika tal i bokstavsordning."),
    )


class PersonForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=Person._meta.get_field("name").max_length,
        help_text=_("Förnamn och efternamn, som de ska stå i protokollet. Namnet visas för allmänheten."),
    )
    party = _party_field(
        empty_label=_("Inget parti"), help_text=_("Partiet i dag. Vilket parti ett uppdrag gällde står på uppdraget.")
    )
    public_email = forms.EmailField(
        label=_("E-post för allmänheten"),
        required=False,
        help_text=_("Visas på ledamotens sida. Lämna tomt om ledamoten inte vill visa någon adress."),
    )
    is_example = forms.BooleanField(
        label=_("Påhittad person i exempeldata (sidorna säger att namnet är ett exempel)"), required=False
    )

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name() or obj.get_username()
        label = f"{name} ({obj.get_username()})"
        person = getattr(obj, "person", None)
        if person is not None:
            label += " – " + str(_("kopplat till %(name)s") % {"name": person.name})
        return label


class PersonAccountForm(forms.Form):
    user = AccountChoiceField(
        label=_("Medarbetarkonto"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Inget konto"),
        help_text=_("Kontot som ledamoten loggar in med för att justera protokoll. Ett konto hör till en person."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .select_related("person")
            .order_by("last_name", "first_name", "username")
        )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        party = f" ({obj.party.abbreviation})" if obj.party_id else ""
        example = " " + str(_("[exempel]")) if obj.is_example else ""
        return f"{obj.name}{party}{example}"


class MembershipForm(forms.Form):
    """A new membership (an existing person, or a new one by name) or a change of one (no person field)."""

    person = PersonChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Välj en person som redan finns"),
    )
    new_person_name = forms.CharField(
        label=_("… eller en ny person: namn"),
        max_length=Person._meta.get_field("name").max_length,
        required=False,
        help_text=_("Fyll i om personen inte finns i listan ovan. Personen skapas med partiet nedan."),
    )
    role = forms.ChoiceField(label=_("Roll"), choices=Membership.Role.choices)
    party = _party_field(
        empty_label=_("Personens parti"),
        help_text=_("Partigruppen personen sitter för i organet. Tomt: personens parti i dag."),
    )
    start = _date_field(_("Från och med"))
    end = _date_field(
        _("Till och med"), required=False, help_text=_("Sista dagen, t.ex. mandatperiodens slut. Tomt: tills vidare.")
    )

    def __init__(self, *args, membership: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        if membership is not None:
            del self.fields["person"], self.fields["new_person_name"]
        else:
            self.fields["person"].queryset = Person.objects.select_related("party").order_by("name", "pk")

    def clean_new_person_name(self):
        return _clean_name(self.cleaned_data.get("new_person_name", ""))

    def clean(self):
        data = super().clean()
        if self.membership is None and "person" not in self.errors and "new_person_name" not in self.errors:
            person, name = data.get("person"), " ".join((data.get("new_person_name") or "").split())
            if person is None and not name:
                self.add_error("person", _("Välj en person, eller skriv namnet på en ny person."))
            elif person is not None and name:
                self.add_error(
                    "new_person_name", _("Välj antingen en person i listan eller skriv ett nytt namn, inte båda.")
                )
            data["new_person_name"] = name
        return data


class MembershipEndForm(forms.Form):
    end = _date_field(_("Till och med"), help_text=_("Uppdragets sista dag: det gäller till och med den dagen."))


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med ledamöter (CSV)"),
        help_text=_("Semikolon, komma eller tabb; UTF-8, UTF-16 eller Windows-1252; högst 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
        error_messages={"required": _("Välj en fil att läsa in."), "empty": _("Filen är tom.")},
    )
    term_start = _date_field(_("Mandatperiodens första dag"))
    term_end = _date_field(_("Mandatperiodens sista dag"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = current_term()
        self.fields["term_start"].initial = start
        self.fields["term_end"].initial = end

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("Filen ”%(name)s” är för stor: högst 2 MB är tillåtet.") % {"name": upload.name})
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("Sista dagen kan inte vara före den första."))
        return data


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Sök på namn"), required=False, max_length=200)
