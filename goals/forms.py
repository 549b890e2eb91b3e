"""Forms of the goals staff pages: the year × Tot/K/M grid of one indicator and the CSV upload. They validate;
the services in `goals.services` save."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services.indicators import (
    GENDERS,
    NOTE_MAX,
    YEAR_MAX,
    YEAR_MIN,
    YearRow,
    format_value,
    gender_label,
    parse_value,
)

NEW = "ny"  # the key of the row where any year can be added


class ValueField(forms.CharField):
    """A text input for an indicator value in Swedish format; cleans to a Decimal or None (empty = not measured)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_value(super().to_python(value))

    def validate(self, value):
        pass  # empty is allowed; what parse_value accepts is valid

    def run_validators(self, value):
        pass  # max_length applies to the text, which parse_value has already judged


@dataclass
class GridRowFields:
    key: str  # the year, or NEW
    year: int | None
    year_field: forms.BoundField | None
    cells: list[forms.BoundField]
    not_comparable: forms.BoundField
    note: forms.BoundField

    @property
    def has_errors(self) -> bool:
        fields = [*self.cells, self.not_comparable, self.note, *([self.year_field] if self.year_field else [])]
        return any(field.errors for field in fields)


class IndicatorValuesForm(forms.Form):
    """One row per year (the stored ones and the next), plus a row where any year may be added.

    Field names carry the year (`v-2021-K`, `note-2021`, `nc-2021`; `v-ny-K` and `year-ny` for the free row). The
    accessible labels name year and column ("2021, Kvinnor") and every error is prefixed the same way in the summary.
    """

    def __init__(self, *args, years: list[YearRow], next_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = {row.year: row for row in years}
        self.years = [row.year for row in years]
        if next_year not in self.stored:
            self.years.append(next_year)
        for year in self.years:
            row = self.stored.get(year, YearRow(year=year))
            self._add_row(str(year), str(year), row)
        year_range_message = _("året måste ligga mellan %(min)s och %(max)s") % {"min": YEAR_MIN, "max": YEAR_MAX}
        self.fields[f"year-{NEW}"] = forms.IntegerField(
            label=_("Nytt år"),
            required=False,
            min_value=YEAR_MIN,
            max_value=YEAR_MAX,
            error_messages={
                "invalid": gettext_lazy("skriv året med fyra siffror, t.ex. 2015"),
                "min_value": year_range_message,
                "max_value": year_range_message,
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 5}),
        )
        self.fields[f"year-{NEW}"].short_label = _("Nytt år")
        self._add_row(NEW, _("Nytt år"), YearRow(year=0))

    def _add_row(self, key: str, title: str, row: YearRow) -> None:
        for gender in GENDERS:
            cell = ValueField(label=f"{title}, {gender_label(gender)}", initial=format_value(row.values.get(gender)))
            cell.short_label = cell.label
            self.fields[f"v-{key}-{gender}"] = cell
        flag = forms.BooleanField(
            label=_("%(title)s, inte jämförbart med andra år") % {"title": title},
            required=False,
            initial=row.not_comparable,
        )
        flag.short_label = _("%(title)s, Inte jämförbart") % {"title": title}
        self.fields[f"nc-{key}"] = flag
        note = forms.CharField(
            label=_("%(title)s, anmärkning") % {"title": title},
            required=False,
            max_length=NOTE_MAX,
            initial=row.note,
            error_messages={"max_length": gettext_lazy("högst %(limit_value)d tecken (nu %(show_value)d)")},
        )
        note.short_label = _("%(title)s, Anmärkning") % {"title": title}
        self.fields[f"note-{key}"] = note

    def rows(self) -> list[GridRowFields]:
        keys = [str(year) for year in self.years] + [NEW]
        return [
            GridRowFields(
                key=key,
                year=None if key == NEW else int(key),
                year_field=self[f"year-{NEW}"] if key == NEW else None,
                cells=[self[f"v-{key}-{gender}"] for gender in GENDERS],
                not_comparable=self[f"nc-{key}"],
                note=self[f"note-{key}"],
            )
            for key in keys
        ]

    def _submitted(self, key: str) -> bool:
        return any(self.add_prefix(f"v-{key}-{gender}") in self.data for gender in GENDERS)

    def _row_is_empty(self, key: str) -> bool:
        data = self.cleaned_data
        return (
            all(data.get(f"v-{key}-{g}") is None for g in GENDERS)
            and not data.get(f"note-{key}")
            and not data.get(f"nc-{key}")
        )

    def clean(self):
        cleaned = super().clean()
        new_year = cleaned.get(f"year-{NEW}")
        name = f"year-{NEW}"
        if name in self.errors:
            return cleaned
        row_has_content = not self._row_is_empty(NEW) or any(f"v-{NEW}-{g}" in self.errors for g in GENDERS)
        if new_year is None and row_has_content:
            self.add_error(name, ValidationError(_("skriv vilket år värdena gäller"), code="required"))
        elif new_year is not None and new_year in self.years:
            self.add_error(
                name,
                ValidationError(
                    _("%(year)s finns redan i tabellen – skriv värdena på dess rad") % {"year": new_year},
                    code="duplicate",
                ),
            )
        return cleaned

    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, cell name, message) for the summary above the grid, in the order of the table."""
        errors = [("", "", message) for message in self.non_field_errors()]
        for name, field_ in self.fields.items():
            for message in self.errors.get(name, []):
                errors.append((self[name].auto_id, field_.short_label, message))
        return errors

    def year_rows(self) -> list[YearRow]:
        """The submitted years for `indicator_values_save`. A year absent from the POST (added by someone else
        since the grid was opened) is left out, so saving never touches values the editor did not see; the next
        year's row and the free row count only when something was typed into them."""
        submitted = []
        for key in [str(year) for year in self.years] + [NEW]:
            if not self._submitted(key):
                continue
            year = self.cleaned_data.get(f"year-{NEW}") if key == NEW else int(key)
            if year is None or (year not in self.stored and self._row_is_empty(key)):
                continue
            submitted.append(
                YearRow(
                    year=year,
                    values={gender: self.cleaned_data.get(f"v-{key}-{gender}") for gender in GENDERS},
                    note=(self.cleaned_data.get(f"note-{key}") or "").strip(),
                    not_comparable=bool(self.cleaned_data.get(f"nc-{key}")),
                )
            )
        return submitted


class IndicatorImportForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(
        label=gettext_lazy("Fil med indikatorvärden (CSV)"),
        help_text=gettext_lazy("Semikolon, komma eller tabb; UTF-8, UTF-16 eller Windows-1252; högst 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": gettext_lazy("Välj en fil att läsa in."), "empty": gettext_lazy("Filen är tom.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("Filen ”%(name)s” är för stor: högst 2 MB är tillåtet.") % {"name": upload.name})
        return upload
