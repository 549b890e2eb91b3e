"""Following a body by e-mail: ask (double opt-in), confirm, unsubscribe. No account: the token in the mailed
links is the only key, and no page tells anyone whether an address follows a body. The pages name the body by its
public projection (`PublicBody`)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

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


@PAGES
def subscribe(request, slug):
    body = get_object_or_404(Body, slug=slug)
    form = SubscriptionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        alerts.subscription_request(email=form.cleaned_data["email"], body=body)
        # The same page whether the address is new, waiting for confirmation or already following the body.
        return render(
            request,
            "meetings/subscription_requested.html",
            {"body": PublicBody(body), "email": form.cleaned_data["email"]},
        )
    return render(request, "meetings/subscription_form.html", {"body": PublicBody(body), "form": form})


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
