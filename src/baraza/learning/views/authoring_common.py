"""What the authoring views share: the policy-checked package, a 400 page and row addresses."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baraza.core.policies import require
from baraza.learning.models import Package
from baraza.learning.services.authoring import part_of

NOT_AN_AUTHOR = gettext_lazy(
    "Only authors write learning and workshop packages. Ask the site's staff to make you an author."
)
NOT_YOURS = gettext_lazy(
    "Only the package's authors and staff can edit it. Ask one of its authors to add you."
)


def bad_request(request, message):
    """A tampered or impossible request: a page that says what went wrong, status 400."""
    return render(
        request, "core/error.html", {"title": _("Bad request"), "message": message}, status=400
    )


def editable(request, slug: str) -> Package:
    """The package at ``slug``, if the person may edit it (else 404 or 403)."""
    package = get_object_or_404(Package, slug=slug)
    require(request.user, "edit", package, reason=NOT_YOURS)
    return package


def row_url(package: Package, row) -> str:
    """The editor's page of ``row`` (the package's own page for the package)."""
    if isinstance(row, Package):
        return reverse("learning:author_package", args=[package.slug])
    return reverse("learning:author_row", args=[package.slug, part_of(row).kind, row.pk])
