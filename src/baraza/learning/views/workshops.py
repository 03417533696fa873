"""Workshop packages for facilitators and readers, under ``/learning/workshops/<slug>/``: the
package's page, its printable agenda, the facilitator guide and participant workbook PDFs, and
the public training cascade. The runs' pages are in ``workshops_runs``.

Every page reads the package's latest published version (``PackageVersion.data``); the
variant is chosen with ``?variant=<key>`` (the first one by default).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from baraza.core.policies import can
from baraza.learning import workshop_outputs as outputs
from baraza.learning.models import Package, PackageVersion
from baraza.learning.services import workshops as services
from baraza.learning.snapshot import pick
from baraza.learning.views import workshops_runs


def published_workshop(user, slug: str) -> tuple[Package, PackageVersion]:
    """A workshop package ``user`` may read, and its latest version; anything else is a 404."""
    found = services.readable_workshop(user, slug)
    if found is None:
        raise Http404
    return found


def _variant(request, version: PackageVersion, *, required: bool) -> dict | None:
    key = request.GET.get("variant", "")
    variant = outputs.variant_of(version.data, key)
    if variant is None and (key or required):
        raise Http404
    return variant


def _query(variant: dict | None) -> str:
    return f"?variant={variant['key']}" if variant else ""


def _links(package: Package, variant: dict | None) -> dict:
    """The agenda and the PDFs of the variant, in both languages."""
    query = _query(variant)
    links = {}
    for language in ("en", "fr"):
        with translation.override(language):
            links[language] = {
                name: reverse(f"learning:{name}", args=[package.slug]) + query
                for name in ("agenda", "guide", "workbook")
            }
    return links


@require_GET
def workshop(request, slug: str):
    package, version = published_workshop(request.user, slug)
    variant = _variant(request, version, required=False)
    context = outputs.context(version, variant)
    context.update(
        {
            "package": package,
            "has_variant": variant is not None,
            "links": _links(package, variant) if variant else {},
            "query": _query(variant),
            "can_record": can(request.user, "record_run", package),
            "my_runs": list(services.runs_of(package, request.user)),
        }
    )
    return render(request, "learning/workshops/workshop.html", context)


@require_GET
def agenda(request, slug: str):
    package, version = published_workshop(request.user, slug)
    variant = _variant(request, version, required=True)
    context = outputs.context(version, variant)
    context.update({"package": package, "query": _query(variant)})
    return render(request, "learning/workshops/agenda.html", context)


def _pdf(request, slug: str, kind: str):
    _package, version = published_workshop(request.user, slug)
    variant = _variant(request, version, required=True)
    language = outputs.language_of_request()
    content = outputs.render_pdf(kind, version, variant, language)
    response = HttpResponse(content, content_type="application/pdf")
    filename = outputs.filename(kind, version, variant, language)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def guide(request, slug: str):
    return _pdf(request, slug, "guide")


@require_GET
def workbook(request, slug: str):
    return _pdf(request, slug, "workbook")


@require_GET
def cascade(request, slug: str):
    package, version = published_workshop(request.user, slug)
    roots = services.cascade(package)
    return render(
        request,
        "learning/workshops/cascade.html",
        {
            "package": package,
            "version": version,
            # The published title: ``package.title`` reads the tables being edited.
            "title": pick(version.data.get("title")),
            "roots": roots,
            "min_scored": services.MIN_SCORED_FOR_MEANS,
            "viewer_pk": request.user.pk,
        },
    )


urlpatterns = [
    path("learning/workshops/<slug:slug>/", workshop, name="workshop"),
    path("learning/workshops/<slug:slug>/agenda/", agenda, name="agenda"),
    path("learning/workshops/<slug:slug>/guide.pdf", guide, name="guide"),
    path("learning/workshops/<slug:slug>/workbook.pdf", workbook, name="workbook"),
    path("learning/workshops/<slug:slug>/cascade/", cascade, name="cascade"),
    *workshops_runs.urlpatterns,
]
