"""Editing a package's contents, one row at a time: add, edit, delete, move up or down.

One set of views serves every kind of row ("module", "lesson", "item", "quiz", "option",
"variant", "day", "session", "step"…; see ``services.authoring.PARTS``). A row's page holds its
form and the lists of the rows inside it, so an author walks down the package from its own page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baraza.learning import models as m
from baraza.learning.forms import RowForm
from baraza.learning.services import authoring
from baraza.learning.services.authoring import PARTS, Part, name_of, parent_of, part_of
from baraza.learning.views import authoring_queries as reads
from baraza.learning.views.authoring_common import bad_request, editable, row_url


def _part(package: m.Package, kind: str) -> Part:
    part = PARTS.get(kind)
    if part is None or not part.fits(package):
        raise Http404
    return part


def _parent(package: m.Package, part: Part, parent_pk: int | None):
    """The row a new row goes into, from the address (404 when it isn't in this package)."""
    if not part.parent_kinds:
        if parent_pk is not None:
            raise Http404
        return package
    if parent_pk is None:
        raise Http404
    model = PARTS[part.parent_kinds[0]].model
    parent = get_object_or_404(
        model.objects.filter(**{PARTS[part.parent_kinds[0]].package_path: package}), pk=parent_pk
    )
    if part_of(parent).kind not in part.parent_kinds:
        raise Http404
    return parent


def _context(package: m.Package, part: Part, row, parent) -> dict:
    """What a row's page shows around its form: the way up, and the rows inside it."""
    original = package.original_language
    ancestors = [] if isinstance(parent, m.Package) else [*reads.trail(parent), parent]
    crumbs = [
        {"url": row_url(package, r), "name": name_of(r, original), "part": part_of(r)}
        for r in ancestors
    ]
    context = {
        "package": package,
        "part": part,
        "row": row,
        "crumbs": crumbs,
        "name": name_of(row, original) if row.pk else "",
        "sections": reads.sections(package, row, part.children) if row.pk else [],
    }
    if row.pk and part.kind == "day":
        context["day_agenda"] = reads.agenda(row, row.sessions.prefetch_related("steps"))
    if row.pk and part.kind == "session":
        context["steps"] = reads.session_steps(row)
    if row.pk and part.kind in ("check", "quiz", "prepost"):
        context["question_check"] = reads.question_check(row)
    return context


def _after_add(package: m.Package, part: Part, row) -> str:
    if part.kind == "item" and row.kind == m.ItemKind.CHECK:
        return reverse("learning:author_add_to", args=[package.slug, "check", row.pk])
    if part.children:
        return row_url(package, row)
    return row_url(package, parent_of(row))


@login_required
@require_http_methods(["GET", "POST"])
def add(request, slug: str, kind: str, parent: int | None = None):
    package = editable(request, slug)
    part = _part(package, kind)
    parent_row = _parent(package, part, parent)
    item_kind = ""
    if part.kind == "item":
        item_kind = request.GET.get("kind", "")
        if item_kind not in m.ItemKind.values:
            return bad_request(request, _("Choose the kind of item to add from the lesson's page."))
    if part.kind == "check" and (
        parent_row.kind != m.ItemKind.CHECK or parent_row.questions.exists()
    ):
        return bad_request(request, _("This item can't take a question."))
    row = part.model(**{part.parent_field: parent_row})
    form = RowForm(
        request.POST or None,
        request.FILES or None,
        part=part,
        package=package,
        row=row,
        item_kind=item_kind,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                row = authoring.add_row(
                    actor=request.user,
                    package=package,
                    part=part,
                    parent=parent_row,
                    values=form.values(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Added."))
                return redirect(_after_add(package, part, row))
        status = 400
    context = _context(package, part, row, parent_row)
    context.update(
        form=form,
        item_kind=m.ItemKind(item_kind).label if item_kind else "",
        back=row_url(package, parent_row),
    )
    return render(request, "learning/authoring/row.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug: str, kind: str, pk: int):
    package = editable(request, slug)
    part = _part(package, kind)
    row = get_object_or_404(part.rows(package), pk=pk)
    form = RowForm(request.POST or None, request.FILES or None, part=part, package=package, row=row)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                authoring.save_row(
                    actor=request.user,
                    package=package,
                    row=row,
                    values=form.values(),
                    confirmed=form.confirmed,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(row_url(package, row))
        status = 400
    context = _context(package, part, row, parent_of(row))
    context.update(
        form=form,
        item_kind=row.get_kind_display() if part.kind == "item" else "",
        back=row_url(package, parent_of(row)),
    )
    return render(request, "learning/authoring/row.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, slug: str, kind: str, pk: int):
    package = editable(request, slug)
    part = _part(package, kind)
    row = get_object_or_404(part.rows(package), pk=pk)
    parent = parent_of(row)
    if request.method == "POST":
        authoring.delete_row(actor=request.user, package=package, row=row)
        messages.success(request, _("Deleted."))
        return redirect(row_url(package, parent))
    return render(
        request,
        "learning/authoring/delete.html",
        {
            "package": package,
            "part": part,
            "row": row,
            "name": name_of(row, package.original_language),
            "back": row_url(package, row),
        },
    )


@login_required
@require_POST
def move(request, slug: str, kind: str, pk: int):
    package = editable(request, slug)
    part = _part(package, kind)
    row = get_object_or_404(part.rows(package), pk=pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        return bad_request(request, _("A row moves one place up or down."))
    authoring.move_row(actor=request.user, package=package, row=row, step=step)
    return redirect(row_url(package, parent_of(row)) + f"#{part.kind}-list")


R = "learning/author/<slug:slug>/<str:kind>/"
urlpatterns = [
    path(R + "add/", add, name="author_add"),
    path(R + "add/<int:parent>/", add, name="author_add_to"),
    path(R + "<int:pk>/", edit, name="author_row"),
    path(R + "<int:pk>/delete/", delete, name="author_delete"),
    path(R + "<int:pk>/move/", move, name="author_move"),
]
