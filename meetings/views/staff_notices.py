"""Staff pages of the notice board (/redigera/anslag/): delegation decisions and other notices, created, changed,
withdrawn before their posting day, and their history.

Who may do what (meetings.access.editable_notices / notice_for_edit): a secretary sees and edits the notices of the
bodies she is secretary of; a notice without a body (a notice of the municipality as a whole) is for administrators
only. Another body's notice answers 403, as everywhere in the staff area. The council meeting notices are made by
publishing the agenda and are not edited here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from orebro_portal.lib.formatting import sv_date

from .. import access, services
from ..forms import add_service_errors
from ..forms.notices import DelegationNoticeForm, OtherNoticeForm
from ..history import history_entries
from ..models import Body, Notice

NOTICES_PER_PAGE = 50


def _chosen_body(request, bodies) -> Body | None:
    """The body named by `?organ=` among the user's bodies; 403 for a body the user may not post for."""
    slug = request.GET.get("organ", "")
    if not slug:
        return bodies.first() if bodies.count() == 1 else None
    body = bodies.filter(slug=slug).first()
    if body is None:
        raise PermissionDenied
    return body


@require_safe
@access.secretary_required
def notice_list(request):
    today = timezone.localdate()
    notices = access.editable_notices(request.user).select_related("body").order_by("-posted_on", "-pk")
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("sida"))
    bodies = list(access.editable_bodies(request.user).order_by("position", "name"))
    return render(
        request,
        "staff/notice_list.html",
        {
            "page": page,
            "notices": page.object_list,
            "today": today,
            "bodies": bodies,
            "is_administrator": access.is_administrator(request.user),
        },
    )


def _delegation_arguments(data) -> dict:
    return {
        name: data[name]
        for name in ("body", "title", "text", "case_number", "decided_on", "decided_by", "posted_on")
        if name in data
    }


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def delegation_create(request):
    bodies = access.editable_bodies(request.user).order_by("position", "name")
    chosen = _chosen_body(request, bodies)
    form = DelegationNoticeForm(
        request.POST or None, bodies=bodies, initial={"body": chosen, "posted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.delegation_notice_create(user=request.user, **_delegation_arguments(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _notice_saved(notice))
            return redirect("staff:notice_list")
    return render(request, "staff/notice_form.html", {"form": form, "notice": None, "kind": Notice.Kind.DELEGATION})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def other_create(request):
    is_administrator = access.is_administrator(request.user)
    bodies = access.editable_bodies(request.user).order_by("position", "name")
    chosen = _chosen_body(request, bodies) if not is_administrator or request.GET.get("organ") else None
    form = OtherNoticeForm(
        request.POST or None,
        request.FILES or None,
        bodies=bodies,
        body_required=not is_administrator,
        initial={"body": chosen, "posted_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["body"] is None and not is_administrator:
            raise PermissionDenied
        try:
            notice = services.other_notice_create(user=request.user, **_other_arguments(data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _notice_saved(notice))
            return redirect("staff:notice_list")
    return render(request, "staff/notice_form.html", {"form": form, "notice": None, "kind": Notice.Kind.OTHER})


def _other_arguments(data) -> dict:
    return {
        name: data[name]
        for name in ("body", "title", "text", "legal_basis", "posted_on", "taken_down_on", "file")
        if name in data
    }


def _notice_saved(notice: Notice) -> str:
    if notice.appeal_last_day:
        return _(
            "Anslaget är sparat. Det publiceras %(posted)s; sista dag för överklagande är %(last)s och det tas ned "
            "%(down)s."
        ) % {
            "posted": sv_date(notice.posted_on),
            "last": sv_date(notice.appeal_last_day),
            "down": sv_date(notice.taken_down_on),
        }
    return _("Anslaget är sparat. Det publiceras %(posted)s och tas ned %(down)s.") % {
        "posted": sv_date(notice.posted_on),
        "down": sv_date(notice.taken_down_on),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def notice_edit(request, pk):
    notice = access.notice_for_edit(request.user, pk)
    if notice.taken_down_at is not None:
        messages.info(request, _("Anslaget är nedtaget och finns i arkivet; det kan inte ändras."))
        return redirect("staff:notice_list")
    posted = notice.posted_on <= timezone.localdate()
    bodies = access.editable_bodies(request.user).order_by("position", "name")
    if notice.kind == Notice.Kind.DELEGATION:
        initial = {
            "body": notice.body,
            "title": notice.title,
            "text": notice.text,
            "case_number": notice.case_number,
            "decided_on": notice.decided_on,
            "decided_by": notice.decided_by,
            "posted_on": notice.posted_on,
        }
        form = DelegationNoticeForm(request.POST or None, bodies=bodies, notice=notice, posted=posted, initial=initial)
    else:
        initial = {
            "body": notice.body,
            "title": notice.title,
            "text": notice.text,
            "legal_basis": notice.legal_basis,
            "posted_on": notice.posted_on,
            "taken_down_on": notice.taken_down_on,
        }
        form = OtherNoticeForm(
            request.POST or None,
            request.FILES or None,
            bodies=bodies,
            notice=notice,
            posted=posted,
            initial=initial,
            body_required=notice.body_id is not None or not access.is_administrator(request.user),
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if notice.kind == Notice.Kind.DELEGATION:
                # The body is among the user's bodies: the form offers no other.
                services.delegation_notice_update(notice=notice, user=request.user, **_delegation_arguments(data))
            else:
                services.other_notice_update(notice=notice, user=request.user, **_other_arguments(data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Anslaget är sparat."))
            return redirect("staff:notice_list")
    return render(
        request,
        "staff/notice_form.html",
        {"form": form, "notice": notice, "kind": notice.kind, "posted": posted},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def notice_delete(request, pk):
    notice = access.notice_for_edit(request.user, pk)
    errors = []
    if request.method == "POST":
        try:
            services.notice_delete(notice=notice, user=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Anslaget ”%(title)s” är borttaget.") % {"title": notice.title})
            return redirect("staff:notice_list")
    posted = notice.posted_on <= timezone.localdate()
    return render(request, "staff/notice_delete.html", {"notice": notice, "errors": errors, "posted": posted})


@require_safe
@access.secretary_required
def notice_history(request, pk):
    notice = access.notice_for_edit(request.user, pk)
    entries = history_entries(Notice.history.filter(id=notice.pk), labels={Notice: lambda record: _("Anslaget")})
    return render(request, "staff/notice_history.html", {"notice": notice, "entries": entries})
