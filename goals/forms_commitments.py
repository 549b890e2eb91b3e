"""Forms of the secretaries' pages on the platform's commitments: the list's filter and the status update form.

The status update form has a search for agenda items that works without JavaScript: its "Sök" button submits the
whole form by GET (`formmethod="get"`), the view shows the same form again with the typed values kept and the
search results added as checkboxes, and "Spara" posts it. The decisions it offers, shows and accepts are one set,
`goals.access.linkable_agenda_items` (what citizens may read); the service checks the same rule again, so it holds
for every caller. An id outside that set is refused with a message that names no title.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.forms.personal_data import PersonalDataCheck
from meetings.models import AgendaItem
from meetings.public import PublicAgendaItem
from orebro_portal.lib.bounds import DATE_INPUT_LIMITS, DateRangeValidator
from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.params import ID_MAX, parse_int

from .models import Commitment, CommitmentStatus, PolicyArea
from .services.commitments import unlinkable_message


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


def is_id(value: str) -> bool:
    """Is `value` written as an id: as the portal reads every number in an address (`params.parse_int`: ASCII
    digits only, "²" and "١" are not), positive and small enough for the database to compare."""
    return parse_int(value, minimum=1, maximum=ID_MAX) is not None


class AgendaItemChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of agenda items, labelled as the public commitment page shows them (masked: another body's
    secretary reads the title as citizens do). Ids outside the field's queryset, and values that are no id at all,
    are refused together with one message that names none of them."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, item: AgendaItem) -> str:
        meeting = item.meeting
        public = PublicAgendaItem(item)
        case = f" ({public.case_number})" if public.case_number else ""
        return f"{meeting.body.name} {sv_date(meeting.start)}, ärende {public.number.line}: {public.title.line}{case}"

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [choice for choice in value if choice not in self.empty_values]  # an empty value chooses nothing
        return super().clean(value)

    def _check_values(self, value) -> QuerySet[AgendaItem]:
        texts = {str(choice) for choice in value}
        ids = {int(text) for text in texts if is_id(text)}
        found = set(self.queryset.filter(pk__in=ids).values_list("pk", flat=True))
        refused = sum(1 for text in texts if not (is_id(text) and int(text) in found))
        if refused:
            raise ValidationError(unlinkable_message(refused), code="invalid_choice")
        return self.queryset.filter(pk__in=found)


class CommitmentUpdateForm(PersonalDataCheck, forms.Form):
    """Date, status, comment and the agenda items a status update rests on.

    `linkable` is the set of agenda items the user may link (`goals.access.linkable_agenda_items`); `choices` are
    those of them to offer as checkboxes: the ones already chosen and the search results. The field accepts any
    item of `linkable`, so one that was chosen on an earlier search, and is posted but not shown, is still linked.
    """

    personal_data_fields = ("comment",)  # published on the goals pages: a personnummer is shown at the field

    date = forms.DateField(
        label=_("Datum"),
        widget=DateInput(attrs=DATE_INPUT_LIMITS),
        help_text=_("Dagen då läget gällde, t.ex. beslutsdagen."),
        # The portal's dates (as meetings'): 0001-01-01 or 9999-12-31 is a typing error, named at the field.
        validators=[DateRangeValidator()],
    )
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visas för allmänheten tillsammans med statusen."),
    )
    agenda_items = AgendaItemChoiceField(label=_("Beslut"), queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, linkable: QuerySet[AgendaItem], choices: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        field = self.fields["agenda_items"]
        field.queryset = linkable.select_related("meeting__body")
        field.widget.choices = [(item.pk, field.label_from_instance(item)) for item in choices]


def chosen_ids(values: list[str]) -> list[int]:
    """The agenda item ids in a query string or post (`agenda_items=3&agenda_items=7`), in order, repeats and
    anything that is no id (other digits than ASCII, a sign, absurdly long) ignored."""
    return list(dict.fromkeys(int(value) for value in values if is_id(value)))
