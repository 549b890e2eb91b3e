"""The one gate to the public: what citizens may see of each object, and in what form.

Every public surface — pages, PDFs, Atom feeds, iCal, mails, the notice board, the search index, the API in JSON and
CSV — is given a *projection* of an object, never the object itself. A projection exposes only the attributes it
declares:

- `fields` are shown as stored: ids, dates, numbers, flags, choices and validated codes (a diarienummer), none of
  which a secretary can fill with free text;
- `texts` are free text written by staff, and come out as `PublicText`: personnummer and samordningsnummer masked,
  `[[…]]` spans masked, and in a protocol every span marked once masked wherever else it appears;
- everything else raises `NotPublic`, loudly, in a template as much as in Python, so a surface that reaches for a
  field nobody has classified fails its tests instead of publishing it.

Secrecy and publication are decided here too: a non-public agenda item or paragraph shows "Sekretessärende" and
nothing else; a document that is not published, or a protocol not posted, has no projection (`None`). Which rows a
list shows comes from the models' QuerySets (`AgendaItem.objects.on_published_agendas()`, `Document.objects.public()`,
`Protocol.objects.posted()`), which the surfaces pass in; the projections refuse what is visibly not public on the
object itself.

Goals and reports have their own projections (`goals/public.py`, `reports/public.py`), built from these parts.
See docs/0009-public-projection.md for how to add a field or a surface.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from orebro_portal.lib.text import plain_text_to_html

from .masking import LABELS, MaskKind, Segment, marked_names, segments
from .models import (
    AdjustmentApproval,
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Case,
    Document,
    Meeting,
    Membership,
    Notice,
    Party,
    Person,
    Posting,
    Proposal,
    Protocol,
    ProtocolParagraph,
    Statement,
    Vote,
)

SECRET_LABEL = gettext_lazy("Sekretessärende")


class NotPublic(Exception):
    """A public surface asked a projection for something it does not expose.

    Deliberately not an AttributeError: Django's templates would swallow that and render nothing, hiding the bug."""


# --- masked text ---------------------------------------------------------------------------------------------------

# Private-use characters that stand in for a masked span while text is laid out; never allowed in the text itself.
SLOT_OPEN, SLOT_CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{SLOT_OPEN}([0-9]+){SLOT_CLOSE}")


def clean_text(text: str | None) -> str:
    # Placeholder characters typed into the text itself would be taken for the layout's own.
    return (text or "").replace("\r\n", "\n").replace(SLOT_OPEN, "").replace(SLOT_CLOSE, "")


MaskRenderer = Callable[[MaskKind, str], list[str | SafeString]]


def render_segments(parts: list[Segment], mask: MaskRenderer) -> SafeString:
    """Lay out text as paragraphs and lists (`plain_text_to_html`) with each masked segment replaced by `mask`'s HTML.

    Each masked span is swapped for a placeholder of private-use characters before the layout runs and for its HTML
    after it, so escaping and line stripping leave it alone. `mask` returns pieces: a SafeString is HTML kept whole,
    a plain str is text that goes through the layout (the line breaks inside a span highlighted for staff).
    """
    source: list[str] = []
    snippets: list[SafeString] = []
    for segment in parts:
        if segment.kind is None:
            source.append(segment.text)
            continue
        for piece in mask(segment.kind, segment.text):
            if isinstance(piece, SafeString):
                source.append(f"{SLOT_OPEN}{len(snippets)}{SLOT_CLOSE}")
                snippets.append(piece)
            else:
                source.append(piece)
    html = _SLOT.sub(lambda match: snippets[int(match[1])], plain_text_to_html("".join(source)))
    return mark_safe(html)  # the layout escaped all text; the snippets come from format_html


def _masked_label(kind: MaskKind, text: str) -> list[str | SafeString]:
    # The masked content is dropped here: only the label reaches the HTML.
    return [format_html('<span class="masked masked--{}">{}</span>', kind.value, LABELS[kind])]


class PublicText(str):
    """Staff-written text as citizens see it: a str of the masked text (labels in place of masked spans).

    `.html` lays it out as paragraphs with the labels styled; `.line` folds it into one line for a heading or a
    table cell. The original never leaves this object except through `.masked_spans`, which only staff see.
    """

    _segments: list[Segment]

    def __new__(cls, original: str | None, names: tuple[str, ...] = ()) -> PublicText:
        return cls.from_segments(segments(clean_text(original), names))

    @classmethod
    def from_segments(cls, parts: list[Segment]) -> PublicText:
        text = str.__new__(cls, "".join(str(LABELS[s.kind]) if s.kind else s.text for s in parts))
        text._segments = parts
        return text

    @property
    def html(self) -> SafeString:
        return render_segments(self._segments, _masked_label)

    @property
    def line(self) -> str:
        return " ".join(self.split())

    @property
    def masked_spans(self) -> list[Segment]:
        """The masked segments with what they hide: for the secretary's preview and confirmations, never the public."""
        return [segment for segment in self._segments if segment.kind is not None]


EMPTY = PublicText("")


def public_lines(original: str | None, names: tuple[str, ...] = ()) -> list[PublicText]:
    """A one-entry-per-line field (the attendance lists): each non-empty line, masked.

    The whole field is masked first and split into lines after, so a number broken over two lines is still found; a
    masked span over a line break stays with the line it starts on."""
    lines: list[list[Segment]] = [[]]
    for segment in segments(clean_text(original), names):
        if segment.kind is not None:
            lines[-1].append(segment)
            continue
        first, *rest = segment.text.split("\n")
        lines[-1].append(Segment(first, None))
        lines.extend([Segment(piece, None)] for piece in rest)
    result = [PublicText.from_segments(parts) for parts in lines]
    return [line for line in result if line.strip()]


# --- the projection machinery --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MaskedSpan:
    """One span that will be masked when an object becomes public: where it is and what it hides (staff only)."""

    where: str
    text: str
    kind: MaskKind

    @property
    def reason(self) -> str:
        return str(self.kind.label)


class Projection:
    """The public view of one model instance. Subclasses declare `model`, `fields`, `texts` and, for the
    completeness test, `hidden`: the model's text fields that no public surface shows at all.

    With `public_flag` set (the model's "offentlig" field), an instance whose flag is off is secret: its `title`
    reads "Sekretessärende" and every other text is empty (other fields it hides are properties of the subclass).

    `verbatim` names text fields a subclass shows as stored through a property of its own, because a validator
    leaves no room for free text in them (a diarienummer)."""

    model: ClassVar[type[models.Model]]
    fields: ClassVar[tuple[str, ...]] = ("pk", "id")
    texts: ClassVar[tuple[str, ...]] = ()
    lists: ClassVar[tuple[str, ...]] = ()  # one entry per line, each masked: `<name>_list` gives the entries
    hidden: ClassVar[tuple[str, ...]] = ()
    verbatim: ClassVar[tuple[str, ...]] = ()
    public_flag: ClassVar[str | None] = None
    kept_when_secret: ClassVar[tuple[str, ...]] = ()  # texts a secret object still shows (its number)

    def __init__(self, obj: models.Model, names: tuple[str, ...] = ()) -> None:
        self._obj = obj
        self._given_names = names

    def _mask_names(self) -> tuple[str, ...]:
        return self._given_names

    @property
    def is_secret(self) -> bool:
        return self.public_flag is not None and not getattr(self._obj, self.public_flag)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        cls = type(self)
        value: Any
        if name in cls.fields:
            return getattr(self._obj, name)
        elif name in cls.texts:
            if self.is_secret and name not in cls.kept_when_secret:
                value = PublicText(str(SECRET_LABEL)) if name == "title" else EMPTY
            else:
                value = PublicText(getattr(self._obj, name), self._mask_names())
        elif name.endswith("_list") and (field := name.removesuffix("_list")) in cls.lists:
            value = [] if self.is_secret else public_lines(getattr(self._obj, field), self._mask_names())
        else:
            raise NotPublic(f"{cls.__name__}.{name} is not part of the public projection")
        self.__dict__[name] = value  # computed once per projection
        return value

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._obj == other._obj  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._obj.pk))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._obj.pk}>"

    def masked_spans(self) -> list[MaskedSpan]:
        """Every span of this object's own texts that the public will not see, labelled with the field's name."""
        if self.is_secret:
            return []
        spans = []
        for name in (*type(self).texts, *type(self).lists):
            value = getattr(self, name) if name in type(self).texts else getattr(self, f"{name}_list")
            label = str(self._obj._meta.get_field(name).verbose_name).capitalize()
            for text in value if isinstance(value, list) else [value]:
                spans.extend(MaskedSpan(label, segment.text, segment.kind) for segment in text.masked_spans)
        return spans


def project(cls: type[Projection], objects: Iterable[models.Model | None]) -> list[Any]:
    """`cls(obj)` for each object, leaving out those with no public projection."""
    result = []
    for obj in objects:
        projection = cls.of(obj) if hasattr(cls, "of") else cls(obj)  # type: ignore[attr-defined]
        if projection is not None:
            result.append(projection)
    return result


# --- meetings --------------------------------------------------------------------------------------------------------


class PublicBody(Projection):
    model = Body
    fields = (
        "pk",
        "id",
        "slug",
        "kind",
        "get_kind_display",
        "parent_id",
        "contact_email",
        "meetings_public",
        "default_start_time",
        "position",
        "is_collaboration",
        "get_absolute_url",
    )
    texts = ("name", "summary", "description", "responsibilities", "default_place", "protocol_kept_at")

    @property
    def is_council(self) -> bool:
        return self._obj.kind == Body.Kind.COUNCIL

    @cached_property
    def parent(self) -> PublicBody | None:
        return PublicBody(self._obj.parent) if self._obj.parent_id else None


def _public_documents(owner: models.Model, **lookup: Any) -> list[PublicDocument]:
    documents = getattr(owner, "public_documents", None)  # a Prefetch(..., to_attr="public_documents") of public()
    if documents is None:
        documents = Document.objects.public().filter(**lookup)
    return project(PublicDocument, documents)


def public_documents_prefetch() -> Prefetch:
    """What a list must prefetch so that `.documents` of its meetings or items costs no query per row."""
    return Prefetch("documents", queryset=Document.objects.public(), to_attr="public_documents")


class PublicMeeting(Projection):
    model = Meeting
    fields = (
        "pk",
        "id",
        "body_id",
        "start",
        "end",
        "status",
        "get_status_display",
        "is_public",
        "is_cancelled",
        "has_agenda",
        "agenda_published_at",
        "agenda_changed_at",
        "times_in_range",
        "sequence",
        "created_at",
        "updated_at",
        "get_absolute_url",
    )
    texts = ("place", "status_note")

    @cached_property
    def body(self) -> PublicBody:
        return PublicBody(self._obj.body)

    @cached_property
    def documents(self) -> list[PublicDocument]:
        """The meeting's own published documents (not its items'), once the agenda is out."""
        if not self._obj.has_agenda:
            return []
        return _public_documents(self._obj, meeting=self._obj)

    @cached_property
    def protocols(self) -> list[PublicProtocol]:
        """The posted versions of the meeting's protocol, oldest first (a `Prefetch(..., to_attr="posted_protocols")`
        of `Protocol.objects.posted()` makes this free per row)."""
        protocols = getattr(self._obj, "posted_protocols", None)
        if protocols is None:
            protocols = Protocol.objects.posted().filter(meeting=self._obj).select_related("posting")
            protocols = protocols.order_by("version")
        return project(PublicProtocol, protocols)

    @cached_property
    def items(self) -> list[PublicAgendaItem]:
        """The agenda, once published: every item, a non-public one as "Sekretessärende"."""
        if not self._obj.has_agenda:
            return []
        items = getattr(self._obj, "agenda_items", None)  # a Prefetch(..., to_attr="agenda_items")
        if items is None:
            items = AgendaItem.objects.filter(meeting=self._obj).prefetch_related(public_documents_prefetch())
        return [PublicAgendaItem(item) for item in items]


class PublicAgendaItem(Projection):
    """A listed agenda item (the caller's QuerySet is `on_published_agendas()` or a published meeting's items); a
    non-public one is its number and "Sekretessärende"."""

    model = AgendaItem
    fields = ("pk", "id", "meeting_id", "position", "is_public", "is_secret")
    texts = ("number", "title", "proposal")
    public_flag = "is_public"
    kept_when_secret = ("number",)
    verbatim = ("case_number",)

    @cached_property
    def case_number(self) -> str:
        return "" if self.is_secret else self._obj.case_number

    @cached_property
    def case_url(self) -> str:
        """The case page of the item's diarienummer; a secret item links to no case (select_related("case"))."""
        return "" if self.is_secret or self._obj.case_id is None else self._obj.case.get_absolute_url()

    @cached_property
    def documents(self) -> list[PublicDocument]:
        if self.is_secret:
            return []
        return _public_documents(self._obj, agenda_item=self._obj)

    @cached_property
    def meeting(self) -> PublicMeeting:
        return PublicMeeting(self._obj.meeting)

    @property
    def anchor(self) -> str:
        return f"arende-{self._obj.pk}"

    def get_absolute_url(self) -> str:
        return f"{self._obj.meeting.get_absolute_url()}#{self.anchor}"


class PublicDocument(Projection):
    model = Document
    fields = (
        "pk",
        "id",
        "meeting_id",
        "agenda_item_id",
        "kind",
        "get_kind_display",
        "content_type",
        "size",
        "pages",
        "sha256",
        "created_at",
        "text_extracted_at",
        "filename",
        "get_absolute_url",
    )
    texts = ("title", "text")  # `text` is the extracted text, masked like everything else: search and the API read it
    hidden = ("file", "reading_error")

    @classmethod
    def of(cls, document: Document | None) -> PublicDocument | None:
        return cls(document) if document is not None and document.is_published else None

    @cached_property
    def owner_meeting_id(self) -> int:
        """The meeting the document belongs to, directly or through its agenda item (select the item with it)."""
        return self._obj.meeting_id or self._obj.agenda_item.meeting_id

    @cached_property
    def page_texts(self) -> list[str]:
        """The masked text page by page (the extracted text separates pages with form feeds)."""
        return self.text.split("\f") if self.text else []


class PublicProtocol(Projection):
    """A posted protocol version. A name marked with `[[ ]]` anywhere in it is masked everywhere in it."""

    model = Protocol
    fields = (
        "pk",
        "id",
        "meeting_id",
        "version",
        "adjusted_on",
        "created_at",
        "updated_at",
        "is_adjusted",
        "is_posted",
        "status",
        "adjustment_method",
        "get_adjustment_method_display",
        "adjustment_round",
        "get_absolute_url",
    )
    texts = ("correction_note", "chair", "secretary")
    lists = ("adjusters", "members", "substitutes", "officials")
    hidden = ("pdf", "adjustment_digest")

    @classmethod
    def of(cls, protocol: Protocol | None) -> PublicProtocol | None:
        return cls(protocol) if protocol is not None and protocol.is_posted else None

    @cached_property
    def _paragraph_rows(self) -> list[ProtocolParagraph]:
        return list(self._obj.paragraphs.all())

    @cached_property
    def _protocol_names(self) -> tuple[str, ...]:
        return protocol_names(self._obj, self._paragraph_rows)

    def _mask_names(self) -> tuple[str, ...]:
        return self._protocol_names

    @property
    def marked_names(self) -> tuple[str, ...]:
        """The names marked once and masked wherever they appear in the protocol (for the secretary's preview)."""
        return self._protocol_names

    @cached_property
    def paragraphs(self) -> list[PublicParagraph]:
        return [PublicParagraph(paragraph, self._protocol_names) for paragraph in self._paragraph_rows]

    @cached_property
    def attendance(self) -> list[PublicAttendance]:
        """The roster as the protocol records it, present first (prefetch `attendance` with
        `ATTENDANCE_RELATED` selected to make this one query)."""
        rows = sorted(self._obj.attendance.all(), key=lambda row: (not row.is_present, row.position, row.pk))
        return [PublicAttendance(row) for row in rows]

    @cached_property
    def chair_attendance(self) -> PublicAttendance | None:
        return next((row for row in self.attendance if row.is_chair), None)

    @cached_property
    def adjuster_attendance(self) -> list[PublicAttendance]:
        return [row for row in self.attendance if row.is_adjuster]

    @cached_property
    def approvals(self) -> list[PublicAdjustmentApproval]:
        """The justering as printed: who approved, as what and when, in the round that adjusted the protocol."""
        if self._obj.adjustment_method != Protocol.AdjustmentMethod.DIGITAL:
            return []
        rows = [
            approval
            for approval in self._obj.approvals.all()
            if approval.round == self._obj.adjustment_round
            and approval.decision == AdjustmentApproval.Decision.APPROVED
        ]
        return [PublicAdjustmentApproval(approval) for approval in rows]

    @cached_property
    def meeting(self) -> PublicMeeting:
        return PublicMeeting(self._obj.meeting)

    @cached_property
    def posting(self) -> PublicPosting:
        return PublicPosting(self._obj.posting, protocol=self)


def protocol_names(protocol: Protocol, paragraphs: Iterable[ProtocolParagraph]) -> tuple[str, ...]:
    """Every span marked with `[[ ]]` in any text of the protocol: masked wherever else it appears in it."""
    texts = [getattr(protocol, name) for name in (*PublicProtocol.texts, *PublicProtocol.lists)]
    for paragraph in paragraphs:
        texts.extend(getattr(paragraph, name) for name in PublicParagraph.texts)
        for projection, related in PublicParagraph.parts.items():
            for row in getattr(paragraph, related).all():
                texts.extend(getattr(row, name) for name in projection.texts)
    return marked_names(*texts)


class PublicParagraph(Projection):
    """A paragraph of a posted protocol; build it through `PublicProtocol.paragraphs`, which knows the protocol's
    marked names. A non-public one is its number and "Sekretessärende"."""

    model = ProtocolParagraph
    fields = ("pk", "id", "number", "position", "is_public", "is_secret", "protocol_id")
    texts = ("title", "matter", "procedure", "decision", "reservations")
    public_flag = "is_public"
    verbatim = ("case_number",)
    parts: ClassVar[dict[type[Projection], str]]  # set below: each part's projection and related name

    @cached_property
    def proposals(self) -> list[PublicProposal]:
        return self._parts(PublicProposal)

    @cached_property
    def votes(self) -> list[PublicVote]:
        return self._parts(PublicVote)

    @cached_property
    def statements(self) -> list[PublicStatement]:
        return self._parts(PublicStatement)

    @property
    def reservation_statements(self) -> list[PublicStatement]:
        return [row for row in self.statements if row.kind == Statement.Kind.RESERVATION]

    @property
    def note_statements(self) -> list[PublicStatement]:
        return [row for row in self.statements if row.kind == Statement.Kind.NOTE]

    def _parts(self, projection: type[Projection]) -> list[Any]:
        """Proposals, votes or statements of the paragraph, masked with the protocol's marked names; a secret paragraph
        has none (prefetch them with `PARAGRAPH_PARTS_PREFETCH` to make this free per paragraph)."""
        if self.is_secret:
            return []
        rows = getattr(self._obj, PublicParagraph.parts[projection]).all()
        return [projection(row, self._given_names) for row in rows]

    @cached_property
    def case_number(self) -> str:
        return "" if self.is_secret else self._obj.case_number

    @cached_property
    def case_url(self) -> str:
        return "" if self.is_secret or self._obj.case_id is None else self._obj.case.get_absolute_url()

    @cached_property
    def agenda_item_id(self) -> int | None:
        return None if self.is_secret else self._obj.agenda_item_id

    @cached_property
    def outcome(self) -> str:
        """Where the decision leaves the case (a choice), nothing for a secret paragraph."""
        return "" if self.is_secret else self._obj.outcome

    @cached_property
    def get_outcome_display(self) -> str:
        return "" if self.is_secret or not self._obj.outcome else str(self._obj.get_outcome_display())

    @property
    def is_final(self) -> bool:
        return self.outcome == ProtocolParagraph.Outcome.FINAL

    @cached_property
    def forwarded_to_body(self) -> PublicBody | None:
        """The body a forwarded decision went to, as a proposal on its agenda (`protocol_prefetch()` selects it)."""
        if self.is_secret or self._obj.forwarded_to_id is None:
            return None
        return PublicBody(self._obj.forwarded_to.meeting.body)


class PublicPosting(Projection):
    model = Posting
    fields = (
        "pk",
        "id",
        "posted_on",
        "appeal_last_day",
        "taken_down_on",
        "taken_down_at",
        "created_at",
        "protocol_id",
    )

    def __init__(self, obj: Posting, protocol: PublicProtocol | None = None) -> None:
        super().__init__(obj)
        if protocol is not None:
            self.__dict__["protocol"] = protocol

    @cached_property
    def protocol(self) -> PublicProtocol:
        return PublicProtocol(self._obj.protocol)


class PublicNotice(Projection):
    """A notice on the board other than a protocol's (`Notice`); pass `Notice.objects.posted()`, `.current()` or
    `.archived()`.
    A council meeting's notice has no text of its own: its matters are the published agenda's items (`meeting`)."""

    model = Notice
    fields = (
        "pk",
        "id",
        "kind",
        "get_kind_display",
        "body_id",
        "meeting_id",
        "decided_on",
        "posted_on",
        "appeal_last_day",
        "taken_down_on",
        "taken_down_at",
        "created_at",
        "get_absolute_url",
    )
    texts = ("title", "text", "decided_by", "legal_basis", "file_text")
    verbatim = ("case_number",)

    @cached_property
    def case_number(self) -> str:
        return self._obj.case_number

    @cached_property
    def case_url(self) -> str:
        """The case page of the notice's diarienummer, only if the case has one (a case never handled in public has
        none): pass the rows through `case_steps.with_public_case`, else there is no link."""
        if self._obj.case_id is None or not getattr(self._obj, "case_is_public", False):
            return ""
        return self._obj.case.get_absolute_url()

    @property
    def case_key(self) -> str | None:
        """The case's key in the API (/api/v1/cases/<key>/), on the same terms as `case_url`."""
        return self._obj.case.key if self.case_url else None

    @cached_property
    def body(self) -> PublicBody | None:
        return PublicBody(self._obj.body) if self._obj.body_id else None

    @cached_property
    def meeting(self) -> PublicMeeting | None:
        return PublicMeeting(self._obj.meeting) if self._obj.meeting_id else None

    @property
    def has_file(self) -> bool:
        return bool(self._obj.file)

    @property
    def filename(self) -> str:
        """The PDF's name in its address and download, from the masked title: a personnummer never reaches a URL."""
        return f"{slugify(self.title.line)[:80] or 'anslag'}.pdf"

    @property
    def file_url(self) -> str:
        if not self.has_file:
            return ""
        return reverse("meetings:notice_file", kwargs={"pk": self._obj.pk, "filename": self.filename})


@dataclass
class PublicCaseStep:
    """One meeting in a case's path: the agenda item (the proposal, the documents) and the paragraph (the decision)
    that name the case there, either of which may be missing (an agenda not yet decided, a paragraph without item)."""

    meeting: PublicMeeting
    item: PublicAgendaItem | None
    paragraph: PublicParagraph | None
    protocol: PublicProtocol | None

    @property
    def is_final(self) -> bool:
        return self.paragraph is not None and self.paragraph.is_final


class PublicCase(Projection):
    """A case as citizens see it: its number and the public steps that name it. The registrar's `title` is staff's
    (a case may have been created from a secret item); the public title is that of the case's first public step,
    already masked, which the caller passes in (`meetings.case_steps`), or nothing."""

    model = Case
    fields = ("pk", "id", "key", "prefix", "serial", "year", "number", "created_at", "get_absolute_url")
    hidden = ("title",)

    def __init__(self, obj: Case, title: PublicText | None = None) -> None:
        super().__init__(obj)
        self.__dict__["title"] = title if title is not None else PublicText("")


# --- the elected, attendance and votes ---------------------------------------------------------------------------


class PublicParty(Projection):
    model = Party
    fields = ("pk", "id", "position")
    texts = ("name", "abbreviation")


class PublicPerson(Projection):
    """An elected person. Their name is masked like any staff text (a personnummer typed as a name is not shown)."""

    model = Person
    fields = ("pk", "id", "slug", "party_id", "public_email", "is_example", "get_absolute_url")
    texts = ("name",)

    @cached_property
    def party(self) -> PublicParty | None:
        return PublicParty(self._obj.party) if self._obj.party_id else None


class PublicMembership(Projection):
    model = Membership
    fields = (
        "pk",
        "id",
        "person_id",
        "body_id",
        "role",
        "get_role_display",
        "party_id",
        "start",
        "end",
        "is_ledamot",
    )

    @cached_property
    def person(self) -> PublicPerson:
        return PublicPerson(self._obj.person)

    @cached_property
    def body(self) -> PublicBody:
        return PublicBody(self._obj.body)

    @cached_property
    def party(self) -> PublicParty | None:
        return PublicParty(self._obj.party) if self._obj.party_id else None


def _membership(membership: Membership | None) -> PublicMembership | None:
    return PublicMembership(membership) if membership is not None else None


class PublicAttendance(Projection):
    """A row of a posted protocol's attendance table."""

    model = Attendance
    fields = (
        "pk",
        "id",
        "protocol_id",
        "membership_id",
        "status",
        "get_status_display",
        "is_present",
        "serving_for_id",
        "from_paragraph",
        "to_paragraph",
        "is_chair",
        "is_adjuster",
        "position",
        "present_at",
        "serves_at",
    )

    @cached_property
    def membership(self) -> PublicMembership:
        return PublicMembership(self._obj.membership)

    @cached_property
    def serving_for(self) -> PublicMembership | None:
        return _membership(self._obj.serving_for)


class PublicProposal(Projection):
    model = Proposal
    fields = ("pk", "id", "paragraph_id", "membership_id", "position")
    texts = ("text",)

    @cached_property
    def membership(self) -> PublicMembership | None:
        return _membership(self._obj.membership)


class PublicVote(Projection):
    model = Vote
    fields = ("pk", "id", "paragraph_id", "yes_count", "no_count", "abstain_count", "position")
    texts = ("question", "outcome")

    @property
    def is_closed(self) -> bool:
        """A sluten omröstning (the model's `is_secret`; `Projection.is_secret` means a secret paragraph)."""
        return self._obj.is_secret

    @cached_property
    def ballots(self) -> list[PublicBallot]:
        """Each member's vote; a closed vote (sluten omröstning) has only its counts."""
        if self._obj.is_secret:
            return []
        return [PublicBallot(ballot) for ballot in self._obj.ballots.all()]


class PublicBallot(Projection):
    model = Ballot
    fields = ("pk", "id", "vote_id", "membership_id", "choice", "get_choice_display")

    @cached_property
    def membership(self) -> PublicMembership:
        return PublicMembership(self._obj.membership)


class PublicStatement(Projection):
    model = Statement
    fields = ("pk", "id", "paragraph_id", "membership_id", "kind", "get_kind_display", "position")
    texts = ("text",)

    @cached_property
    def membership(self) -> PublicMembership:
        return PublicMembership(self._obj.membership)


class PublicAdjustmentApproval(Projection):
    """Who approved the protocol in the round that adjusted it, and when; a comment is between them and the
    secretary."""

    model = AdjustmentApproval
    fields = ("pk", "id", "protocol_id", "round", "role", "get_role_display", "decision", "method", "at", "person_id")
    hidden = ("comment", "signature", "digest")

    @cached_property
    def person(self) -> PublicPerson:
        return PublicPerson(self._obj.person)


PublicParagraph.parts = {PublicProposal: "proposals", PublicVote: "votes", PublicStatement: "statements"}

# What a protocol page selects so that the attendance table and every paragraph's parts cost a fixed number of
# queries however many members or paragraphs.
MEMBERSHIP_RELATED = ("membership__person__party", "membership__party", "membership__body")
ATTENDANCE_RELATED = (*MEMBERSHIP_RELATED, "serving_for__person__party", "serving_for__party", "serving_for__body")


def paragraph_parts_prefetch() -> list[Prefetch]:
    return [
        Prefetch("proposals", queryset=Proposal.objects.select_related(*MEMBERSHIP_RELATED)),
        Prefetch(
            "votes",
            queryset=Vote.objects.prefetch_related(
                Prefetch("ballots", queryset=Ballot.objects.select_related(*MEMBERSHIP_RELATED))
            ),
        ),
        Prefetch("statements", queryset=Statement.objects.select_related(*MEMBERSHIP_RELATED)),
    ]


def protocol_paragraphs_prefetch() -> Prefetch:
    """A protocol's paragraphs in order, with what `PublicParagraph` reads of them (case links, where a decision went,
    proposals, votes and statements): all of them, since the protocol's marked names are collected from all."""
    return Prefetch(
        "paragraphs",
        queryset=ProtocolParagraph.objects.order_by("position", "number")
        .select_related("case", "forwarded_to__meeting__body")
        .prefetch_related(*paragraph_parts_prefetch()),
    )


def protocol_prefetch() -> list[Prefetch | str]:
    """What to prefetch on a Protocol QuerySet for `PublicProtocol` with its attendance, paragraphs and votes."""
    return [
        Prefetch("attendance", queryset=Attendance.objects.select_related(*ATTENDANCE_RELATED)),
        protocol_paragraphs_prefetch(),
        Prefetch("approvals", queryset=AdjustmentApproval.objects.select_related("person__party")),
    ]
