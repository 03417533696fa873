"""Authoring packages in the web interface: the author's home, a new package, a package's own
page (its contents as lists), its details, authors, translations and publishing.

Content rows (modules, lessons, sessions…) are edited in ``authoring_content``; the public pages
of versions and adopters are in ``authoring_public``. Every page is a plain HTML form that
works without JavaScript; a refused or impossible step re-renders the form with its message
(status 400) and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from baraza.core.policies import require
from baraza.learning import queries
from baraza.learning.forms import TEXT_LABELS, AuthorForm, NewPackageForm, PackageForm, PublishForm
from baraza.learning.models import Kind, Package
from baraza.learning.policies import Catalogue
from baraza.learning.services import authoring, publishing
from baraza.learning.services.authoring import PACKAGE_CHILDREN, name_of, parent_of
from baraza.learning.views import authoring_content, authoring_public
from baraza.learning.views import authoring_queries as reads
from baraza.learning.views.authoring_common import (
    NOT_AN_AUTHOR,
    NOT_YOURS,
    bad_request,
    editable,
    row_url,
)


@login_required
@require_GET
def home(request):
    require(request.user, "author", Catalogue(), reason=NOT_AN_AUTHOR)
    packages = list(reads.editable_packages(request.user))
    todo = reads.translation_todo(packages)
    rows = [
        {
            "package": package,
            "draft": reads.has_draft_changes(package),
            "translation": reads.translation_counts(todo[package.pk]),
        }
        for package in packages
    ]
    return render(request, "learning/authoring/home.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def new_package(request):
    require(request.user, "author", Catalogue(), reason=NOT_AN_AUTHOR)
    kind = request.GET.get("kind", Kind.LEARNING)
    if kind not in Kind.values:
        return bad_request(request, _("There is no such kind of package."))
    language = "fr" if (request.LANGUAGE_CODE or "")[:2] == "fr" else "en"
    form = NewPackageForm(request.POST or None, initial={"original_language": language})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                package = authoring.create_package(
                    actor=request.user, kind=kind, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The package is created. Now add its contents."))
                return redirect("learning:author_package", slug=package.slug)
        status = 400
    return render(
        request,
        "learning/authoring/new.html",
        {"form": form, "kind": kind, "kind_label": Kind(kind).label},
        status=status,
    )


@login_required
@require_GET
def package_page(request, slug: str):
    package = editable(request, slug)
    todo = reads.translation_todo([package])[package.pk]
    return render(
        request,
        "learning/authoring/package.html",
        {
            "package": package,
            "sections": reads.sections(package, package, PACKAGE_CHILDREN[package.kind]),
            "draft": reads.has_draft_changes(package),
            "translation": reads.translation_counts(todo),
            "problems": publishing.problems(package),
            "authors": list(package.authors.order_by("display_name")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def details(request, slug: str):
    package = editable(request, slug)
    form = PackageForm(request.POST or None, package=package)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                authoring.update_package(
                    actor=request.user,
                    package=package,
                    values=form.values(),
                    confirmed=form.confirmed,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The details are saved."))
                return redirect("learning:author_details", slug=package.slug)
        status = 400
    return render(
        request,
        "learning/authoring/details.html",
        {"package": package, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def authors(request, slug: str):
    package = editable(request, slug)
    form = AuthorForm()
    error = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            form = AuthorForm(request.POST)
            if form.is_valid():
                try:
                    user = authoring.add_author(
                        actor=request.user, package=package, email=form.cleaned_data["email"]
                    )
                except ValidationError as problem:
                    form.add_error("email", problem)
                else:
                    messages.success(
                        request, _("%(name)s is now an author.") % {"name": user.display_name}
                    )
                    return redirect("learning:author_authors", slug=package.slug)
        elif action == "remove":
            user = get_user_model().objects.filter(pk=_int(request.POST.get("user"))).first()
            if user is None:
                return bad_request(request, _("There is no such person."))
            try:
                authoring.remove_author(actor=request.user, package=package, user=user)
            except ValidationError as problem:
                error = problem.messages[0]
            else:
                messages.success(
                    request, _("%(name)s is no longer an author.") % {"name": user.display_name}
                )
                if user == request.user and not request.user.is_staff:
                    return redirect("learning:author_home")
                return redirect("learning:author_authors", slug=package.slug)
        else:
            return bad_request(request, _("This form was not understood."))
        status = 400
    return render(
        request,
        "learning/authoring/authors.html",
        {
            "package": package,
            "form": form,
            "error": error,
            "authors": list(package.authors.order_by("display_name")),
        },
        status=status,
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def translation(request, slug: str):
    package = editable(request, slug)
    original = package.original_language
    entries = []
    for todo in reads.translation_todo([package])[package.pk]:
        if todo.part is None:
            url = reverse("learning:author_details", args=[package.slug])
            parent_name = ""
        else:
            url = row_url(package, todo.row)
            parent = parent_of(todo.row)
            parent_name = "" if isinstance(parent, Package) else name_of(parent, original)
        entries.append(
            {
                "todo": todo,
                "url": url,
                "what": todo.part.verbose_name if todo.part else _("package details"),
                "name": package.title if todo.part is None else name_of(todo.row, original),
                "parent": parent_name,
                "field": TEXT_LABELS.get(todo.field, todo.field),
            }
        )
    return render(
        request,
        "learning/authoring/translation.html",
        {"package": package, "entries": entries},
    )


# Refusals of ``publishing.publish`` about the request rather than the package's contents.
FORM_REFUSALS = ("unchanged", "stale")


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, slug: str):
    package = get_object_or_404(Package, slug=slug)
    require(request.user, "publish", package, reason=NOT_YOURS)
    form = PublishForm(request.POST or None, initial={"version": package.version_number})
    status = 200
    problems = None
    if request.method == "POST":
        if form.is_valid():
            try:
                version = publishing.publish(
                    package=package,
                    actor=request.user,
                    notes_en=form.cleaned_data["notes_en"],
                    notes_fr=form.cleaned_data["notes_fr"],
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                if getattr(error, "code", None) in FORM_REFUSALS:
                    package.refresh_from_db()
                    form = _publish_form_again(request.POST, package, error)
                else:
                    problems = error.messages
            else:
                messages.success(
                    request, _("Version %(number)s is published.") % {"number": version.number}
                )
                return redirect("learning:versions", slug=package.slug)
        status = 400
    if problems is None:
        problems = publishing.problems(package)
    return render(
        request,
        "learning/authoring/publish.html",
        {
            "package": package,
            "form": form,
            "problems": problems,
            "latest": queries.latest_version(package),
        },
        status=status,
    )


def _publish_form_again(posted, package: Package, error: ValidationError) -> PublishForm:
    """The author's notes with ``error`` above them, the form now expecting the package's
    latest version (the page shows that version)."""
    data = posted.copy()
    data["version"] = package.version_number
    form = PublishForm(data)
    form.is_valid()
    form.add_error(None, error)
    return form


A = "learning/author/<slug:slug>/"
urlpatterns = [
    path("learning/author/", home, name="author_home"),
    path("learning/author/new/", new_package, name="author_new"),
    path(A, package_page, name="author_package"),
    path(A + "details/", details, name="author_details"),
    path(A + "authors/", authors, name="author_authors"),
    path(A + "translation/", translation, name="author_translation"),
    path(A + "publish/", publish, name="publish"),
    *authoring_content.urlpatterns,
    *authoring_public.urlpatterns,
]
