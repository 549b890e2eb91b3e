"""Following a body by e-mail: ask (double opt-in), confirm, unsubscribe. No account: the token in the mailed
links is the only key, and no page tells anyone whether an address follows a body: the form's answer and work are
the same for every address, and the limits (alerts.py) hold in the database. The pages name the body by its public
projection (`PublicBody`)."""

import math

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from orebro_portal.lib.clients import client_address
from orebro_portal.lib.tasks import QueueUnavailable

from .. import alerts
from ..forms.subscriptions import SubscriptionForm
from ..models import Body
from ..public import PublicBody

PAGES = require_http_methods(["GET", "HEAD", "POST"])


def _context(subscription) -> dict:
    # The subscription is the citizen's own (the address, the token); the body is staff-written, so projected.
    return {"subscription": subscription, "body": PublicBody(subscription.body)}


def _unknown_token(request):
    return render(request, "meetings/subscription_unknown.html", status=404)


def _form_page(request, body, form, *, status=200, problem=None):
    # `problem`: why the request was not taken although the form was right (too many tries, the queue down); shown
    # above the form, which keeps what was typed so that one press tries again.
    context = {"body": PublicBody(body), "form": form, "problem": problem}
    return render(request, "meetings/subscription_form.html", context, status=status)


def _too_many(request, body, retry_after) -> HttpResponse:
    form = SubscriptionForm(initial={"email": request.POST.get("email", "")})
    problem = _("För många förfrågningar från din adress – försök igen om en stund.")
    response = _form_page(request, body, form, status=429, problem=problem)
    response["Retry-After"] = str(max(1, math.ceil(retry_after.total_seconds())))
    return response


@PAGES
def subscribe(request, slug):
    body = get_object_or_404(Body, slug=slug)
    if request.method != "POST":
        return _form_page(request, body, SubscriptionForm())
    try:
        post = alerts.client_post_record(ip=client_address(request))
    except alerts.ClientLimitReached as limit:
        return _too_many(request, body, limit.retry_after)
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return _form_page(request, body, form)
    try:
        # The failed try is not counted against the client: it may try again at once.
        alerts.subscription_request_queue(email=form.cleaned_data["email"], body=body, undo=post.delete)
    except QueueUnavailable as exc:
        return _form_page(request, body, form, status=503, problem=exc.message)
    # The same page, after the same work, whether the address is new, waiting for confirmation, already following
    # the body or over its limits: the worker decides, after the answer has gone.
    return render(
        request,
        "meetings/subscription_requested.html",
        {
            "body": PublicBody(body),
            "email": form.cleaned_data["email"],
            "mails_per_hour": alerts.ADDRESS_MAILS_PER_HOUR,
            "mails_per_day": alerts.ADDRESS_MAILS_PER_DAY,
        },
    )


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
