from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
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


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def too_many_requests(request, exception=None):
    return render(request, "429.html", status=429)
