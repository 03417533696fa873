"""The OAI-PMH endpoint (``/oai``) and the XML Schema of the ``baraza`` format."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from baraza.oai import verbs
from baraza.oai.metadata import SCHEMA_FILE

CONTENT_TYPE = "text/xml; charset=utf-8"


@csrf_exempt  # harvesters POST form-encoded requests without a session or a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    """Every verb, by GET or by a form-encoded POST; errors are protocol errors (HTTP 200)."""
    arguments = request.POST if request.method == "POST" else request.GET
    pairs = [(name, value) for name, values in arguments.lists() for value in values]
    return HttpResponse(verbs.respond(pairs), content_type=CONTENT_TYPE)


@require_GET
def schema(request: HttpRequest) -> FileResponse:
    return FileResponse(SCHEMA_FILE.open("rb"), content_type="application/xml")
