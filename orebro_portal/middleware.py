"""Input no page can use is refused once, before any view or database sees it."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from .lib.params import CONTROL_CHARACTERS, InvalidParameter
from .views import bad_request

ADDRESS_REFUSED = _("Adressen innehåller tecken som inte kan användas.")
FORM_REFUSED = _("Formuläret innehåller tecken som inte kan användas.")

# In a query value a visitor may have pasted a tab or a line break into the search box; the view's text reading
# (`params.clean_text`) turns them into spaces. In the path and in a parameter's name nothing may be a control.
_CONTROL_IN_QUERY_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A word processor writes a manual line break as a vertical tab (\x0b) and a page break as a form feed (\x0c); a
# secretary pasting from one must not be refused, so in a form value they become the line break they stand for.
_WORD_PROCESSOR_BREAKS = re.compile(r"[\x0b\x0c]")
_CONTROL_IN_FORM_VALUE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class RefuseControlCharactersMiddleware:
    """400 with a short Swedish page (the API: JSON) for a NUL byte or another C0 control character in the path, in a
    query parameter's name or value, or in a posted form field's name or value or an uploaded file's name. The
    contents of uploaded files are not looked at: a PDF is binary.

    PostgreSQL refuses NUL in any string it is given, so such a value reaching a lookup would be a 500 on the
    database CI and production run on (SQLite takes it): refusing it here holds for every view, public and staff,
    present and future. It is listed early in MIDDLEWARE so that nothing before it reads the values."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            _check(request)
        except InvalidParameter as refusal:
            # Answered here rather than raised: Django would log every such request with a traceback, and a script
            # sending NULs would fill the log with them. The answer is handler400's all the same.
            return bad_request(request, refusal)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A view's own refusal of a parameter (`params.query_year`, say) is answered the same way, without a traceback.
        if isinstance(exception, InvalidParameter):
            return bad_request(request, exception)
        return None


def _check(request) -> None:
    if CONTROL_CHARACTERS.search(request.path_info):
        raise InvalidParameter(str(ADDRESS_REFUSED))
    if (name := _query_parameter_with_controls(request.GET)) is not None:
        raise InvalidParameter(str(ADDRESS_REFUSED), parameter=name)
    if request.method == "POST":
        _check_form(request)


def _query_parameter_with_controls(query) -> str | None:
    """The name of the first query parameter with a control character in its name or value ("" if in the name)."""
    for name, values in query.lists():
        if CONTROL_CHARACTERS.search(name):
            return ""
        if any(_CONTROL_IN_QUERY_VALUE.search(value) for value in values):
            return name
    return None


def _check_form(request) -> None:
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return  # JSON or another body is the view's to read (the API is read-only)
    try:
        form, files = request.POST, request.FILES
    except OSError:
        # The client went away mid-upload (UnreadablePostError): leave it to the view, as the CSRF middleware does.
        return
    if any(
        CONTROL_CHARACTERS.search(name) or any(_CONTROL_IN_FORM_VALUE.search(value) for value in values)
        for name, values in form.lists()
    ):
        raise InvalidParameter(str(FORM_REFUSED))
    if any(
        CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(upload.name or "") for upload in uploads)
        for name, uploads in files.lists()
    ):
        raise InvalidParameter(str(FORM_REFUSED))
    if any(_WORD_PROCESSOR_BREAKS.search(value) for _name, values in form.lists() for value in values):
        cleaned = form.copy()
        for name, values in form.lists():
            cleaned.setlist(name, [_WORD_PROCESSOR_BREAKS.sub("\n", value) for value in values])
        request.POST = cleaned
