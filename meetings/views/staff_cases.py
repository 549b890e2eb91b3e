"""Staff pages of cases: sending a paragraph's decision on to another body's meeting (services.cases).

Only the secretary of the paragraph's body (or an administrator) may send it on: the paragraph comes through
`meetings.access`, which answers 403 for anyone else. The receiving body's secretary need not be the same person:
they find the new item on their agenda.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orebro_portal.lib.formatting import sv_date

from ..access import can_edit_body, paragraph_for_edit, secretary_required
from ..forms import add_service_errors
from ..forms.protocols import ForwardForm
from ..models import AgendaItem
from ..services import cases


@secretary_required
@require_http_methods(["GET", "HEAD", "POST"])
def paragraph_forward(request, pk: int):
    paragraph = paragraph_for_edit(request.user, pk)
    protocol = paragraph.protocol
    forwarded = (
        AgendaItem.objects.select_related("meeting__body").filter(pk=paragraph.forwarded_to_id).first()
        if paragraph.forwarded_to_id
        else None
    )
    targets = cases.forward_targets(paragraph)
    form = None
    if forwarded is None and not protocol.is_adjusted:
        form = ForwardForm(request.POST if request.method == "POST" else None, targets=targets)
        if form.is_bound and form.is_valid():
            try:
                item = cases.paragraph_forward(
                    paragraph=paragraph, meeting=form.cleaned_data["meeting"], user=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("§ %(number)s är skickad vidare som ärende %(item)s till %(body)s %(date)s.")
                    % {
                        "number": paragraph.number,
                        "item": item.number,
                        "body": item.meeting.body.name,
                        "date": sv_date(item.meeting.start),
                    },
                )
                return redirect("staff:paragraph_forward", pk=paragraph.pk)
    return render(
        request,
        "staff/paragraph_forward.html",
        {
            "paragraph": paragraph,
            "protocol": protocol,
            "meeting": protocol.meeting,
            "form": form,
            "has_targets": form is not None and bool(form.fields["meeting"].widget.choices[1:]),
            "forwarded": forwarded,
            "can_edit_target": forwarded is not None and can_edit_body(request.user, forwarded.meeting.body_id),
        },
    )
