"""Download the published records of the current filter as CSV, JSON or XLSX.

Anyone may export: only published records are in it, as their latest published version. The
query string is the list page's (``?region=AFR&phase=response``); unknown values are ignored,
as on the list.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from baraza.compendium import exporter, queries


@require_GET
def export(request, fmt: str):
    if fmt not in exporter.FORMATS:
        raise Http404
    records = exporter.records(queries.published_filtered(request.GET))
    if fmt == "xlsx":
        response = HttpResponse(exporter.xlsx_bytes(records), content_type=exporter.FORMATS[fmt])
    else:
        chunks = exporter.csv_chunks(records) if fmt == "csv" else exporter.json_chunks(records)
        response = StreamingHttpResponse(chunks, content_type=exporter.FORMATS[fmt])
    filename = f"compendium-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
