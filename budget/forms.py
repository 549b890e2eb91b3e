"""Forms of the controllers' staff pages: the grid of figures (and its comparability boxes), a new fiscal year, the
confirmation of closing one and of publishing one, and the chart of ansvar. They validate; services save.

The chart of ansvar's forms read what was typed; `budget.services.codes` judges it (the rules and their messages are
written once, there). Their unit is chosen among the user's own units only, so a crafted POST naming another unit is
a form error; the service checks the unit again."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.forms.personal_data import PersonalDataCheck
from orebro_portal.lib.formatting import sv_number
from orebro_portal.lib.numbers import NotAnAmount, parse_amount
from orebro_portal.lib.params import parse_year

from .models import AMOUNT, AccountGroup, FigurePublication, LedgerLine, ResponsibilityCode, Unit
from .services.codes import CODE_MAX, field_label
from .services.figures import YEAR_MAX, YEAR_MIN


def parse_kronor(text: str | None) -> Decimal | None:
    """An amount in kronor as a controller types it: "−3 170 000", "-3170000", "1 234,50", "–12 kr"; None if empty.

    The ledger import reads a cell with the same rules and messages (`orebro_portal.lib.numbers.parse_amount`); only
    the empty cell differs: here it is no figure, there 0 kr. Raises ValidationError with the Swedish message.
    """
    try:
        return parse_amount(text, max_digits=AMOUNT["max_digits"])
    except NotAnAmount as error:
        raise ValidationError(str(error), code=error.code) from error


def format_kronor(value: Decimal | None) -> str:
    """How a stored amount is written into an input: "−3 170 000", "1 234,50" (decimals only when there are öre)."""
    if value is None:
        return ""
    decimals = 0 if value == value.to_integral_value() else 2
    return sv_number(value, decimals).replace("\u00a0", " ")


class KronorField(forms.CharField):
    """A text input for kronor in Swedish formats; cleans to a Decimal or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_kronor(super().to_python(value))

    def validate(self, value):
        pass  # empty is allowed; what parse_kronor accepts is valid

    def run_validators(self, value):
        pass  # max_length applies to the text, which parse_kronor has already judged


@dataclass
class GridCell:
    group: AccountGroup
    budget: forms.BoundField
    outcome: forms.BoundField

    @property
    def fields(self) -> list[forms.BoundField]:
        return [self.budget, self.outcome]


@dataclass
class GridRow:
    code: ResponsibilityCode
    cells: list[GridCell] = field(default_factory=list)
    budget_sum: Decimal | None = None
    outcome_sum: Decimal | None = None
    not_comparable_name: str = ""  # the row's box "Ej jämförbar med föregående år"
    not_comparable: bool = False  # ticked: as posted, else as stored (every line of the code not comparable)


def _sum(values) -> Decimal | None:
    values = [value for value in values if value is not None]
    return sum(values, Decimal(0)) if values else None


class FigureGridForm(forms.Form):
    """Budget and outcome of each of a unit's codes in each account group: two inputs per cell.

    Field names carry the ids (`budget-<code id>-<group id>`); the accessible labels name code, group and field
    ("KLC Kansli Centerpartiet, kontogrupp 5 Personalkostnader, utfall") and every error names the cell the same way.
    """

    FIELDS = (("budget", gettext_lazy("budget")), ("outcome", gettext_lazy("utfall")))

    def __init__(
        self, *args, codes: list[ResponsibilityCode], groups: list[AccountGroup], lines: list[LedgerLine], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.codes, self.groups = codes, groups
        self.lines = {(line.code_id, line.group_id): line for line in lines}
        for code in codes:
            for group in groups:
                line = self.lines.get((code.pk, group.pk))
                for kind, kind_label in self.FIELDS:
                    cell_field = KronorField(
                        label=f"{code.code} {code.name}, {_('kontogrupp')} {group.code} {group.name}, {kind_label}",
                        initial=format_kronor(getattr(line, kind) if line else None),
                    )
                    # The cell named briefly, for the error summary: "KLC, kontogrupp 5, utfall".
                    cell_field.short_label = f"{code.code}, {_('kontogrupp')} {group.code}, {kind_label}"
                    self.fields[self.field_name(kind, code, group)] = cell_field

    @staticmethod
    def field_name(kind: str, code: ResponsibilityCode, group: AccountGroup) -> str:
        return f"{kind}-{code.pk}-{group.pk}"

    def rows(self) -> list[GridRow]:
        """The table as the template shows it; sums (in kronor, shown in tkr) are those of the stored figures."""
        rows = []
        for code in self.codes:
            row = GridRow(code=code)
            for group in self.groups:
                row.cells.append(
                    GridCell(
                        group=group,
                        budget=self[self.field_name("budget", code, group)],
                        outcome=self[self.field_name("outcome", code, group)],
                    )
                )
            stored = [self.lines[key] for key in ((code.pk, group.pk) for group in self.groups) if key in self.lines]
            row.budget_sum = _sum(line.budget for line in stored)
            row.outcome_sum = _sum(line.outcome for line in stored)
            row.not_comparable_name = self.not_comparable_name(code)
            if self.is_bound:  # shown again as it was ticked
                row.not_comparable = row.not_comparable_name in self.data
            else:
                row.not_comparable = bool(stored) and not any(line.comparable for line in stored)
            rows.append(row)
        return rows

    @staticmethod
    def not_comparable_name(code: ResponsibilityCode) -> str:
        return f"ej-jamforbar-{code.pk}"

    def comparability(self, cells, codes: list[ResponsibilityCode]) -> dict[int, bool]:
        """Code id → comparable, for `codes` (the editable ones) whose cells were posted (`cells()`).

        An unticked checkbox is not in a POST at all, so a row counts only when its cells were sent: a code added
        while the grid was open keeps its mark, as it keeps its figures.
        """
        posted = {code_id for code_id, _group in cells}
        return {code.pk: self.not_comparable_name(code) not in self.data for code in codes if code.pk in posted}

    def column_sums(self) -> list[tuple[AccountGroup, Decimal | None, Decimal | None]]:
        sums = []
        for group in self.groups:
            stored = [line for (_code, group_id), line in self.lines.items() if group_id == group.pk]
            sums.append((group, _sum(line.budget for line in stored), _sum(line.outcome for line in stored)))
        return sums

    def totals(self) -> tuple[Decimal | None, Decimal | None]:
        lines = list(self.lines.values())
        return _sum(line.budget for line in lines), _sum(line.outcome for line in lines)

    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, cell name, message) for the summary above the grid, in the order of the table."""
        errors = [("", "", message) for message in self.non_field_errors()]
        for name, field_ in self.fields.items():
            for message in self.errors.get(name, []):
                errors.append((self[name].auto_id, field_.short_label, message))
        return errors

    def cells(self) -> dict[tuple[int, int], tuple[Decimal | None, Decimal | None]]:
        """The submitted cells for `figures_save`. A cell absent from the POST (a code added since the grid was
        opened) is left out, so saving never deletes figures the controller did not see."""
        submitted = {}
        for code in self.codes:
            for group in self.groups:
                names = [self.field_name(kind, code, group) for kind, _label in self.FIELDS]
                if not any(self.add_prefix(name) in self.data for name in names):
                    continue
                submitted[(code.pk, group.pk)] = tuple(self.cleaned_data.get(name) for name in names)
        return submitted


class FiscalYearCreateForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("År"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": gettext_lazy("Skriv året med fyra siffror, t.ex. 2022.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class YearCloseConfirmForm(forms.Form):
    """Fastställ bokslut cannot be undone, so the controller types the year: a bare POST (a double click, a replayed
    request, a script) closes nothing.

    Compared as text, not with int(): "２０２１" or "٢٠٢١" are not what the page asks for.
    """

    confirm_year = forms.CharField(
        strip=True,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        field = self.fields["confirm_year"]
        field.label = _("Skriv årtalet %(year)s för att bekräfta") % {"year": year}
        field.error_messages["required"] = _("Skriv årtalet %(year)s för att fastställa bokslutet.") % {"year": year}

    def clean_confirm_year(self) -> str:
        typed = self.cleaned_data["confirm_year"]
        if typed != str(self.year):
            raise ValidationError(
                _("Det du skrev är inte %(year)s. Skriv årtalet %(year)s för att fastställa bokslutet.")
                % {"year": self.year},
                code="mismatch",
            )
        return typed


# --- Publishing -----------------------------------------------------------------------------------------------------


class PublishForm(PersonalDataCheck, forms.Form):
    """The confirmation of a publication: an optional note, and the fingerprint of the draft the page showed.

    The fingerprint is what makes the POST a confirmation: a bare POST (a replayed request, a script) publishes
    nothing, and one made after the figures changed is refused by `figures_publish` with a message. The note is
    shown to citizens (masked), so a personnummer typed into it is pointed out before it is saved.
    """

    personal_data_fields = ("note",)

    note = forms.CharField(
        label=gettext_lazy("Anteckning (frivillig)"),
        help_text=gettext_lazy("Visas för allmänheten vid siffrorna, t.ex. ”Delårsrapport augusti”."),
        required=False,
        max_length=FigurePublication._meta.get_field("note").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_note(self) -> str:
        return self.cleaned_data["note"].strip()

    def clean(self):
        cleaned = super().clean()
        # Above the form, not at the hidden field: there is nothing there to correct.
        if not cleaned.get("fingerprint"):
            raise forms.ValidationError(
                _("Sidan skickades utan det den visade. Ingenting publicerades: granska siffrorna nedan och publicera.")
            )
        return cleaned


# --- The chart of ansvar (/redigera/ekonomi/ansvar/) ------------------------------------------------------------


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
