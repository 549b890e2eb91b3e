"""The check every staff form with free text runs before it saves: a personnummer typed into a field is shown to the
secretary at that field, before citizens could see it.

The portal masks personnummer on every public surface anyway (`meetings.public`), so nothing leaks if the secretary
ignores the warning; the point is that she sees what will be hidden and decides. A field with a newly typed number
makes the form invalid with a warning at the field, and two submit buttons (rendered by
`templates/staff/partials/field.html`) let her either wrap every number in `[[ ]]` and save ("mask") or save the text
as typed ("keep"; the number is masked automatically). Both work without JavaScript. Spans already marked `[[…]]` are
listed too, so she sees everything that will be hidden.

Use: `class MyForm(PersonalDataCheck, forms.Form): personal_data_fields = ("title", "text")`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import ngettext

from ..masking import (
    IDENTITY_LABEL,
    MARKER_CLOSE,
    MARKER_OPEN,
    MaskKind,
    find_identity_numbers,
    segments,
    unmarked_identity_numbers,
)

DECISION = "personuppgifter"  # the name of the two submit buttons
MASK = "maskera"
KEEP = "behall"
CODE = "personal_data"


def unmarked_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every personnummer or samordningsnummer in `text` that is not inside `[[ ]]`."""
    return unmarked_identity_numbers(text)


def mark_numbers(text: str) -> str:
    """The text with each unmarked personnummer wrapped in `[[ ]]`: the "mask" choice."""
    for start, end in reversed(unmarked_numbers(text)):
        text = f"{text[:start]}{MARKER_OPEN}{text[start:end]}{MARKER_CLOSE}{text[end:]}"
    return text


def _number_key(number: str) -> str:
    # "19811218-9876" and "811218 9876" are the same person: compare the last ten digits.
    return "".join(char for char in unicodedata.normalize("NFKC", number) if char.isdigit())[-10:]


def _fold(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class MaskedPart:
    """One span of a field's text that the public will not see."""

    text: str
    kind: MaskKind

    @property
    def reason(self) -> str:
        return str(self.kind.label)


@dataclass(frozen=True)
class FieldCheck:
    """What the field partial shows under a field: the warning (when saving was stopped) and what will be masked."""

    warning: str
    masked: list[MaskedPart]
    numbers: list[str]  # the unmarked numbers as written, for static/js/personal-data.js to wrap in place

    def __bool__(self) -> bool:
        return bool(self.warning or self.masked)


def warning_message(numbers: list[str]) -> str:
    return ngettext(
        "Fältet innehåller ett personnummer (%(numbers)s). Det visas som %(label)s för allmänheten.",
        "Fältet innehåller %(count)d personnummer (%(numbers)s). De visas som %(label)s för allmänheten.",
        len(numbers),
    ) % {"numbers": ", ".join(numbers), "count": len(numbers), "label": IDENTITY_LABEL}


class PersonalDataBoundField(BoundField):
    """A checked field: `personal_data` for the partial, and the note's id in the widget's aria-describedby."""

    @property
    def personal_data(self) -> FieldCheck:
        value = self.value()
        text = value if isinstance(value, str) else ""
        masked = [
            MaskedPart(_fold(segment.text), segment.kind) for segment in segments(text) if segment.kind is not None
        ]
        warning = next((str(error.message) for error in self._warnings()), "")
        numbers = [text[start:end] for start, end in unmarked_numbers(text)]
        return FieldCheck(warning=warning, masked=masked, numbers=numbers)

    def _warnings(self) -> list[ValidationError]:
        return [error for error in self.form.errors.as_data().get(self.name, []) if error.code == CODE]

    @property
    def other_errors(self) -> list[str]:
        warned = {str(error.message) for error in self._warnings()}
        return [error for error in self.errors if error not in warned]

    @property
    def aria_describedby(self):
        if self.field.widget.attrs.get("aria-describedby") or not self.auto_id:
            return None
        ids = []
        if self.help_text:
            ids.append(f"{self.auto_id}_helptext")
        if self.other_errors:
            ids.append(f"{self.auto_id}_error")
        if self.personal_data:
            ids.append(f"{self.auto_id}_personal")
        return " ".join(ids)


class PersonalDataCheck:
    """Mix into a staff form before `forms.Form`/`forms.ModelForm`; name its free-text fields in
    `personal_data_fields`. Fields a form removes in `__init__` are skipped."""

    personal_data_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.personal_data_fields:
            if name in self.fields:
                self.fields[name].bound_field_class = PersonalDataBoundField

    @property
    def personal_data_decision(self) -> str:
        """MASK, KEEP or "": a pressed "mask" button wins over a "keep" carried from an earlier submission."""
        chosen = self.data.getlist(DECISION) if self.is_bound and hasattr(self.data, "getlist") else []
        return MASK if MASK in chosen else KEEP if KEEP in chosen else ""

    @property
    def personal_data_only(self) -> bool:
        """Whether the only thing stopping the save is a personnummer to decide on (for the summary's heading)."""
        errors = self.errors.as_data()
        return bool(errors) and all(error.code == CODE for field in errors.values() for error in field)

    def _stored_value(self, name: str) -> str:
        value = self.get_initial_for_field(self.fields[name], name)
        return value if isinstance(value, str) else ""

    def clean(self):
        data = super().clean()
        decision = self.personal_data_decision
        for name in self.personal_data_fields:
            value = data.get(name) if name in self.fields else None
            if not isinstance(value, str) or not (spans := unmarked_numbers(value)):
                continue
            if decision == MASK:
                data[name] = mark_numbers(value)
                # Shown again (another field has an error), the field holds the brackets, not the bare number.
                self.data = self.data.copy()
                self.data[self.add_prefix(name)] = data[name]
                continue
            # A number already in the stored text was shown when it was saved; asking again at every later save
            # of the same form would teach the secretary to click the warning away.
            stored = {_number_key(value[start:end]) for start, end in find_identity_numbers(self._stored_value(name))}
            new = [value[start:end] for start, end in spans if _number_key(value[start:end]) not in stored]
            if new and decision != KEEP:
                self.add_error(name, ValidationError(warning_message([_fold(n) for n in new]), code=CODE))
        return data
