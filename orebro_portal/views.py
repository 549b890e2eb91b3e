import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .celery import app as celery_app
from .lib.params import InvalidParameter

logger = logging.getLogger(__name__)


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "backend": connection.vendor}


def _check_cache() -> dict:
    cache.set("halsa", "ok", 10)
    if cache.get("halsa") != "ok":
        raise RuntimeError("cachen returnerade inte det värde som skrevs")
    return {"ok": True, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _check_broker() -> dict:
    if celery_app.conf.task_always_eager:
        return {
            "ok": True,
            "backend": "eager",
            "detail": "ingen broker: uppgifter körs direkt i webbprocessen",
        }
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.5, timeout=2)  # not 2 s of pause
        return {"ok": True, "backend": conn.transport_cls}


@never_cache
def health(request):
    """JSON for load balancers and operators: 200 when database, cache and broker answer, else 503."""
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as exc:  # a health check reports every failure instead of raising it
            logger.warning("health check %s failed: %s", name, exc)
            checks[name] = {"ok": False, "error": exc.__class__.__name__}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "fel", "checks": checks}, status=200 if healthy else 503)


def accessibility_statement(request):
    return render(request, "pages/tillganglighet.html")


def bad_request(request, exception):
    """400: our own `InvalidParameter` says in Swedish what cannot be read; any other reason (a malformed upload, a
    request too large, an unknown host) gets a general sentence, as Django's messages are English and may quote the
    request. Under /api/ the answer is JSON in the shape of DRF's validation errors, which the schema documents for
    400: the parameter's name (or `non_field_errors`) and a list of messages."""
    message = exception.message if isinstance(exception, InvalidParameter) else _("Begäran kunde inte läsas.")
    if request.path_info.startswith("/api/"):
        parameter = getattr(exception, "parameter", "") or "non_field_errors"
        return JsonResponse({parameter: [message]}, status=400)
    try:
        return render(request, "400.html", {"message": message}, status=400)
    except Exception:  # as for the 500 page: whatever made the request bad must not break its error page too
        logger.exception("the 400 page could not be rendered")
        return HttpResponse(message, content_type="text/plain; charset=utf-8", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: whatever broke must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render())


@login_required
def staff_home(request):
    """Where "Redigera" and the log-in lead: a secretary's meetings, else a controller's figures, else an analyst's
    indicators, else an elected member's protocols to adjust (the dashboard links those for a secretary who adjusts
    too), else 403."""
    from budget.access import is_controller
    from goals.access import may_use_goals_staff
    from meetings.access import is_adjuster, is_secretary

    if is_secretary(request.user):
        return redirect("staff:dashboard")
    if is_controller(request.user):
        return redirect("budget_staff:index")
    if may_use_goals_staff(request.user):
        return redirect("goals_staff:index")
    if is_adjuster(request.user):
        return redirect("staff:adjustment_inbox")
    raise PermissionDenied
