"""Forms for a paragraph's yrkanden, omröstningar, reservationer and protokollsanteckningar.

They offer only members the attendance allows (present at the paragraph, or serving for a vote) and validate the
input's shape; whether it agrees with the attendance is the services' rule (meetings.services.votes), whose errors
land on these fields by name: `ballot_<membership id>` is one member's vote.
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Ballot, Membership, ProtocolParagraph, Statement, Vote
from ..services.votes import COUNTS, LABELS, Roll, ballot_field, member_label
from .personal_data import PersonalDataCheck
from .protocols import SHORT_MASKING_HELP

# More than any body's roster: a larger count is a typing error.
COUNT_MAX = 999


def _textarea(rows: int) -> forms.Textarea:
    # static/js/mask-selection.js adds a "Maskera markerad text" button to these.
    return forms.Textarea(attrs={"rows": rows, "data-masking": "true"})


def _role_note(roll: Roll, membership_id: int, number: int) -> str:
    """What the secretary needs to know about a member at this paragraph: ersättare for whom, from which §."""
    row = roll.by_membership.get(membership_id)
    if row is None:
        return str(_("finns inte i närvarolistan"))
    notes = []
    if row.serving_for_id is not None:
        notes.append(str(_("ersättare, tjänstgör för %(name)s") % {"name": member_label(row.serving_for)}))
    elif not row.membership.is_ledamot:
        notes.append(str(_("ersättare, tjänstgör inte")))
    if row.from_paragraph is not None or row.to_paragraph is not None:
        if row.to_paragraph is None:
            notes.append(str(_("från § %(number)s") % {"number": row.from_paragraph}))
        elif row.from_paragraph is None:
            notes.append(str(_("till och med § %(number)s") % {"number": row.to_paragraph}))
        else:
            notes.append(str(_("§ %(start)s–%(end)s") % {"start": row.from_paragraph, "end": row.to_paragraph}))
    if not row.present_at(number):
        notes.append(str(_("inte närvarande vid § %(number)s") % {"number": number}))
    return ", ".join(notes)


class MemberChoiceField(forms.ModelChoiceField):
    """A member of the attendance list, shown as "Anna Svensson (S)" and what matters about them here."""

    def __init__(self, *args, **kwargs):
        self.notes: dict[int, str] = {}
        super().__init__(*args, queryset=Membership.objects.none(), **kwargs)

    def label_from_instance(self, obj: Membership) -> str:
        note = self.notes.get(obj.pk)
        return f"{member_label(obj)} – {note}" if note else member_label(obj)

    def offer(self, roll: Roll, membership_ids: list[int], number: int) -> None:
        """Offer these members, in the order of the attendance list."""
        order = {row.membership_id: index for index, row in enumerate(roll.rows)}
        ids = sorted(set(membership_ids), key=lambda pk: (order.get(pk, len(order)), pk))
        self.notes = {pk: _role_note(roll, pk, number) for pk in ids}
        self.queryset = (
            (
                Membership.objects.filter(pk__in=ids)
                .select_related("person", "party")
                .annotate(
                    roll_order=Case(
                        *(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
                .order_by("roll_order")
            )
            if ids
            else Membership.objects.none()
        )


class ProposalForm(PersonalDataCheck, forms.Form):
    personal_data_fields = ("text",)

    membership = MemberChoiceField(
        label=LABELS["proposal.membership"],
        required=False,
        empty_label=_("Ingen ledamot: förvaltningens eller ordförandens eget förslag"),
        help_text=_("Bara den som var närvarande vid paragrafen kan väljas."),
    )
    text = forms.CharField(
        label=LABELS["proposal.text"],
        widget=_textarea(4),
        help_text=format_lazy(
            "{} {}", _("T.ex. ”yrkar bifall till förvaltningens förslag” eller ”yrkar avslag”."), SHORT_MASKING_HELP
        ),
        error_messages={"required": _("Skriv yrkandet.")},
    )

    def __init__(self, *args, paragraph: ProtocolParagraph, roll: Roll, current: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [row.membership_id for row in roll.present(paragraph.number)]
        if current is not None:
            ids.append(current.pk)  # shown even when attendance changed since, so the service can say so
        self.fields["membership"].offer(roll, ids, paragraph.number)


class VoteForm(PersonalDataCheck, forms.Form):
    """An omröstning: the question, a Ja/Nej/Avstår choice per member serving at the paragraph, the three counts."""

    personal_data_fields = ("question", "outcome")
    counts_error_key = COUNTS

    question = forms.CharField(
        label=LABELS["vote.question"],
        widget=_textarea(3),
        help_text=format_lazy(
            "{} {}",
            _("Vad ja och nej betyder, t.ex. ”Ja för ordförandens förslag, nej för Moderaternas yrkande”."),
            SHORT_MASKING_HELP,
        ),
        error_messages={"required": _("Skriv vad ja och nej betyder.")},
    )
    is_secret = forms.BooleanField(
        label=LABELS["vote.is_secret"],
        required=False,
        help_text=_("Vid val med slutna sedlar. Då antecknas bara antalet röster, inte hur var och en röstade."),
    )
    yes_count = forms.IntegerField(label=LABELS["vote.yes_count"], min_value=0, max_value=COUNT_MAX)
    no_count = forms.IntegerField(label=LABELS["vote.no_count"], min_value=0, max_value=COUNT_MAX)
    abstain_count = forms.IntegerField(label=LABELS["vote.abstain_count"], min_value=0, max_value=COUNT_MAX, initial=0)
    outcome = forms.CharField(
        label=LABELS["vote.outcome"],
        required=False,
        widget=_textarea(2),
        help_text=format_lazy("{} {}", _("T.ex. ”Kommunstyrelsen bifaller ordförandens förslag”."), SHORT_MASKING_HELP),
    )

    def __init__(self, *args, paragraph: ProtocolParagraph, roll: Roll, vote: Vote | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        number = paragraph.number
        for name in ("yes_count", "no_count", "abstain_count"):
            field = self.fields[name]
            field.error_messages.update(
                required=_("Ange antalet."),
                invalid=_("Skriv ett heltal."),
                min_value=_("Antalet kan inte vara negativt."),
                max_value=_("Antalet får vara högst %(limit_value)s."),
            )
            field.widget.attrs.update(min=0, max=COUNT_MAX, inputmode="numeric")
        stored: dict[int, Ballot] = {}
        if vote is not None:
            stored = {
                ballot.membership_id: ballot
                for ballot in vote.ballots.select_related("membership__person", "membership__party")
            }
        self.ballot_names: list[str] = []
        self.ballot_notes: dict[str, str] = {}
        serving = roll.serving(number)
        serving_ids = {row.membership_id for row in serving}
        choices = list(Ballot.Choice.choices)
        for row in serving:
            self._add_ballot(row.membership_id, member_label(row.membership), choices, stored)
            self.ballot_notes[ballot_field(row.membership_id)] = _role_note(roll, row.membership_id, number)
        # A stored ballot of someone no longer serving (the attendance changed): shown, so it can be taken away.
        for membership_id, ballot in stored.items():
            if membership_id in serving_ids:
                continue
            remove = [("", _("Ingen röst: tjänstgjorde inte"))]
            self._add_ballot(membership_id, member_label(ballot.membership), choices + remove, stored)
            self.ballot_notes[ballot_field(membership_id)] = _role_note(roll, membership_id, number)

    def _add_ballot(self, membership_id: int, label: str, choices, stored: dict[int, Ballot]) -> None:
        name = ballot_field(membership_id)
        ballot = stored.get(membership_id)
        self.fields[name] = forms.ChoiceField(
            label=label,
            choices=choices,
            required=False,
            widget=forms.RadioSelect,
            initial=ballot.choice if ballot else None,
            error_messages={"invalid_choice": _("Välj ja, nej eller avstår.")},
        )
        self.ballot_names.append(name)

    @property
    def ballot_fields(self) -> list[tuple[forms.BoundField, str]]:
        """(bound field, note) per member, in the order of the attendance list."""
        return [(self[name], self.ballot_notes.get(name, "")) for name in self.ballot_names]

    @property
    def counts_errors(self) -> list[str]:
        """The error about the counts' sum, which views put here (not on one of the three fields)."""
        return getattr(self, "_counts_errors", [])

    def set_counts_errors(self, messages: list[str]) -> None:
        self._counts_errors = messages

    def ballots(self) -> dict[int, str]:
        """{membership id: choice} as chosen; none for a closed vote (a radio button once chosen cannot be cleared
        without a script, so the choice of "sluten omröstning" wins)."""
        if self.cleaned_data.get("is_secret"):
            return {}
        result = {}
        for name in self.ballot_names:
            choice = self.cleaned_data.get(name)
            if choice:
                result[int(name.removeprefix("ballot_"))] = choice
        return result

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "question": data["question"],
            "is_secret": data["is_secret"],
            "yes_count": data["yes_count"],
            "no_count": data["no_count"],
            "abstain_count": data["abstain_count"],
            "outcome": data.get("outcome", ""),
            "ballots": self.ballots(),
        }


class StatementForm(PersonalDataCheck, forms.Form):
    personal_data_fields = ("text",)

    kind = forms.ChoiceField(
        label=LABELS["statement.kind"],
        choices=Statement.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj reservation eller protokollsanteckning.")},
    )
    membership = MemberChoiceField(
        label=LABELS["statement.membership"],
        empty_label=_("Välj ledamot"),
        help_text=_(
            "En reservation kan bara den göra som tjänstgjorde och deltog i beslutet; en protokollsanteckning den "
            "som var närvarande."
        ),
        error_messages={"required": _("Välj vem det gäller.")},
    )
    text = forms.CharField(
        label=LABELS["statement.text"],
        required=False,
        widget=_textarea(5),
        help_text=format_lazy(
            "{} {}",
            _("Reservationens motivering, ”till förmån för eget yrkande”, eller anteckningens text."),
            SHORT_MASKING_HELP,
        ),
    )

    def __init__(self, *args, paragraph: ProtocolParagraph, roll: Roll, current: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [row.membership_id for row in roll.present(paragraph.number)]
        if current is not None:
            ids.append(current.pk)
        self.fields["membership"].offer(roll, ids, paragraph.number)
