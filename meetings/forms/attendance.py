"""The attendance table of a protocol as one form; meetings.services.attendance.attendance_update checks and saves it.

Every row of the table has its fields under the row's membership (`m<id>-status`, `m<id>-serving_for`,
`m<id>-from_paragraph`, `m<id>-to_paragraph`, `m<id>-is_adjuster`: the keys the service names in its errors, so a
refusal lands at the field it concerns); the ordförande is one radio group, `chair`, across the rows. Each field's
label is "Anna Berg (S), tjänstgör för": what a screen reader says, and what the error summary names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _

from ..models import Attendance
from ..services.attendance import CHAIR_KEY, field_label, row_key, who


@dataclass
class TableRow:
    """One row of the table as the template lays it out."""

    attendance: Attendance
    who: str
    status: BoundField
    serving_for: BoundField | None
    from_paragraph: BoundField
    to_paragraph: BoundField
    is_adjuster: BoundField
    chair_checked: bool

    @property
    def chair_id(self) -> str:
        return f"id_{CHAIR_KEY}_{self.attendance.membership_id}"

    @property
    def has_errors(self) -> bool:
        fields = (self.status, self.serving_for, self.from_paragraph, self.to_paragraph, self.is_adjuster)
        return any(field is not None and field.errors for field in fields)


def _paragraph_choices(numbers: list[int], stored: int | None, empty: str) -> list[tuple[str | int, str]]:
    # A stored number whose paragraph has gone stays selectable, so that saving says so instead of dropping it.
    shown = sorted({*numbers, stored} - {None})
    return [("", empty), *((number, f"§ {number}") for number in shown)]


class AttendanceForm(forms.Form):
    def __init__(self, *args, rows: list[Attendance], numbers: list[int], **kwargs):
        self.rows = rows
        initial = {CHAIR_KEY: next((row.membership_id for row in rows if row.is_chair), None)}
        for row in rows:
            initial[row_key(row.membership_id, "status")] = row.status
            initial[row_key(row.membership_id, "serving_for")] = row.serving_for_id
            initial[row_key(row.membership_id, "from_paragraph")] = row.from_paragraph
            initial[row_key(row.membership_id, "to_paragraph")] = row.to_paragraph
            initial[row_key(row.membership_id, "is_adjuster")] = row.is_adjuster
        super().__init__(*args, initial=initial, **kwargs)

        ledamoter = [row for row in rows if row.membership.is_ledamot]
        absent = [(row.membership_id, who(row.membership)) for row in ledamoter if not row.is_present]
        others = [(row.membership_id, who(row.membership)) for row in ledamoter if row.is_present]
        serving_choices: list = [("", _("Ingen"))]
        if absent:
            serving_choices.append((_("Frånvarande ledamöter"), absent))
        if others:
            serving_choices.append((_("Närvarande ledamöter"), others))

        for row in rows:
            name = who(row.membership)

            def label(field: str, name=name) -> str:
                return f"{name}, {field_label(field)}"

            membership_id = row.membership_id
            self.fields[row_key(membership_id, "status")] = forms.ChoiceField(
                label=label("status"),
                choices=Attendance.Status.choices,
                error_messages={
                    "required": _("Välj närvarande eller frånvarande."),
                    "invalid_choice": _("Välj närvarande eller frånvarande."),
                },
            )
            if not row.membership.is_ledamot or row.serving_for_id is not None:
                self.fields[row_key(membership_id, "serving_for")] = forms.TypedChoiceField(
                    label=label("serving_for"),
                    choices=serving_choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    error_messages={"invalid_choice": _("Välj en av organets ledamöter i listan.")},
                )
            for field, empty in (("from_paragraph", _("Från början")), ("to_paragraph", _("Till slutet"))):
                self.fields[row_key(membership_id, field)] = forms.TypedChoiceField(
                    label=label(field),
                    choices=_paragraph_choices(numbers, getattr(row, field), empty),
                    coerce=int,
                    empty_value=None,
                    required=False,
                    error_messages={"invalid_choice": _("Protokollet har ingen sådan paragraf.")},
                )
            self.fields[row_key(membership_id, "is_adjuster")] = forms.BooleanField(
                label=label("is_adjuster"), required=False
            )
        self.fields[CHAIR_KEY] = forms.TypedChoiceField(
            label=field_label(CHAIR_KEY),
            choices=[(row.membership_id, who(row.membership)) for row in rows],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Välj ordförande bland personerna i tabellen.")},
        )

    def _field(self, membership_id: int, name: str) -> BoundField | None:
        key = row_key(membership_id, name)
        return self[key] if key in self.fields else None

    @property
    def table(self) -> list[TableRow]:
        chair = self[CHAIR_KEY].value()
        return [
            TableRow(
                attendance=row,
                who=who(row.membership),
                status=self[row_key(row.membership_id, "status")],
                serving_for=self._field(row.membership_id, "serving_for"),
                from_paragraph=self[row_key(row.membership_id, "from_paragraph")],
                to_paragraph=self[row_key(row.membership_id, "to_paragraph")],
                is_adjuster=self[row_key(row.membership_id, "is_adjuster")],
                chair_checked=str(chair) == str(row.membership_id),
            )
            for row in self.rows
        ]

    @property
    def chair_first_id(self) -> str:
        return f"id_{CHAIR_KEY}_{self.rows[0].membership_id}" if self.rows else ""

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: each error linked to its field, the chair's to its radio group."""
        entries = [("", str(error)) for error in self.non_field_errors()]
        for name, field in self.fields.items():
            for error in self[name].errors:
                anchor = self.chair_first_id if name == CHAIR_KEY else self[name].id_for_label
                entries.append((anchor, f"{field.label}: {error}"))
        return entries

    def rows_data(self) -> list[dict]:
        """The cleaned table as `attendance_update` takes it."""
        data = self.cleaned_data
        chair = data.get(CHAIR_KEY)
        result = []
        for row in self.rows:
            membership_id = row.membership_id
            entry = {
                "membership_id": membership_id,
                "status": data[row_key(membership_id, "status")],
                "from_paragraph": data[row_key(membership_id, "from_paragraph")],
                "to_paragraph": data[row_key(membership_id, "to_paragraph")],
                "is_adjuster": data[row_key(membership_id, "is_adjuster")],
                "is_chair": chair == membership_id,
            }
            if row_key(membership_id, "serving_for") in self.fields:
                entry["serving_for_id"] = data[row_key(membership_id, "serving_for")]
            result.append(entry)
        return result
