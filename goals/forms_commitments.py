"""Forms of the secretaries' pages on the platform's commitments: the list's filter and the status update form.

The status update form has a search for agenda items that works without JavaScript: its "Sök" button submits the
whole form by GET (`formmethod="get"`), the view shows the same form again with the typed values kept and the
search results added as checkboxes, and "Spara" posts it. Validation of the decisions (public items only) is the
service's, so the same rule holds for every caller.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.forms.personal_data import PersonalDataCheck
from meetings.models import AgendaItem
from orebro_portal.lib.formatting import sv_date

from .models import Commitment, CommitmentStatus, PolicyArea


class CommitmentFilter(django_filters.FilterSet):
    """Filter the staff list by policy area and by current status (computed from the latest update)."""

    omrade = django_filters.ModelChoiceFilter(
        label=_("Politikområde"),
        field_name="area",
        queryset=PolicyArea.objects.select_related("platform").order_by("platform", "position"),
        empty_label=_("Alla områden"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=CommitmentStatus.choices,
        empty_label=_("Alla statusar"),
    )

    class Meta:
        model = Commitment
        fields = ["omrade", "status"]

    def filter_status(self, queryset, name, value):
        # Needs `with_status()`; a commitment without updates is "ej påbörjad".
        if value == CommitmentStatus.NOT_STARTED:
            return queryset.filter(Q(latest_status__isnull=True) | Q(latest_status=value))
        return queryset.filter(latest_status=value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgendaItemChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, item: AgendaItem) -> str:
        meeting = item.meeting
        case = f" ({item.case_number})" if item.case_number else ""
        return f"{meeting.body.name} {sv_date(meeting.start)}, ärende {item.number}: {item.title}{case}"


class CommitmentUpdateForm(PersonalDataCheck, forms.Form):
    """Date, status, comment and the agenda items a status update rests on.

    `choices` are the agenda items to offer as checkboxes: those already chosen and the search results. The field
    accepts any existing agenda item; whether it may be linked is for the service to say, at the field.
    """

    personal_data_fields = ("comment",)  # published on the goals pages: a personnummer is shown at the field

    date = forms.DateField(
        label=_("Datum"), widget=DateInput(), help_text=_("Dagen då läget gällde, t.ex. beslutsdagen.")
    )
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visas för allmänheten tillsammans med statusen."),
    )
    agenda_items = AgendaItemChoiceField(label=_("Beslut"), queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, choices: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        # The checkboxes shown are exactly `choices`; validation accepts any agenda item, so one that is posted but
        # not shown (it was chosen on an earlier search) still reaches the service and gets its message there.
        field = self.fields["agenda_items"]
        field.queryset = AgendaItem.objects.select_related("meeting__body")
        field.widget.choices = [(item.pk, field.label_from_instance(item)) for item in choices]


def chosen_ids(values: list[str]) -> list[int]:
    """The agenda item ids in a query string or post (`agenda_items=3&agenda_items=7`), non-numbers ignored."""
    return list(dict.fromkeys(int(value) for value in values if value.isdigit()))
