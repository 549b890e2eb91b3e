"""Forms of the controllers' staff pages: the grid of figures, a new fiscal year and the confirmation of closing one.
They validate; services save."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orebro_portal.lib.formatting import sv_number
from orebro_portal.lib.numbers import NotAnAmount, parse_amount

from .models import AMOUNT, AccountGroup, LedgerLine, ResponsibilityCode
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
            rows.append(row)
        return rows

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
