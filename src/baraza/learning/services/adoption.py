"""Institutions that adopt or adapt a package, and telling them of new versions.

A member records their institution's adoption of a published package (which version, in which
curriculum and cohort, what they adapted). When a new version is published, each member who
asked to hear of new versions gets one email, whatever the number of their adoptions of that
package, in their own language, once the publishing transaction has committed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from baraza.core import audit, mail
from baraza.core.policies import require, rule
from baraza.core.tasks import enqueue
from baraza.learning.models import Adoption, Package, PackageVersion
from baraza.learning.snapshot import pick

logger = logging.getLogger("baraza.learning")


@rule(Adoption, "edit")
def can_edit_adoption(user, adoption: Adoption) -> bool:
    """The member who recorded an adoption, and staff, change whether it is told of versions."""
    return user.is_authenticated and (user.pk == adoption.recorded_by_id or user.is_staff)


@transaction.atomic
def record_adoption(
    *,
    actor,
    package: Package,
    institution: str,
    country: str,
    kind: str,
    curriculum: str,
    cohort: str = "",
    adaptation: str = "",
    notify: bool = True,
) -> Adoption:
    package = Package.objects.select_for_update().get(pk=package.pk)
    require(actor, "adopt", package)
    adoption = Adoption.objects.create(
        package=package,
        institution=institution.strip(),
        country=country,
        kind=kind,
        curriculum=curriculum.strip(),
        cohort=cohort.strip(),
        adaptation=adaptation.strip(),
        version_number=package.version_number,
        recorded_by=actor,
        notify=notify,
    )
    audit.record(
        actor=actor,
        action="package.adopt",
        target=adoption,
        scope=package,
        version=package.version_number,
        kind=kind,
    )
    return adoption


@transaction.atomic
def set_notify(*, actor, adoption: Adoption, notify: bool) -> Adoption:
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    require(actor, "edit", adoption)
    adoption.notify = notify
    adoption.save(update_fields=["notify"])
    audit.record(
        actor=actor,
        action="package.adoption.notify",
        target=adoption,
        scope=adoption.package,
        notify=notify,
    )
    return adoption


def tell_adopters_later(version: PackageVersion) -> None:
    """Email the adopters of ``version``'s package in the background, once the current
    transaction commits."""
    from baraza.learning import tasks

    enqueue(tasks.tell_adopters, version.pk)


def tell_adopters(version_pk: int) -> int:
    """One email per member with adoptions of the package that want news; how many were sent."""
    version = PackageVersion.objects.select_related("package").get(pk=version_pk)
    package = version.package
    adoptions = (
        Adoption.objects.filter(package=package, notify=True, recorded_by__is_active=True)
        .select_related("recorded_by")
        .order_by("recorded_by_id", "institution")
    )
    by_member: dict[int, tuple] = {}
    for adoption in adoptions:
        member = adoption.recorded_by
        user, institutions = by_member.setdefault(member.pk, (member, []))
        if adoption.institution not in institutions:
            institutions.append(adoption.institution)
    sent = 0
    for user, institutions in by_member.values():
        if not user.email:
            continue
        language = user.language if user.language in ("en", "fr") else settings.LANGUAGE_CODE
        with translation.override(language):
            try:
                _send(user, package, version, language, institutions)
            except Exception:  # one unreachable address must not stop the others
                logger.exception("new version email failed", extra={"user_id": user.pk})
                continue
        sent += 1
    return sent


def _send(user, package: Package, version: PackageVersion, language: str, institutions) -> None:
    site = settings.SITE_URL.rstrip("/")
    original = version.data.get("original_language") or package.original_language
    mail.send(
        template="learning/mail/new_version",
        to=user.email,
        context={
            "recipient": user,
            # The title as published: the authors may already be editing the next one.
            "title": pick(version.data.get("title"), language, original),
            "version": version,
            "notes": pick({"en": version.notes_en, "fr": version.notes_fr}, language, original),
            "institutions": institutions,
            "link": site + reverse("learning:versions", args=[package.slug]),
            "adopters_link": site + reverse("learning:adopters", args=[package.slug]),
        },
    )
