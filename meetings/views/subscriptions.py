"""Following a body or a case by e-mail: ask (double opt-in), confirm, unsubscribe. No account: the token in the
mailed links is the only key, and no page tells anyone whether an address follows something: the form's answer and
work are the same for every address, and the limits (alerts.py) hold in the database. The pages name the body by
its public projection (`PublicBody`), the case by its number and the title of its first public step (`PublicCase`);
a case that no public step names cannot be followed (404)."""

import math
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from orebro_portal.lib.clients import client_address
from orebro_portal.lib.tasks import QueueUnavailable

from .. import alerts
from ..forms.subscriptions import SubscriptionForm
from ..models import Body, Case, case_number_search
from ..public import PublicBody, PublicCase

PAGES = require_http_methods(["GET", "HEAD", "POST"])


def _context(subscription) -> dict:
    # The subscription is the citizen's own (the address, the token); what it follows is staff-written, so projected.
    return {"subscription": subscription, **alerts.followed_context(subscription)}


def _unknown_token(request):
    return render(request, "meetings/subscription_unknown.html", status=404)


@dataclass(frozen=True)
class Followed:
    """What a form follows: a body, or a public case (`case`, the model row, with `public`, its projection)."""

    body: Body | None = None
    case: Case | None = None
    public: PublicCase | None = None

    @property
    def template(self) -> str:
        return "meetings/case_subscription_form.html" if self.case else "meetings/subscription_form.html"

    def context(self) -> dict:
        if self.case is not None:
            action = reverse("meetings:case_subscribe", kwargs={"key": self.case.key})
            return {"body": None, "case": self.public, "case_label": alerts.case_label(self.public), "action": action}
        action = reverse("meetings:subscribe", kwargs={"slug": self.body.slug})
        return {"body": PublicBody(self.body), "case": None, "case_label": "", "action": action}

    def queue(self, email: str, undo) -> None:
        alerts.subscription_request_queue(email=email, body=self.body, case=self.case, undo=undo)


def _form_page(request, followed: Followed, form, *, status=200, problem=None):
    # `problem`: why the request was not taken although the form was right (too many tries, the queue down); shown
    # above the form, which keeps what was typed so that one press tries again.
    context = {**followed.context(), "form": form, "problem": problem}
    return render(request, followed.template, context, status=status)


def _too_many(request, followed: Followed, retry_after) -> HttpResponse:
    form = SubscriptionForm(initial={"email": request.POST.get("email", "")})
    problem = _("För många förfrågningar från din adress – försök igen om en stund.")
    response = _form_page(request, followed, form, status=429, problem=problem)
    response["Retry-After"] = str(max(1, math.ceil(retry_after.total_seconds())))
    return response


def _follow(request, followed: Followed):
    """The form to follow a body or a case, and its answer: one code path for both."""
    if request.method != "POST":
        return _form_page(request, followed, SubscriptionForm())
    try:
        post = alerts.client_post_record(ip=client_address(request))
    except alerts.ClientLimitReached as limit:
        return _too_many(request, followed, limit.retry_after)
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return _form_page(request, followed, form)
    try:
        # The failed try is not counted against the client: it may try again at once.
        followed.queue(form.cleaned_data["email"], undo=post.delete)
    except QueueUnavailable as exc:
        return _form_page(request, followed, form, status=503, problem=exc.message)
    # The same page, after the same work, whether the address is new, waiting for confirmation, already following
    # or over its limits: the worker decides, after the answer has gone.
    return render(
        request,
        "meetings/subscription_requested.html",
        {
            **followed.context(),
            "email": form.cleaned_data["email"],
            "mails_per_hour": alerts.ADDRESS_MAILS_PER_HOUR,
            "mails_per_day": alerts.ADDRESS_MAILS_PER_DAY,
        },
    )


@PAGES
def subscribe(request, slug):
    return _follow(request, Followed(body=get_object_or_404(Body, slug=slug)))


@PAGES
def case_subscribe(request, key):
    """Follow one case ("bevaka ärendet") through every body that handles it. The key may be written in any notation
    ("KS-181-22"): a page asked for by another one is sent on to the case's own address."""
    number = case_number_search(key)
    case = Case.objects.filter(key=number.key).first() if number is not None else None
    public = alerts.public_case(case)
    if public is None:  # no such case, or no public step names it
        raise Http404
    if key != case.key and request.method != "POST":
        return redirect("meetings:case_subscribe", key=case.key, permanent=True)
    return _follow(request, Followed(case=case, public=public))


@never_cache
@PAGES
def confirm(request, token):
    # Mail scanners open every link in a mail: a GET only shows the button, the POST confirms.
    if request.method == "POST":
        subscription = alerts.subscription_confirm(token=token)
        if subscription is None:
            return _unknown_token(request)
        return render(request, "meetings/subscription_confirmed.html", _context(subscription))
    subscription = alerts.subscription_for_token(token)
    if subscription is None:
        return _unknown_token(request)
    return render(request, "meetings/subscription_confirm.html", _context(subscription))


def _is_one_click(request) -> bool:
    """RFC 8058: the mail program POSTs exactly "List-Unsubscribe=One-Click" to the List-Unsubscribe address."""
    return request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click"


def _cancelled(request, cancelled: bool):
    if not cancelled:
        return _unknown_token(request)
    return render(request, "meetings/subscription_cancelled.html")


@csrf_protect
def _unsubscribe_page(request, token):
    if request.method == "POST":
        return _cancelled(request, alerts.subscription_cancel(token=token))
    subscription = alerts.subscription_for_token(token)
    if subscription is None:
        return _unknown_token(request)
    return render(request, "meetings/subscription_cancel.html", _context(subscription))


# csrf_exempt for the one-click POST only: a mail program sends it from outside any page of ours, so it cannot carry
# a CSRF token. CSRF protection would add nothing there anyway: the token in the address is the secret, known only to
# the subscriber's mailbox, and a forged request that knew it could do no more than the link in the mail does.
# Every other request goes through `_unsubscribe_page`, which checks the CSRF token as usual.
@csrf_exempt
@never_cache
@PAGES
def unsubscribe(request, token):
    if _is_one_click(request):
        return _cancelled(request, alerts.subscription_cancel(token=token))
    return _unsubscribe_page(request, token)
