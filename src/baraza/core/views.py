from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import baraza
from baraza.taxonomy import queries as taxonomy

logger = logging.getLogger("baraza.health")


def home(request):
    return render(request, "core/home.html", {"themes": taxonomy.themes()})


@never_cache
@require_GET
def healthz(request):
    """Liveness and database status for load balancers and uptime checks."""
    database = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("database check failed", extra={"error": str(exc)})
        database["status"] = "error"
        status = 503
    else:
        database["status"] = "ok"
        status = 200
    body = {
        "status": "ok" if status == 200 else "error",
        "version": baraza.__version__,
        "database": database,
    }
    return JsonResponse(body, status=status)


def _error_page(request, status: int, title, message):
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error_page(
        request,
        400,
        _("Bad request"),
        _(
            "Your browser sent something this site could not understand. Please go back and try "
            "again."
        ),
    )


def permission_denied(request, exception=None):
    reason = getattr(exception, "reason", None)
    return _error_page(
        request,
        403,
        _("Not allowed"),
        reason
        or _(
            "You don't have permission to do this. If you think you should, log in or ask a "
            "facilitator."
        ),
    )


def csrf_failure(request, reason=""):
    return _error_page(
        request,
        403,
        _("This form has expired"),
        _(
            "For your security, forms can only be sent from a page of this site that is still "
            "fresh. Please go back, reload the page and send the form again."
        ),
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        404,
        _("Page not found"),
        _("There is nothing at this address. It may have moved, or the link may be mistyped."),
    )


def too_many_requests(request, exception=None):
    return _error_page(
        request,
        429,
        _("Too many attempts"),
        _(
            "For your security, we paused this for a few minutes. Please wait a little, then "
            "try again."
        ),
    )


def server_error(request):
    # No request context: the error may come from a context processor or the database.
    return render(None, "500.html", status=500)
