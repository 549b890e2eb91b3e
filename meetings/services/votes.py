"""Per paragraph: proposals (yrkanden), votes (omröstningar) with each member's ballot, reservations and
protokollsanteckningar by member.

Who may propose, vote or reserve is decided by the protocol's attendance, paragraph by paragraph:

- a yrkande is put by a member present at the paragraph (`Attendance.present_at`), or by nobody: the board's or the
  chair's own proposal, which the text then says ("förvaltningens förslag");
- an open vote has one ballot from every member serving at the paragraph (`Attendance.serves_at`: a present
  ledamot, or a present ersättare serving for someone) and none from anyone else; its counts are the ballots'
  tallies and add up to those serving. A closed vote (sluten omröstning, at elections) has only the counts, which
  add up to those serving;
- a reservation only by a member who served at the paragraph: "En förtroendevald som har deltagit i avgörandet av
  ett ärende får reservera sig mot beslutet" (kommunallagen 2017:725, 4 kap. 27 §); a protokollsanteckning by anyone
  present at it.

A refusal is a ValidationError keyed by the form field it concerns: `membership`, `text`, `question`, the counts
`yes_count`/`no_count`/`abstain_count`, `counts` for their sum, and `ballot_<membership id>` for one member's vote.
Each message starts with the field's name ("Ja: 8 angivna men 7 ledamöter röstade ja."), so it reads on its own too.
Nothing is stored when anything is refused. Every workflow locks the protocol (`protocols._locked_draft`) and is
refused unless the protocol is a draft.

Attendance may change after a vote is recorded; `paragraph_parts_missing` then lists what no longer agrees, and the
protocol cannot be adjusted until it does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..masking import unclosed_markers
from ..models import Attendance, Ballot, Membership, Proposal, Protocol, ProtocolParagraph, Statement, Vote

__all__ = [
    "COUNTS",
    "LABELS",
    "Roll",
    "ballot_field",
    "member_label",
    "paragraph_parts_copy",
    "paragraph_parts_missing",
    "proposal_add",
    "proposal_delete",
    "proposal_update",
    "statement_add",
    "statement_delete",
    "statement_update",
    "vote_delete",
    "vote_record",
    "vote_update",
]

# The error key for the sum of the counts (yes + no + abstain against those serving).
COUNTS = "counts"

# The names the messages give the fields; the forms label their fields with the same words.
LABELS = {
    "proposal.membership": gettext_lazy("Yrkande av"),
    "proposal.text": gettext_lazy("Yrkande"),
    "vote.question": gettext_lazy("Propositionsordning"),
    "vote.is_secret": gettext_lazy("Sluten omröstning"),
    "vote.yes_count": gettext_lazy("Ja"),
    "vote.no_count": gettext_lazy("Nej"),
    "vote.abstain_count": gettext_lazy("Avstår"),
    "vote.counts": gettext_lazy("Antal röster"),
    "vote.outcome": gettext_lazy("Utfall"),
    "statement.kind": gettext_lazy("Slag"),
    "statement.membership": gettext_lazy("Ledamot"),
    "statement.text": gettext_lazy("Text"),
}

_COUNT_FIELDS = (
    ("yes_count", Ballot.Choice.YES),
    ("no_count", Ballot.Choice.NO),
    ("abstain_count", Ballot.Choice.ABSTAIN),
)

_ROLL_RELATED = ("membership__person", "membership__party", "serving_for__person", "serving_for__party")


def ballot_field(membership_id: int) -> str:
    """The error key (and the vote form's field name) of one member's ballot."""
    return f"ballot_{membership_id}"


def member_label(membership: Membership) -> str:
    """ "Anna Svensson (S)": the person and the party group they sat for."""
    if membership.party_id:
        return f"{membership.person.name} ({membership.party.abbreviation})"
    return membership.person.name


def _set_history_user(obj, user) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


def _lock(protocol: Protocol) -> Protocol:
    from .protocols import _locked_draft  # protocols imports this module: a cycle at import time

    return _locked_draft(protocol)


def _locked_paragraph(paragraph: ProtocolParagraph) -> ProtocolParagraph:
    """The paragraph as stored now, its protocol locked and still a draft."""
    protocol = _lock(paragraph.protocol)
    paragraph = ProtocolParagraph.objects.get(pk=paragraph.pk)
    paragraph.protocol = protocol
    return paragraph


def _add(errors: dict, key: str, message: str) -> None:
    errors.setdefault(key, []).append(ValidationError(message, code=key))


def _check_text(errors: dict, key: str, label: str, value: str) -> None:
    if unclosed_markers(value or ""):
        _add(
            errors,
            key,
            _("%(field)s: en markering för maskering börjar med [[ men avslutas inte med ]].") % {"field": label},
        )


class Roll:
    """A protocol's attendance, asked paragraph by paragraph: who was present, who served (decided)."""

    def __init__(self, rows: Iterable[Attendance]) -> None:
        self.rows = list(rows)
        self.by_membership = {row.membership_id: row for row in self.rows}

    @classmethod
    def of(cls, protocol: Protocol) -> Roll:
        return cls(protocol.attendance.select_related(*_ROLL_RELATED).order_by("position", "pk"))

    def __bool__(self) -> bool:
        return bool(self.rows)

    def present(self, number: int) -> list[Attendance]:
        return [row for row in self.rows if row.present_at(number)]

    def serving(self, number: int) -> list[Attendance]:
        return [row for row in self.rows if row.serves_at(number)]

    def is_present(self, membership_id: int | None, number: int) -> bool:
        row = self.by_membership.get(membership_id)
        return row is not None and row.present_at(number)

    def serves(self, membership_id: int | None, number: int) -> bool:
        row = self.by_membership.get(membership_id)
        return row is not None and row.serves_at(number)

    def label(self, membership_id: int, fallback: Membership | None = None) -> str:
        row = self.by_membership.get(membership_id)
        if row is not None:
            return member_label(row.membership)
        if fallback is not None:
            return member_label(fallback)
        return _("Ledamoten")


def _outsider_labels(roll: Roll, protocol: Protocol, membership_ids: Iterable[int]) -> dict[int, str]:
    """Names of members outside the attendance list: of the same body only (another body's roster is none of this
    form's business), else "an unknown member"."""
    unknown = [pk for pk in membership_ids if pk not in roll.by_membership]
    if not unknown:
        return {}
    body_id = protocol.meeting.body_id
    found = Membership.objects.filter(pk__in=unknown, body_id=body_id).select_related("person", "party")
    labels = {membership.pk: member_label(membership) for membership in found}
    return {pk: labels.get(pk, _("En okänd ledamot")) for pk in unknown}


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


# --- proposals ------------------------------------------------------------------------------------------------------


def _check_proposal(paragraph: ProtocolParagraph, roll: Roll, membership: Membership | None, text: str) -> None:
    errors: dict = {}
    number = paragraph.number
    if membership is not None and not roll.is_present(membership.pk, number):
        label = LABELS["proposal.membership"]
        if membership.pk in roll.by_membership:
            message = _("%(field)s: %(name)s var inte närvarande vid § %(number)s.")
        else:
            message = _("%(field)s: %(name)s finns inte i närvarolistan. Bara den som var närvarande kan yrka.")
        name = _outsider_labels(roll, paragraph.protocol, [membership.pk]).get(membership.pk) or roll.label(
            membership.pk
        )
        _add(errors, "membership", message % {"field": label, "name": name, "number": number})
    if not (text or "").strip():
        _add(
            errors,
            "text",
            _("%(field)s: skriv yrkandet, t.ex. ”yrkar bifall till förvaltningens förslag”.")
            % {"field": LABELS["proposal.text"]},
        )
    _check_text(errors, "text", LABELS["proposal.text"], text)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_add(
    *, paragraph: ProtocolParagraph, text: str, membership: Membership | None = None, user=None
) -> Proposal:
    """Add a yrkande to a draft's paragraph, last; by `membership` (present at the paragraph) or by nobody."""
    paragraph = _locked_paragraph(paragraph)
    _check_proposal(paragraph, Roll.of(paragraph.protocol), membership, text)
    proposal = Proposal(
        paragraph=paragraph,
        membership=membership,
        text=text.strip(),
        position=_next_position(paragraph.proposals.all()),
    )
    _set_history_user(proposal, user)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, text: str, membership: Membership | None = None, user=None) -> Proposal:
    paragraph = _locked_paragraph(proposal.paragraph)
    proposal = Proposal.objects.get(pk=proposal.pk)
    _check_proposal(paragraph, Roll.of(paragraph.protocol), membership, text)
    proposal.membership = membership
    proposal.text = text.strip()
    _set_history_user(proposal, user)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_delete(*, proposal: Proposal, user=None) -> None:
    _locked_paragraph(proposal.paragraph)
    proposal = Proposal.objects.get(pk=proposal.pk)
    _set_history_user(proposal, user)
    proposal.delete()


# --- votes ----------------------------------------------------------------------------------------------------------


def _voted(count: int, choice: str) -> str:
    if choice == Ballot.Choice.YES:
        return ngettext("%(count)d ledamot röstade ja", "%(count)d ledamöter röstade ja", count) % {"count": count}
    if choice == Ballot.Choice.NO:
        return ngettext("%(count)d ledamot röstade nej", "%(count)d ledamöter röstade nej", count) % {"count": count}
    return ngettext("%(count)d ledamot avstod", "%(count)d ledamöter avstod", count) % {"count": count}


def _check_vote(
    paragraph: ProtocolParagraph,
    roll: Roll,
    *,
    question: str,
    is_secret: bool,
    counts: dict[str, int | None],
    ballots: dict[int, str],
    outcome: str,
) -> None:
    """Everything wrong with the vote at once, each at its field; nothing when it agrees with the attendance."""
    errors: dict = {}
    number = paragraph.number
    if not (question or "").strip():
        _add(
            errors,
            "question",
            _("%(field)s: skriv vad ja och nej betyder, t.ex. ”Ja för ordförandens förslag, nej för M:s yrkande”.")
            % {"field": LABELS["vote.question"]},
        )
    _check_text(errors, "question", LABELS["vote.question"], question)
    _check_text(errors, "outcome", LABELS["vote.outcome"], outcome)

    for field, _choice in _COUNT_FIELDS:
        value = counts.get(field)
        label = LABELS[f"vote.{field}"]
        if value is None:
            _add(errors, field, _("%(field)s: ange antalet.") % {"field": label})
        elif value < 0:
            _add(errors, field, _("%(field)s: antalet kan inte vara negativt.") % {"field": label})

    if not roll:
        _add(
            errors,
            COUNTS,
            _(
                "%(field)s: protokollet har ingen närvarolista ur ledamotsregistret. Fyll i närvaron först, så att "
                "rösterna kan stämmas av mot dem som tjänstgjorde."
            )
            % {"field": LABELS["vote.counts"]},
        )
        raise ValidationError(errors)

    serving = roll.serving(number)
    if is_secret:
        if ballots:
            _add(
                errors,
                "is_secret",
                _("%(field)s: en sluten omröstning har inga röster per ledamot. Ta bort rösterna.")
                % {"field": LABELS["vote.is_secret"]},
            )
    else:
        valid = set(Ballot.Choice.values)
        outsiders = _outsider_labels(roll, paragraph.protocol, ballots)
        for membership_id, choice in ballots.items():
            name = outsiders.get(membership_id) or roll.label(membership_id)
            if choice not in valid:
                _add(
                    errors,
                    ballot_field(membership_id),
                    _("%(name)s: välj ja, nej eller avstår.") % {"name": name},
                )
            elif membership_id in outsiders:
                _add(
                    errors,
                    ballot_field(membership_id),
                    _("%(name)s: finns inte i närvarolistan och kan inte rösta i § %(number)s.")
                    % {"name": name, "number": number},
                )
            elif not roll.serves(membership_id, number):
                row = roll.by_membership[membership_id]
                if row.present_at(number):
                    message = _(
                        "%(name)s: var närvarande men tjänstgjorde inte vid § %(number)s och kan inte rösta. "
                        "En ersättare röstar bara när hen tjänstgör för en ledamot."
                    )
                else:
                    message = _("%(name)s: var inte närvarande vid § %(number)s och kan inte rösta.")
                _add(errors, ballot_field(membership_id), message % {"name": name, "number": number})
        for row in serving:
            if row.membership_id not in ballots:
                _add(
                    errors,
                    ballot_field(row.membership_id),
                    _("%(name)s: rösten saknas. %(name)s tjänstgjorde vid § %(number)s.")
                    % {"name": member_label(row.membership), "number": number},
                )
        tallies = Counter(ballots.values())
        for field, choice in _COUNT_FIELDS:
            value = counts.get(field)
            if value is not None and value >= 0 and value != tallies[choice]:
                _add(
                    errors,
                    field,
                    _("%(field)s: %(count)d angivna men %(voted)s.")
                    % {"field": LABELS[f"vote.{field}"], "count": value, "voted": _voted(tallies[choice], choice)},
                )

    values = [counts.get(field) for field, _choice in _COUNT_FIELDS]
    if all(value is not None and value >= 0 for value in values) and sum(values) != len(serving):
        _add(
            errors,
            COUNTS,
            _("%(field)s: %(serving)d tjänstgjorde vid § %(number)s men rösterna är %(total)d.")
            % {"field": LABELS["vote.counts"], "serving": len(serving), "number": number, "total": sum(values)},
        )
    if errors:
        raise ValidationError(errors)


def _ballots_in_roll_order(roll: Roll, ballots: dict[int, str]) -> list[tuple[int, str]]:
    """The ballots in the order of the attendance list, so that the published table follows the roster."""
    order = {row.membership_id: index for index, row in enumerate(roll.rows)}
    return sorted(ballots.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _vote_counts(yes_count, no_count, abstain_count) -> dict[str, int | None]:
    return {"yes_count": yes_count, "no_count": no_count, "abstain_count": abstain_count}


@transaction.atomic
def vote_record(
    *,
    paragraph: ProtocolParagraph,
    question: str,
    is_secret: bool,
    yes_count: int,
    no_count: int,
    abstain_count: int,
    ballots: dict[int, str],
    outcome: str = "",
    user=None,
) -> Vote:
    """Record an omröstning on a draft's paragraph. `ballots` maps membership ids to "yes", "no" or "abstain"
    (Ballot.Choice); a closed vote has none."""
    paragraph = _locked_paragraph(paragraph)
    roll = Roll.of(paragraph.protocol)
    ballots = dict(ballots or {})
    _check_vote(
        paragraph,
        roll,
        question=question,
        is_secret=is_secret,
        counts=_vote_counts(yes_count, no_count, abstain_count),
        ballots=ballots,
        outcome=outcome,
    )
    vote = Vote(
        paragraph=paragraph,
        question=question.strip(),
        is_secret=is_secret,
        yes_count=yes_count,
        no_count=no_count,
        abstain_count=abstain_count,
        outcome=(outcome or "").strip(),
        position=_next_position(paragraph.votes.all()),
    )
    _set_history_user(vote, user)
    vote.save()
    for membership_id, choice in _ballots_in_roll_order(roll, ballots):
        ballot = Ballot(vote=vote, membership_id=membership_id, choice=choice)
        _set_history_user(ballot, user)
        ballot.save()
    return vote


@transaction.atomic
def vote_update(
    *,
    vote: Vote,
    question: str,
    is_secret: bool,
    yes_count: int,
    no_count: int,
    abstain_count: int,
    ballots: dict[int, str],
    outcome: str = "",
    user=None,
) -> Vote:
    """Change a vote: its question, counts and outcome, and its ballots as given (a member left out loses theirs)."""
    paragraph = _locked_paragraph(vote.paragraph)
    vote = Vote.objects.get(pk=vote.pk)
    roll = Roll.of(paragraph.protocol)
    ballots = dict(ballots or {})
    _check_vote(
        paragraph,
        roll,
        question=question,
        is_secret=is_secret,
        counts=_vote_counts(yes_count, no_count, abstain_count),
        ballots=ballots,
        outcome=outcome,
    )
    vote.question = question.strip()
    vote.is_secret = is_secret
    vote.yes_count, vote.no_count, vote.abstain_count = yes_count, no_count, abstain_count
    vote.outcome = (outcome or "").strip()
    _set_history_user(vote, user)
    vote.save()
    stored = {ballot.membership_id: ballot for ballot in vote.ballots.all()}
    for membership_id, ballot in stored.items():
        if membership_id not in ballots:
            _set_history_user(ballot, user)
            ballot.delete()
    for membership_id, choice in _ballots_in_roll_order(roll, ballots):
        ballot = stored.get(membership_id)
        if ballot is None:
            ballot = Ballot(vote=vote, membership_id=membership_id, choice=choice)
        elif ballot.choice == choice:
            continue
        ballot.choice = choice
        _set_history_user(ballot, user)
        ballot.save()
    return vote


@transaction.atomic
def vote_delete(*, vote: Vote, user=None) -> None:
    _locked_paragraph(vote.paragraph)
    vote = Vote.objects.get(pk=vote.pk)
    # Each ballot's deletion is recorded with the user too, not only the vote's.
    for ballot in vote.ballots.all():
        _set_history_user(ballot, user)
        ballot.delete()
    _set_history_user(vote, user)
    vote.delete()


# --- reservations and protokollsanteckningar ------------------------------------------------------------------------


def _check_statement(
    paragraph: ProtocolParagraph,
    roll: Roll,
    *,
    membership: Membership | None,
    kind: str,
    text: str,
    statement: Statement | None = None,
) -> None:
    errors: dict = {}
    number = paragraph.number
    if kind not in Statement.Kind.values:
        _add(
            errors,
            "kind",
            _("%(field)s: välj reservation eller protokollsanteckning.") % {"field": LABELS["statement.kind"]},
        )
    label = LABELS["statement.membership"]
    if membership is None:
        _add(errors, "membership", _("%(field)s: välj vem det gäller.") % {"field": label})
    elif kind in Statement.Kind.values:
        name = _outsider_labels(roll, paragraph.protocol, [membership.pk]).get(membership.pk) or roll.label(
            membership.pk
        )
        if membership.pk not in roll.by_membership:
            _add(
                errors,
                "membership",
                _("%(field)s: %(name)s finns inte i närvarolistan.") % {"field": label, "name": name},
            )
        elif kind == Statement.Kind.RESERVATION and not roll.serves(membership.pk, number):
            _add(
                errors,
                "membership",
                _(
                    "%(field)s: %(name)s tjänstgjorde inte vid § %(number)s och kan inte reservera sig. Bara den som "
                    "deltagit i beslutet får reservera sig (4 kap. 27 § kommunallagen). Skriv en "
                    "protokollsanteckning i stället."
                )
                % {"field": label, "name": name, "number": number},
            )
        elif kind == Statement.Kind.NOTE and not roll.is_present(membership.pk, number):
            _add(
                errors,
                "membership",
                _("%(field)s: %(name)s var inte närvarande vid § %(number)s.")
                % {"field": label, "name": name, "number": number},
            )
        else:
            twin = paragraph.statements.filter(membership=membership, kind=kind)
            if statement is not None:
                twin = twin.exclude(pk=statement.pk)
            if kind == Statement.Kind.RESERVATION and twin.exists():
                _add(
                    errors,
                    "membership",
                    _("%(field)s: %(name)s har redan reserverat sig i § %(number)s. Ändra den reservationen i stället.")
                    % {"field": label, "name": name, "number": number},
                )
    if kind == Statement.Kind.NOTE and not (text or "").strip():
        _add(errors, "text", _("%(field)s: skriv protokollsanteckningen.") % {"field": LABELS["statement.text"]})
    _check_text(errors, "text", LABELS["statement.text"], text)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def statement_add(
    *, paragraph: ProtocolParagraph, membership: Membership | None, kind: str, text: str = "", user=None
) -> Statement:
    """Add a reservation (Statement.Kind.RESERVATION) or a protokollsanteckning (NOTE) by a member, last."""
    paragraph = _locked_paragraph(paragraph)
    _check_statement(paragraph, Roll.of(paragraph.protocol), membership=membership, kind=kind, text=text)
    statement = Statement(
        paragraph=paragraph,
        membership=membership,
        kind=kind,
        text=(text or "").strip(),
        position=_next_position(paragraph.statements.all()),
    )
    _set_history_user(statement, user)
    statement.save()
    return statement


@transaction.atomic
def statement_update(
    *, statement: Statement, membership: Membership | None, kind: str, text: str = "", user=None
) -> Statement:
    paragraph = _locked_paragraph(statement.paragraph)
    statement = Statement.objects.get(pk=statement.pk)
    _check_statement(
        paragraph, Roll.of(paragraph.protocol), membership=membership, kind=kind, text=text, statement=statement
    )
    statement.membership = membership
    statement.kind = kind
    statement.text = (text or "").strip()
    _set_history_user(statement, user)
    statement.save()
    return statement


@transaction.atomic
def statement_delete(*, statement: Statement, user=None) -> None:
    _locked_paragraph(statement.paragraph)
    statement = Statement.objects.get(pk=statement.pk)
    _set_history_user(statement, user)
    statement.delete()


# --- corrections and the check before justering ---------------------------------------------------------------------


def paragraph_parts_copy(*, source: ProtocolParagraph, target: ProtocolParagraph, user=None) -> None:
    """Copy the proposals, votes with their ballots and statements of `source` into `target` (a correction)."""
    for proposal in source.proposals.all():
        copy = Proposal(
            paragraph=target, membership_id=proposal.membership_id, text=proposal.text, position=proposal.position
        )
        _set_history_user(copy, user)
        copy.save()
    for vote in source.votes.prefetch_related("ballots"):
        copy = Vote(
            paragraph=target,
            **{
                f: getattr(vote, f)
                for f in ("question", "is_secret", "yes_count", "no_count", "abstain_count", "outcome", "position")
            },
        )
        _set_history_user(copy, user)
        copy.save()
        for ballot in vote.ballots.all():
            ballot_copy = Ballot(vote=copy, membership_id=ballot.membership_id, choice=ballot.choice)
            _set_history_user(ballot_copy, user)
            ballot_copy.save()
    for statement in source.statements.all():
        copy = Statement(
            paragraph=target,
            membership_id=statement.membership_id,
            kind=statement.kind,
            text=statement.text,
            position=statement.position,
        )
        _set_history_user(copy, user)
        copy.save()


def _vote_name(votes: list[Vote], vote: Vote) -> str:
    if len(votes) == 1:
        return _("omröstningen")
    return _("omröstning %(index)d") % {"index": votes.index(vote) + 1}


def _vote_problems(paragraph: ProtocolParagraph, roll: Roll, vote: Vote, name: str) -> list[str]:
    number = paragraph.number
    prefix = f"§ {number}"
    problems = []
    serving = roll.serving(number)
    if not vote.is_secret:
        ballots = list(vote.ballots.all())
        voted = {ballot.membership_id for ballot in ballots}
        for ballot in ballots:
            if not roll.serves(ballot.membership_id, number):
                problems.append(
                    _("%(where)s: %(name)s har en röst i %(vote)s men tjänstgjorde inte vid paragrafen.")
                    % {"where": prefix, "name": roll.label(ballot.membership_id, ballot.membership), "vote": name}
                )
        for row in serving:
            if row.membership_id not in voted:
                problems.append(
                    _("%(where)s: %(name)s tjänstgjorde vid paragrafen men har ingen röst i %(vote)s.")
                    % {"where": prefix, "name": member_label(row.membership), "vote": name}
                )
        tallies = Counter(ballot.choice for ballot in ballots)
        for field, choice in _COUNT_FIELDS:
            if getattr(vote, field) != tallies[choice]:
                problems.append(
                    _("%(where)s: %(vote)s anger %(count)d %(what)s men %(voted)s.")
                    % {
                        "where": prefix,
                        "vote": name,
                        "count": getattr(vote, field),
                        "what": str(LABELS[f"vote.{field}"]).lower(),
                        "voted": _voted(tallies[choice], choice),
                    }
                )
    total = vote.yes_count + vote.no_count + vote.abstain_count
    if total != len(serving):
        problems.append(
            _("%(where)s: %(serving)d tjänstgjorde vid paragrafen men rösterna i %(vote)s är %(total)d.")
            % {"where": prefix, "serving": len(serving), "vote": name, "total": total}
        )
    return problems


def paragraph_parts_missing(*, protocol: Protocol, paragraphs: list[ProtocolParagraph]) -> list[str]:
    """What the paragraphs' proposals, votes and statements contradict in the attendance, one Swedish sentence each,
    naming the paragraph and the person.

    Attendance can change after a vote was recorded; adjusting is refused until they agree again. The number of
    queries does not grow with paragraphs or members."""
    paragraphs = list(paragraphs)
    if not paragraphs:
        return []
    related = ("membership__person", "membership__party")
    prefetch_related_objects(
        paragraphs,
        Prefetch("proposals", queryset=Proposal.objects.select_related(*related)),
        Prefetch(
            "votes",
            queryset=Vote.objects.prefetch_related(
                Prefetch("ballots", queryset=Ballot.objects.select_related(*related))
            ),
        ),
        Prefetch("statements", queryset=Statement.objects.select_related(*related)),
    )
    if not any(p.proposals.all() or p.votes.all() or p.statements.all() for p in paragraphs):
        return []
    roll = Roll.of(protocol)
    problems: list[str] = []
    for paragraph in paragraphs:
        number = paragraph.number
        prefix = f"§ {number}"
        for proposal in paragraph.proposals.all():
            if proposal.membership_id is not None and not roll.is_present(proposal.membership_id, number):
                problems.append(
                    _("%(where)s: %(name)s har ett yrkande men var inte närvarande vid paragrafen.")
                    % {"where": prefix, "name": roll.label(proposal.membership_id, proposal.membership)}
                )
        votes = list(paragraph.votes.all())
        for vote in votes:
            if not roll:
                problems.append(
                    _("%(where)s: %(vote)s kan inte stämmas av, eftersom protokollet saknar närvarolista.")
                    % {"where": prefix, "vote": _vote_name(votes, vote)}
                )
                continue
            problems.extend(_vote_problems(paragraph, roll, vote, _vote_name(votes, vote)))
        for statement in paragraph.statements.all():
            name = roll.label(statement.membership_id, statement.membership)
            if statement.kind == Statement.Kind.RESERVATION and not roll.serves(statement.membership_id, number):
                problems.append(
                    _("%(where)s: %(name)s har reserverat sig men tjänstgjorde inte vid paragrafen.")
                    % {"where": prefix, "name": name}
                )
            elif statement.kind == Statement.Kind.NOTE and not roll.is_present(statement.membership_id, number):
                problems.append(
                    _("%(where)s: %(name)s har en protokollsanteckning men var inte närvarande vid paragrafen.")
                    % {"where": prefix, "name": name}
                )
    return problems
