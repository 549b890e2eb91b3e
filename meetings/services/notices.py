"""Workflows of the notice board (anslagstavla): council meeting notices, delegation decisions, other notices, and
taking postings down when their time is over. See docs/0016-notice-board.md for the law behind each.

Each is keyword-only and atomic, runs `full_clean()` before saving and refuses with a Swedish `ValidationError` that
names the field. The dates a notice announces are fixed once it is on the board: an appeal time that has started
must not be shortened by an edit, so date changes are refused after the posting day (text may still be corrected;
the history keeps every version).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.statutory_time import appeal_last_day, notice_taken_down_on

from ..models import Body, Meeting, Notice, Posting
from ..pdf import PdfError, check_upload, identity_number_places, read_pdf

__all__ = [
    "COUNCIL_NOTICE_DAYS",
    "delegation_notice_create",
    "delegation_notice_update",
    "meeting_notice_follow",
    "meeting_notice_last_day",
    "meeting_notice_post",
    "meeting_notice_withdraw",
    "notice_board_take_down",
    "notice_delete",
    "other_notice_create",
    "other_notice_update",
]

# Kommunallagen 5 kap.: a council meeting is announced on the board at least one week before the meeting day.
COUNCIL_NOTICE_DAYS = 7
# A posting day may be yesterday (a notice prepared in the evening and saved after midnight), never earlier: the
# appeal time runs from the posting day, so a day further back would announce an appeal time already partly gone.
POSTED_ON_GRACE_DAYS = 1


def _set_history_user(obj, user) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user


# --- council meetings (Kommunallagen 5 kap. 11–13 §) -----------------------------------------------------------------


def _meeting_day(meeting: Meeting) -> date:
    return timezone.localtime(meeting.start).date()


def meeting_notice_last_day(meeting: Meeting) -> date:
    """The last day the notice of a council meeting may be posted in the ordinary way: a week before the meeting day."""
    return _meeting_day(meeting) - timedelta(days=COUNCIL_NOTICE_DAYS)


def meeting_notice_post(*, meeting: Meeting, urgent: bool = False) -> Notice | None:
    """Post the notice (kungörelse) of a council meeting whose agenda has just been published. Other bodies' meetings
    have none. Called by `agenda_publish` inside its transaction.

    The notice holds no text of its own: the board shows the meeting's time and place and its published agenda at
    display time. It is on the board from today until the day after the meeting. Posted later than a week before the
    meeting day it is refused, naming the last day it could have been posted, unless `urgent` (the board then says
    that the matters are announced late because they are urgent); on or after the meeting day it is refused even
    so. A meeting has one notice: an agenda withdrawn takes it away (`meeting_notice_withdraw`), and one changed after
    posting is shown as changed, with the day (views.notices)."""
    if meeting.body.kind != Body.Kind.COUNCIL:
        return None
    existing = Notice.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    meeting_day = _meeting_day(meeting)
    last_day = meeting_notice_last_day(meeting)
    if today >= meeting_day:
        raise ValidationError(
            _(
                "Kungörelsen av fullmäktiges sammanträde kan inte anslås: även ett brådskande ärende ska kungöras "
                "senast dagen före sammanträdesdagen (kommunallagen 5 kap. 13 §), och sammanträdet är %(day)s."
            )
            % {"day": sv_date(meeting_day)},
            code="notice_too_late",
        )
    if today > last_day and not urgent:
        raise ValidationError(
            _(
                "Kungörelsen av fullmäktiges sammanträde ska anslås på anslagstavlan minst en vecka före "
                "sammanträdesdagen (kommunallagen 5 kap. 12 §). Sista dag att anslå den var %(last)s. Är ärendena "
                "brådskande får de kungöras senare, senast dagen före sammanträdet: publicera då ärendelistan som "
                "brådskande."
            )
            % {"last": sv_date(last_day)},
            code="notice_too_late",
        )
    notice = Notice(
        kind=Notice.Kind.MEETING,
        body=meeting.body,
        meeting=meeting,
        posted_on=today,
        taken_down_on=meeting_day + timedelta(days=1),
    )
    notice.full_clean()
    notice.save()
    return notice


def meeting_notice_follow(*, meeting: Meeting) -> Notice | None:
    """After a council meeting is moved: its notice stays up until the day after the new meeting day (the posting
    day is what was announced and is kept). A move that would leave a notice posted in time less than a week before
    the meeting is refused. For `meeting_move` to call inside its transaction (a refusal undoes the move); nothing for
    a meeting without a notice or one already taken down."""
    notice = Notice.objects.filter(meeting=meeting, taken_down_at__isnull=True).first()
    if notice is None:
        return None
    # A notice posted a week ahead must not become one posted late by the move: the board would then say the matters
    # are urgent, which nobody decided. (One already posted late, as urgent, stays so.)
    earlier_day = notice.taken_down_on - timedelta(days=1)
    was_in_time = notice.posted_on <= earlier_day - timedelta(days=COUNCIL_NOTICE_DAYS)
    if was_in_time and notice.posted_on > meeting_notice_last_day(meeting):
        raise ValidationError(
            _(
                "Sammanträdet kan inte flyttas till %(day)s: kungörelsen anslogs %(posted)s, och fullmäktiges "
                "sammanträden kungörs minst en vecka före sammanträdesdagen (kommunallagen 5 kap. 12 §). Välj en dag "
                "från och med %(first)s, eller ställ in sammanträdet och publicera en ny ärendelista som brådskande."
            )
            % {
                "day": sv_date(_meeting_day(meeting)),
                "posted": sv_date(notice.posted_on),
                "first": sv_date(notice.posted_on + timedelta(days=COUNCIL_NOTICE_DAYS)),
            },
            code="notice_too_late",
        )
    taken_down_on = _meeting_day(meeting) + timedelta(days=1)
    if taken_down_on > notice.posted_on and taken_down_on != notice.taken_down_on:
        notice.taken_down_on = taken_down_on
        notice.save(update_fields=["taken_down_on"])
    return notice


def meeting_notice_withdraw(*, meeting: Meeting) -> None:
    """Undo `meeting_notice_post` with the publication it belonged to (`agenda_publish` could not queue its alerts
    and withdrew the agenda): publishing again posts the notice anew, on that day."""
    Notice.objects.filter(meeting=meeting, kind=Notice.Kind.MEETING).delete()


# --- shared checks ----------------------------------------------------------------------------------------------------


def _check_posted_on(posted_on: date | None, today: date) -> None:
    if posted_on is None:
        raise ValidationError({"posted_on": _("Anslaget publicerat: ange den dag anslaget publiceras.")})
    earliest = today - timedelta(days=POSTED_ON_GRACE_DAYS)
    if posted_on < earliest:
        raise ValidationError(
            {
                "posted_on": _(
                    "Anslaget publicerat: dagen får inte ligga längre bak än %(earliest)s. Överklagandetiden räknas "
                    "från den dag anslaget publiceras, så ett tidigare datum skulle säga att en del av den redan har "
                    "gått."
                )
                % {"earliest": sv_date(earliest)}
            }
        )


def _refuse_date_changes(notice: Notice, changed: dict[str, tuple[date | None, date | None]], today: date) -> None:
    """After the posting day the dates are what the board has announced: refuse any change of them, naming it."""
    if notice.taken_down_at is not None:
        raise ValidationError(_("Anslaget är nedtaget och finns i arkivet; det kan inte ändras."), code="taken_down")
    if notice.posted_on > today:
        return
    errors = {}
    for field, (old, new) in changed.items():
        if old != new:
            label = str(Notice._meta.get_field(field).verbose_name).capitalize()
            errors[field] = _(
                "%(label)s: anslaget publicerades %(posted)s och datumen kan inte ändras efter det, eftersom "
                "överklagandetiden då redan räknas. Gör ett nytt anslag om något datum var fel."
            ) % {"label": label, "posted": sv_date(notice.posted_on)}
    if errors:
        raise ValidationError(errors)


def _save(notice: Notice, user) -> Notice:
    notice.full_clean()
    _set_history_user(notice, user)
    notice.save()
    return notice


# --- delegation decisions (Kommunallagen 6 kap. 40 §, 8 kap. 12 §, 13 kap. 5 §) --------------------------------------


def _require_title(title: str) -> None:
    if not (title or "").strip():
        raise ValidationError({"title": _("Rubrik: skriv vad anslaget gäller.")})


def _delegation_fields(notice: Notice, *, title, text, case_number, decided_on, decided_by, posted_on) -> None:
    _require_title(title)
    if not (decided_by or "").strip():
        raise ValidationError({"decided_by": _("Beslutat av (befattning): skriv vilken delegat som fattade beslutet.")})
    if decided_on is None:
        raise ValidationError({"decided_on": _("Beslutsdatum: ange den dag beslutet fattades.")})
    notice.title, notice.text, notice.decided_by = title, text, decided_by
    notice.case_number = " ".join((case_number or "").split())
    notice.decided_on, notice.posted_on = decided_on, posted_on
    if decided_on is not None and posted_on is not None and decided_on > posted_on:
        raise ValidationError(
            {
                "decided_on": _(
                    "Beslutsdatum: beslutet (%(decided)s) kan inte vara fattat efter den dag anslaget publiceras "
                    "(%(posted)s)."
                )
                % {"decided": sv_date(decided_on), "posted": sv_date(posted_on)}
            }
        )
    if posted_on is not None:
        notice.appeal_last_day = appeal_last_day(posted_on)
        notice.taken_down_on = notice_taken_down_on(posted_on)


@transaction.atomic
def delegation_notice_create(
    *, body: Body, title: str, text: str, case_number: str, decided_on: date, decided_by: str, posted_on: date, user
) -> Notice:
    """Announce a delegation decision that is not reported to the body: the appeal time runs three weeks from the
    posting day (the last day moved past weekends and holidays), and the notice stays up through that last day."""
    _check_posted_on(posted_on, timezone.localdate())
    notice = Notice(kind=Notice.Kind.DELEGATION, body=body, created_by=user)
    _delegation_fields(
        notice,
        title=title,
        text=text,
        case_number=case_number,
        decided_on=decided_on,
        decided_by=decided_by,
        posted_on=posted_on,
    )
    return _save(notice, user)


@transaction.atomic
def delegation_notice_update(
    *,
    notice: Notice,
    title: str,
    text: str,
    case_number: str,
    decided_on: date,
    decided_by: str,
    posted_on: date,
    user,
    body: Body | None = None,
) -> Notice:
    """Change a delegation decision's notice (`body` too, when given: the caller checks the user may post for it).
    Dates are fixed once the notice is on the board."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk, kind=Notice.Kind.DELEGATION)
    if body is not None:
        notice.body = body
    today = timezone.localdate()
    _refuse_date_changes(
        notice, {"posted_on": (notice.posted_on, posted_on), "decided_on": (notice.decided_on, decided_on)}, today
    )
    if posted_on != notice.posted_on:
        _check_posted_on(posted_on, today)
    _delegation_fields(
        notice,
        title=title,
        text=text,
        case_number=case_number,
        decided_on=decided_on,
        decided_by=decided_by,
        posted_on=posted_on,
    )
    return _save(notice, user)


# --- other notices (kungörelser under other laws) ---------------------------------------------------------------------


def _read_notice_pdf(file, title: str) -> tuple[bytes, str]:
    """The PDF as stored (without what a reader would run) and its text; refused if too large, not a readable PDF,
    holding a personnummer or with pages nobody could read (a notice has no step to confirm such pages)."""
    content = file.read() if hasattr(file, "read") else bytes(file)
    name = title or _("PDF-filen")
    if len(content) > settings.DOCUMENT_MAX_UPLOAD_BYTES:
        limit_mb = f"{settings.DOCUMENT_MAX_UPLOAD_BYTES / (1024 * 1024):g}".replace(".", ",")
        raise ValidationError(
            {"file": _("Fil (PDF): filen är för stor, högst %(limit)s MB är tillåtet.") % {"limit": limit_mb}}
        )
    try:
        upload = check_upload(content)
        info = read_pdf(upload.content)
    except PdfError as exc:
        raise ValidationError({"file": _("Fil (PDF): %(reason)s") % {"reason": exc.about(name)}}) from exc
    if info.unread_pages:
        pages = ", ".join(str(page) for page in info.unread_pages)
        raise ValidationError(
            {
                "file": _(
                    "Fil (PDF): sidan eller sidorna %(pages)s har ingen text som kan läsas, så portalen kan inte se "
                    "om de innehåller personnummer. Ladda upp en PDF med textlager (inte en inskannad bild)."
                )
                % {"pages": pages}
            }
        )
    places = identity_number_places(info.page_texts, info.metadata)
    if places:
        where = [str(place.page) for place in places if place.page is not None]
        fields = [place.metadata_field for place in places if place.page is None]
        parts = []
        if where:
            parts.append(_("på sidan %(pages)s") % {"pages": ", ".join(where)})
        if fields:
            parts.append(_("i filens egenskaper (%(fields)s)") % {"fields": ", ".join(fields)})
        raise ValidationError(
            {
                "file": _(
                    "Fil (PDF): filen innehåller ett personnummer eller samordningsnummer %(where)s. Maskera det i "
                    "filen och ladda upp den igen."
                )
                % {"where": _(" och ").join(parts)}
            }
        )
    return upload.content, info.text


def _other_fields(notice: Notice, *, body, title, text, legal_basis, posted_on, taken_down_on) -> None:
    _require_title(title)
    if taken_down_on is None:
        raise ValidationError({"taken_down_on": _("Anslaget tas ned: ange den dag anslaget ska tas ned.")})
    notice.body, notice.title, notice.text, notice.legal_basis = body, title, text, legal_basis
    notice.posted_on, notice.taken_down_on = posted_on, taken_down_on
    if posted_on is not None and taken_down_on is not None and taken_down_on <= posted_on:
        raise ValidationError(
            {
                "taken_down_on": _(
                    "Anslaget tas ned: dagen måste komma efter den dag anslaget publiceras (%(posted)s)."
                )
                % {"posted": sv_date(posted_on)}
            }
        )


@transaction.atomic
def other_notice_create(
    *,
    body: Body | None = None,
    title: str,
    text: str,
    legal_basis: str,
    posted_on: date,
    taken_down_on: date,
    file=None,
    user,
) -> Notice:
    """Announce a notice that another law requires on the board (a plan notice under PBL, a traffic regulation …),
    with an optional PDF that is read and checked for personnummer before it is stored."""
    _check_posted_on(posted_on, timezone.localdate())
    notice = Notice(kind=Notice.Kind.OTHER, created_by=user)
    _other_fields(
        notice,
        body=body,
        title=title,
        text=text,
        legal_basis=legal_basis,
        posted_on=posted_on,
        taken_down_on=taken_down_on,
    )
    notice.full_clean(exclude=["file"])
    if file is not None:
        content, file_text = _read_notice_pdf(file, title)
        notice.file.save("anslag.pdf", ContentFile(content), save=False)
        notice.file_text = file_text
    try:
        return _save(notice, user)
    except Exception:
        if notice.file:
            notice.file.delete(save=False)  # no orphan file when the row could not be written
        raise


@transaction.atomic
def other_notice_update(
    *,
    notice: Notice,
    body: Body | None = None,
    title: str,
    text: str,
    legal_basis: str,
    posted_on: date,
    taken_down_on: date,
    file=None,
    user,
) -> Notice:
    """Change an other-law notice; a new PDF replaces the old one (checked like the first). Dates are fixed once the
    notice is on the board."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk, kind=Notice.Kind.OTHER)
    today = timezone.localdate()
    _refuse_date_changes(
        notice,
        {"posted_on": (notice.posted_on, posted_on), "taken_down_on": (notice.taken_down_on, taken_down_on)},
        today,
    )
    if posted_on != notice.posted_on:
        _check_posted_on(posted_on, today)
    _other_fields(
        notice,
        body=body,
        title=title,
        text=text,
        legal_basis=legal_basis,
        posted_on=posted_on,
        taken_down_on=taken_down_on,
    )
    notice.full_clean(exclude=["file"])
    old_file = notice.file.name if notice.file else ""
    if file is not None:
        content, file_text = _read_notice_pdf(file, title)
        notice.file.save("anslag.pdf", ContentFile(content), save=False)
        notice.file_text = file_text
    try:
        _save(notice, user)
    except Exception:
        if file is not None and notice.file:
            notice.file.delete(save=False)
        raise
    if file is not None and old_file:
        storage = notice.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return notice


@transaction.atomic
def notice_delete(*, notice: Notice, user) -> None:
    """Withdraw a delegation decision or other notice before its posting day; once on the board it stays (an appeal
    time has started), and a mistake is put right by a new notice. A council meeting's notice follows its agenda."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.kind == Notice.Kind.MEETING:
        raise ValidationError(
            _("Kungörelsen av ett sammanträde hör till ärendelistan och kan inte tas bort här."), code="meeting"
        )
    if notice.posted_on <= timezone.localdate():
        raise ValidationError(
            _(
                "Anslaget publicerades %(posted)s och kan inte tas bort: det ska sitta uppe tills det tas ned "
                "%(down)s. Gör ett nytt anslag med rättelsen om något var fel."
            )
            % {"posted": sv_date(notice.posted_on), "down": sv_date(notice.taken_down_on)},
            code="posted",
        )
    file = notice.file
    _set_history_user(notice, user)
    notice.delete()
    if file:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


# --- taking down (Kommunallagen 8 kap. 12 §: not before the appeal time is over) -------------------------------------


@transaction.atomic
def notice_board_take_down(*, today: date | None = None) -> int:
    """Take down every posting and notice whose take-down day has come (`taken_down_on <= today`) and that is still
    on the board; they move to the archive. Idempotent: run daily by the periodic task (meetings.tasks), and safe to
    run again the same day or after days it did not run. Returns how many were taken down."""
    today = today or timezone.localdate()
    now = timezone.now()
    count = 0
    for model in (Posting, Notice):
        # Saved one by one, not update(): each take-down is a row of the posting's history. A handful a day.
        for posting in model.objects.filter(taken_down_on__lte=today, taken_down_at__isnull=True):
            posting.taken_down_at = now
            posting.save(update_fields=["taken_down_at"])
            count += 1
    return count
