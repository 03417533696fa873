"""The editions pages: the list, each edition's landing page, its files, and releasing.

Editions hold only published versions, so their pages and files are public. Releasing, the
DOI and rebuilding a file are for curators; a refused or impossible step re-renders the page
with the message (400) or answers 403, and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.compendium.policies import Compendium
from baraza.compendium.services import WorkflowError
from baraza.core.policies import can, require
from baraza.editions import queries, services
from baraza.editions.citation import cite_text
from baraza.editions.forms import DoiForm, ReleaseForm
from baraza.editions.models import BuildState, Edition, EditionFile

PAGE_SIZE = 50
REFRESH_SECONDS = 5


@require_GET
def index(request):
    editions = queries.with_counts()
    return render(
        request,
        "editions/index.html",
        {"editions": editions, "can_release": can(request.user, "curate", Compendium())},
    )


@require_GET
def detail(request, number: str):
    return _detail(request, get_object_or_404(queries.released(), number=number))


def _detail(request, edition: Edition, *, doi_form=None, status: int = 200):
    files = list(edition.files.all())
    withdrawn = queries.withdrawn_since(edition)
    entries = Paginator(
        edition.entries.select_related("version").order_by("identifier"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    is_curator = can(request.user, "curate", Compendium())
    working = any(
        f.state in (BuildState.QUEUED, BuildState.BUILDING) and not f.stalled for f in files
    )
    return render(
        request,
        "editions/detail.html",
        {
            "edition": edition,
            "cite": cite_text(edition),
            "files": files,
            "entries": entries,
            "rows": [(entry, _title(entry.version.data)) for entry in entries],
            "withdrawn": withdrawn,
            "n_records": entries.paginator.count,
            "is_curator": is_curator,
            "doi_form": doi_form or (DoiForm(initial={"doi": edition.doi}) if is_curator else None),
            # Curators watch the builds; the page reloads itself until they are done.
            "refresh": REFRESH_SECONDS if working and is_curator else None,
        },
        status=status,
    )


def _title(data: dict) -> str:
    """The version's title in the reader's language, else in its original language."""
    titles = data.get("text", {}).get("title", {})
    language = (translation.get_language() or "en")[:2]
    return titles.get(language) or titles.get(data.get("original_language") or "en") or ""


@require_GET
def download(request, number: str, filename: str):
    output = _ready_file(number, filename)
    try:
        handle = output.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = {
        "pdf": "application/pdf",
        "epub": "application/epub+zip",
    }.get(output.kind, "application/zip")
    response = FileResponse(handle, as_attachment=True, filename=output.filename)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    # A released file never changes (a rebuild gets a new stored name, same content).
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _ready_file(number: str, filename: str) -> EditionFile:
    for output in EditionFile.objects.select_related("edition").filter(
        edition__number=number, state=BuildState.READY
    ):
        if output.filename == filename:
            return output
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def release(request):
    require(request.user, "curate", Compendium(), reason=services.REFUSAL)
    status = 200
    if request.method == "POST":
        form = ReleaseForm(request.POST)
        if form.is_valid():
            try:
                edition = services.release(
                    actor=request.user,
                    number=form.cleaned_data["number"],
                    notes_en=form.cleaned_data["notes_en"],
                    notes_fr=form.cleaned_data["notes_fr"],
                )
            except WorkflowError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Edition %(number)s is released. Its files are being built.")
                    % {"number": edition.number},
                )
                return redirect("editions:detail", number=edition.number)
        status = 400
    else:
        form = ReleaseForm(initial={"number": services.suggested_number()})
    return render(
        request,
        "editions/release.html",
        {"form": form, "preview": services.preview(), "latest": queries.latest()},
        status=status,
    )


@login_required
@require_POST
def doi(request, number: str):
    require(request.user, "curate", Compendium(), reason=services.REFUSAL)
    edition = get_object_or_404(queries.released(), number=number)
    form = DoiForm(request.POST)
    if not form.is_valid():
        return _detail(request, edition, doi_form=form, status=400)
    services.set_doi(actor=request.user, edition=edition, doi=form.cleaned_data["doi"])
    messages.success(request, _("The DOI is saved."))
    return redirect("editions:detail", number=edition.number)


@login_required
@require_POST
def rebuild(request, number: str, pk: int):
    require(request.user, "curate", Compendium(), reason=services.REFUSAL)
    output = get_object_or_404(EditionFile, pk=pk, edition__number=number)
    try:
        services.rebuild(actor=request.user, output=output)
    except WorkflowError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The file is being built again."))
    return redirect("editions:detail", number=number)
