"""The year-to-year comparison's form: a GET form whose state lives in the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CompareForm(forms.Form):
    """Which unit, and which years (from–to, among the years that have figures)."""

    enhet = forms.ChoiceField(
        label=_("Enhet"),
        error_messages={"invalid_choice": _("Välj en enhet i listan."), "required": _("Välj en enhet.")},
    )
    fran = forms.TypedChoiceField(
        label=_("Från år"),
        coerce=int,
        error_messages={"invalid_choice": _("Välj ett år i listan."), "required": _("Välj det första året.")},
    )
    till = forms.TypedChoiceField(
        label=_("Till år"),
        coerce=int,
        error_messages={"invalid_choice": _("Välj ett år i listan."), "required": _("Välj det sista året.")},
    )

    def __init__(self, *args, units, years: list[int], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["enhet"].choices = [
            (unit.slug, f"{unit.name} ({unit.parent_name})" if unit.parent_id else unit.name) for unit in units
        ]
        year_choices = [(str(year), str(year)) for year in sorted(years)]
        self.fields["fran"].choices = year_choices
        self.fields["till"].choices = year_choices
        if years:
            first, last = min(years), max(years)
            message = _("Välj ett år som har siffror (%(first)s–%(last)s).") % {"first": first, "last": last}
            self.fields["fran"].error_messages["invalid_choice"] = message
            self.fields["till"].error_messages["invalid_choice"] = message

    def full_clean(self):
        super().full_clean()
        # Each message is tied to its field, so a screen reader reads it with the field.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs.update({"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}-fel"})

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("fran"), cleaned.get("till")
        if first is not None and last is not None and first > last:
            self.add_error("till", _("Till-året kan inte vara före från-året (%(first)s).") % {"first": first})
        return cleaned
