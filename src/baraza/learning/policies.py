"""Who may do what with packages, runs and adoptions.

- Authors are staff and members of the ``authors`` group; they create packages. A package is
  edited by staff and by its own authors.
- A published package is public. Members enrol in a learning package, record the workshops
  they facilitated, and record their institution's adoption of a package.
"""

from __future__ import annotations

from dataclasses import dataclass

from baraza.core.policies import rule
from baraza.learning.models import Kind, Package, WorkshopRun

AUTHORS_GROUP = "authors"


def is_author(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_baraza_author", None)
    if cached is None:
        cached = user.groups.filter(name=AUTHORS_GROUP).exists()
        user._baraza_author = cached
    return cached


@dataclass(frozen=True)
class Catalogue:
    """All packages: what authors add to."""


@rule(Catalogue, "author")
def can_author(user, _catalogue) -> bool:
    return is_author(user)


@rule(Package, "edit", "publish", "results")
def can_edit(user, package: Package) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return is_author(user) and package.authors.filter(pk=user.pk).exists()


@rule(Package, "read")
def can_read(user, package: Package) -> bool:
    return package.is_published or can_edit(user, package)


@rule(Package, "enrol")
def can_enrol(user, package: Package) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and package.is_published
        and package.kind == Kind.LEARNING
    )


@rule(Package, "record_run")
def can_record_run(user, package: Package) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and package.is_published
        and package.kind == Kind.WORKSHOP
    )


@rule(Package, "adopt")
def can_adopt(user, package: Package) -> bool:
    return user.is_authenticated and user.is_active and package.is_published


@rule(WorkshopRun, "read")
def can_read_run(user, run: WorkshopRun) -> bool:
    # A run lists participants' names and scores: its facilitators and the package's
    # authors see it; everyone else sees the cascade's aggregate numbers only.
    return can_edit_run(user, run)


@rule(WorkshopRun, "edit")
def can_edit_run(user, run: WorkshopRun) -> bool:
    if not user.is_authenticated:
        return False
    return user.pk in (run.facilitator_id, run.created_by_id) or can_edit(user, run.package)
