"""The secretary's word on a document's pages that no machine could read (/redigera/dokument/<pk>/granska-sidor/).

A scanned page without a text layer, where OCR is not installed or cannot read it, may hold a personnummer that the
portal cannot see. The services refuse to make such a document public until a secretary has looked at those pages
and confirmed it here; the confirmation, with who and when, is kept in the document's history.
"""

import contextlib

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import access, services
from ..forms import add_service_errors
from ..pdf import PdfError


class UnreadPagesConfirmForm(forms.Form):
    confirmed = forms.BooleanField(
        label=gettext_lazy(
            "Jag har läst sidorna själv: de innehåller inga personnummer, samordningsnummer eller andra "
            "personuppgifter som inte får publiceras."
        ),
        error_messages={"required": gettext_lazy("Kryssa i rutan när du har läst sidorna.")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def document_scan_confirm(request, pk):
    document = access.document_for_edit(request.user, pk)
    meeting = document.meeting or document.agenda_item.meeting
    if document.text_extracted_at is None:
        # The extraction task has not run yet: read the file now, so the page names the pages it is about. A file
        # that cannot be read keeps the reason on the document, and the page says it.
        with contextlib.suppress(PdfError):
            document = services.document_extract(document=document)
    form = UnreadPagesConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and document.needs_unread_pages_confirmation and form.is_valid():
        try:
            services.document_unread_pages_confirm(document=document, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Du har bekräftat sidorna i ”%(title)s”. Bekräftelsen finns i historiken.")
                % {"title": document.title},
            )
            return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "staff/document_scan_confirm.html",
        {
            "document": document,
            "meeting": meeting,
            "form": form,
            "risk": services.document_unread_pages_risk(document) if document.unread_pages else "",
        },
    )
