"""Atom feeds of what the bodies publish: agendas and protocols posted on the notice board, newest first.

An entry only ever says what is public anyway: the body, the date, the place and how many public items an agenda
has — never the title of an item that is not public. An agenda changed after it was published
(`Meeting.agenda_changed_at`) is the same entry, updated: its title says "(ändrad)" and its `updated` is the change.
Entries are built from the public projections (`meetings.public`), so the place and the note on a cancellation are
masked, and every summary is plain text, sent as `type="text"`: nothing a secretary typed is ever read by a feed
reader as HTML.

A meeting whose times lie outside the portal's dates (a row written past the validators and the database constraint)
is left out, with its protocols, and logged: its date cannot be shown, and one such row must not break the feed for
every reader (see meetings.ical for why it is not clamped instead).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orebro_portal.lib.formatting import sv_date, sv_datetime

from .alerts import agenda_title, protocol_title
from .models import Body, Meeting, Posting
from .public import PublicBody, PublicMeeting, PublicPosting

MAX_ENTRIES = 50
logger = logging.getLogger(__name__)
# The date in the tag URIs (RFC 4151): a day the municipality held the domain. Fixed for ever, like the ids.
TAG_DATE = "2024"


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    description: str
    link: str
    date: datetime  # published
    updated: datetime | None = None  # changed since (an agenda changed after it was published)

    @property
    def last_change(self) -> datetime:
        return self.updated or self.date


def _agenda_entry(meeting: Meeting) -> Entry:
    public = PublicMeeting(meeting)
    parts = [
        _("Sammanträdet börjar %(when)s.") % {"when": sv_datetime(public.start)},
    ]
    if public.place:
        parts.append(_("Plats: %(place)s.") % {"place": public.place.line})
    if public.status in (Meeting.Status.CANCELLED, Meeting.Status.MOVED):
        parts.append(_("Sammanträdet är inställt.") if public.is_cancelled else _("Sammanträdet är flyttat."))
        if public.status_note:
            parts.append(public.status_note.line)
    # A count from the query, not staff text.
    public_items = meeting.public_items
    parts.append(
        ngettext(
            "Ärendelistan har %(count)s offentligt ärende.",
            "Ärendelistan har %(count)s offentliga ärenden.",
            public_items,
        )
        % {"count": public_items}
    )
    title = agenda_title(public)
    changed = public.agenda_changed_at
    if changed:
        # The same entry (same id), updated: a feed reader shows it again as changed.
        title = _("%(title)s (ändrad)") % {"title": title}
        parts.append(_("Ärendelistan ändrades %(when)s.") % {"when": sv_datetime(changed)})
    return Entry(
        guid=f"tag:{settings.PORTAL_ICAL_DOMAIN},{TAG_DATE}:arendelista/{public.pk}",
        title=title,
        description=" ".join(parts),
        link=public.get_absolute_url(),
        date=public.agenda_published_at,
        updated=changed,
    )


def _protocol_entry(posting: PublicPosting) -> Entry:
    protocol = posting.protocol
    description = _("Anslaget på anslagstavlan %(posted)s, sista dag för överklagande %(last)s.") % {
        "posted": sv_date(posting.posted_on),
        "last": sv_date(posting.appeal_last_day),
    }
    return Entry(
        guid=f"tag:{settings.PORTAL_ICAL_DOMAIN},{TAG_DATE}:protokoll/{protocol.meeting_id}/{protocol.version}",
        title=protocol_title(protocol),
        description=description + " " + _("Personuppgifter är maskerade."),
        link=protocol.get_absolute_url(),
        date=posting.created_at,
    )


def _shown(meeting: Meeting) -> bool:
    if meeting.times_in_range:
        return True
    logger.warning("Meeting %s left out of the feed: its time lies outside the portal's dates", meeting.pk)
    return False


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are text (RFC 4287 `type="text"`), escaped once by the XML writer.

    Django's Atom1Feed declares every summary `type="html"`, so a place written as `<b>x</b>` would reach the reader
    as markup; our summaries are sentences, and are sent as what they are."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def publication_entries(body: Body | None = None) -> list[Entry]:
    """The newest agendas and posted protocols together, in two queries however many there are."""
    meetings = (
        Meeting.objects.with_agenda()
        .select_related("body")
        .annotate(
            public_items=Count("items", filter=Q(items__is_public=True)),
            last_change=Coalesce("agenda_changed_at", "agenda_published_at"),
        )
        .order_by("-last_change", "-pk")
    )
    # No protocol text is shown (a correction note would need its protocol's paragraphs for the marked names).
    postings = Posting.objects.select_related("protocol__meeting__body").order_by("-created_at", "-pk")
    if body is not None:
        meetings = meetings.filter(body=body)
        postings = postings.filter(protocol__meeting__body=body)
    entries = [_agenda_entry(m) for m in meetings[:MAX_ENTRIES] if _shown(m)] + [
        _protocol_entry(PublicPosting(p)) for p in postings[:MAX_ENTRIES] if _shown(p.protocol.meeting)
    ]
    entries.sort(key=lambda entry: entry.last_change, reverse=True)
    return entries[:MAX_ENTRIES]


class AllPublicationsFeed(Feed):
    feed_type = PlainTextAtomFeed
    language = "sv"
    author_name = "Örebro kommun"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=900"  # feed readers poll; a quarter of an hour is fresh enough
        return response

    def title(self, obj=None) -> str:
        return _("Örebro kommun – ärendelistor och protokoll")

    def subtitle(self, obj=None) -> str:
        return _("Nya ärendelistor och anslagna protokoll från Kommunstyrelsen, dess utskott och övriga organ.")

    def link(self, obj=None) -> str:
        return reverse("meetings:home")

    def feed_guid(self, obj=None) -> str:
        return f"tag:{settings.PORTAL_ICAL_DOMAIN},{TAG_DATE}:flode"

    def items(self, obj=None) -> list[Entry]:
        return publication_entries()

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> datetime:
        return item.date

    def item_updateddate(self, item: Entry) -> datetime:
        return item.last_change


class BodyPublicationsFeed(AllPublicationsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Body, slug=slug)

    def title(self, obj: Body) -> str:
        return _("%(body)s – ärendelistor och protokoll") % {"body": PublicBody(obj).name.line}

    def subtitle(self, obj: Body) -> str:
        return _("Nya ärendelistor och anslagna protokoll från %(body)s i Örebro kommun.") % {
            "body": PublicBody(obj).name.line
        }

    def link(self, obj: Body) -> str:
        return obj.get_absolute_url()

    def feed_guid(self, obj: Body) -> str:
        return f"tag:{settings.PORTAL_ICAL_DOMAIN},{TAG_DATE}:flode/organ-{obj.pk}"

    def items(self, obj: Body) -> list[Entry]:
        return publication_entries(obj)
