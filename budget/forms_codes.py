"""Forms of the chart of ansvar (/redigera/ekonomi/ansvar/): a new code, renaming (or moving) one, retiring one.

They read what was typed; `budget.services.codes` judges it (the rules and their messages are written once, there).
The unit is chosen among the user's own units only, so a crafted POST naming another unit is a form error; the
service checks the unit again.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orebro_portal.lib.params import parse_year

from .models import Unit
from .services.codes import CODE_MAX, field_label

_PLAIN = {"autocomplete": "off", "spellcheck": "false"}


class _UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        # A subunit is named with its parent, as the same name may occur under two parents.
        return f"{obj.parent.name} – {obj.name}" if obj.parent_id else obj.name


def _unit_field(units: QuerySet[Unit]) -> _UnitChoiceField:
    units = units.select_related("parent").order_by("position", "name")
    return _UnitChoiceField(
        queryset=units,
        label=field_label("unit"),
        empty_label=_("Välj enhet"),
        error_messages={
            "required": gettext_lazy("Välj vilken av dina enheter ansvaret hör till."),
            "invalid_choice": gettext_lazy("Välj en av dina enheter."),
        },
    )


def _name_field() -> forms.CharField:
    return forms.CharField(
        label=field_label("name"),
        error_messages={"required": gettext_lazy("Skriv ansvarets benämning, t.ex. Kansli Centerpartiet.")},
        widget=forms.TextInput(attrs={"size": 40}),
    )


class CodeCreateForm(forms.Form):
    """A new ansvar: one of the user's units, the code and its name."""

    def __init__(self, *args, units: QuerySet[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(units)
        self.fields["code"] = forms.CharField(
            label=field_label("code"),
            help_text=_(
                "Högst %(max)s tecken: bokstäver (A–Ö), siffror och - _ . Stora och små bokstäver räknas som samma "
                "kod. Koden kan inte ändras i efterhand."
            )
            % {"max": CODE_MAX},
            error_messages={"required": gettext_lazy("Skriv en kod, t.ex. KLC.")},
            widget=forms.TextInput(attrs={**_PLAIN, "autocapitalize": "characters", "size": 12}),
        )
        self.fields["name"] = _name_field()


class CodeEditForm(forms.Form):
    """The name of an ansvar and, while it has no figures and the user has another unit, its unit."""

    def __init__(self, *args, units: QuerySet[Unit] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"] = _name_field()
        if units is not None:
            self.fields["unit"] = _unit_field(units)
            self.fields["unit"].empty_label = None


class CodeRetireForm(forms.Form):
    """The first year in which the ansvar takes no figures. Four ASCII digits: `int()` would also read "٢٠٢٥"."""

    retired_from = forms.CharField(
        error_messages={"required": gettext_lazy("Skriv året med fyra siffror, t.ex. 2025.")},
        widget=forms.TextInput(attrs={**_PLAIN, "inputmode": "numeric", "size": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retired_from"].label = field_label("retired_from")

    def clean_retired_from(self) -> int:
        year = parse_year(self.cleaned_data["retired_from"], minimum=0, maximum=9999)
        if year is None:
            raise forms.ValidationError(_("Skriv året med fyra siffror, t.ex. 2025."), code="invalid")
        return year
