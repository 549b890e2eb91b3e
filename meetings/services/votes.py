"""Per paragraph: proposals (yrkanden), votes (omröstningar) with each member's ballot, reservations and
protokollsanteckningar by member.

Who may vote or reserve is decided by the protocol's attendance (`Attendance.serves_at`): a ballot or a reservation
by someone who was not serving at that paragraph is an error at the field, and an open vote's counts must be those
of its ballots and add up to those serving.
"""

from ..models import Ballot, Proposal, Protocol, ProtocolParagraph, Statement, Vote

__all__ = ["paragraph_parts_copy", "paragraph_parts_missing"]


def _set_history_user(obj, user) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


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


def paragraph_parts_missing(*, protocol: Protocol, paragraphs: list[ProtocolParagraph]) -> list[str]:
    """What the paragraphs' votes and statements contradict in the attendance, one Swedish sentence each.

    Attendance can change after a vote was recorded; adjusting is refused until they agree again."""
    return []  # to be completed: see meetings.services.votes
