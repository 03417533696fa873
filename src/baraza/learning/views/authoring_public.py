"""The public side of publishing: a package's versions, and the institutions that adopted it.

Addresses start with the package's short name, so the pattern refuses the words that name
other pages under /learning/ (``author``, ``me``, ``certificates``, ``verify``,
``workshops``): /learning/workshops/versions/ stays a workshop's address.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.core.policies import can, require
from baraza.learning import queries
from baraza.learning.forms import AdoptionForm, NotifyForm
from baraza.learning.learner_queries import published_title
from baraza.learning.models import Adoption, Package
from baraza.learning.services import adoption as adoptions
from baraza.learning.snapshot import pick
from baraza.learning.views.authoring_common import bad_request
from baraza.taxonomy.models import Country


def _readable(request, slug: str) -> Package:
    package = get_object_or_404(Package, slug=slug)
    if not can(request.user, "read", package):
        raise Http404
    return package


@require_GET
def versions(request, slug: str):
    package = _readable(request, slug)
    original = package.original_language
    rows = [
        {
            "number": version.number,
            "published_at": version.published_at,
            "notes": pick({"en": version.notes_en, "fr": version.notes_fr}, original=original),
        }
        for version in package.versions.defer("data").order_by("-number")
    ]
    return render(
        request,
        "learning/authoring/versions.html",
        {
            "package": package,
            "title": published_title(package, queries.latest_version(package)),
            "versions": rows,
            "can_edit": can(request.user, "edit", package),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request, slug: str):
    package = get_object_or_404(Package, slug=slug)
    if not package.is_published:
        raise Http404
    require(
        request.user,
        "adopt",
        package,
        reason=_("Only active members record an adoption."),
    )
    form = AdoptionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            adoptions.record_adoption(actor=request.user, package=package, **form.values())
            messages.success(
                request, _("Thank you: your institution's use of this package is recorded.")
            )
            return redirect("learning:adopters", slug=package.slug)
        status = 400
    return render(
        request,
        "learning/authoring/adopt.html",
        {
            "package": package,
            "title": published_title(package, queries.latest_version(package)),
            "form": form,
        },
        status=status,
    )


@require_GET
def adopters(request, slug: str):
    package = _readable(request, slug)
    rows = list(package.adoptions.order_by("institution", "-created_at", "id"))
    names = {c.code: c.name for c in Country.objects.filter(code__in={r.country for r in rows})}
    me = request.user.pk if request.user.is_authenticated else None
    return render(
        request,
        "learning/authoring/adopters.html",
        {
            "package": package,
            "title": published_title(package, queries.latest_version(package)),
            "rows": [
                {
                    "adoption": row,
                    "country": names.get(row.country, row.country),
                    "mine": me and row.recorded_by_id == me,
                }
                for row in rows
            ],
        },
    )


@login_required
@require_POST
def adoption_notify(request, slug: str, pk: int):
    adoption = get_object_or_404(
        Adoption.objects.select_related("package"), pk=pk, package__slug=slug
    )
    form = NotifyForm(request.POST)
    if not form.is_valid():
        return bad_request(request, _("This form was not understood."))
    adoptions.set_notify(actor=request.user, adoption=adoption, notify=form.cleaned_data["notify"])
    if form.cleaned_data["notify"]:
        messages.success(request, _("You will be told about new versions by email."))
    else:
        messages.success(request, _("You will no longer be told about new versions."))
    return redirect("learning:adopters", slug=slug)


# A package's short name, but never a word that names another page under /learning/.
SLUG = r"^learning/(?!(?:author|me|certificates|verify|workshops)/)(?P<slug>[-a-zA-Z0-9_]+)/"
urlpatterns = [
    re_path(SLUG + r"versions/\Z", versions, name="versions"),
    re_path(SLUG + r"adopt/\Z", adopt, name="adopt"),
    re_path(SLUG + r"adopters/\Z", adopters, name="adopters"),
    re_path(SLUG + r"adopters/(?P<pk>[0-9]+)/notify/\Z", adoption_notify, name="adoption_notify"),
]
