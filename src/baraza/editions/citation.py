"""How to cite an edition, and its address: for its page, its files and the API."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baraza.editions.models import Edition


def edition_url(edition: Edition, language: str | None = None) -> str:
    """The landing page's absolute address, in ``language`` (default: the active one)."""
    with translation.override(language or translation.get_language()):
        path = reverse("editions:detail", args=[edition.number])
    return settings.SITE_URL.rstrip("/") + path


def cite_text(edition: Edition, language: str | None = None) -> str:
    """The "cite this edition" sentence, in ``language``; the DOI link when there is one."""
    language = language or translation.get_language() or "en"
    link = f"https://doi.org/{edition.doi}" if edition.doi else edition_url(edition, language)
    with translation.override(language):
        compendium = _("%(site)s Community Engagement Compendium") % {"site": settings.SITE_NAME}
        return _(
            "%(compendium)s, edition %(number)s [data set]. %(publisher)s; %(date)s. %(link)s"
        ) % {
            "compendium": compendium,
            "number": edition.number,
            "publisher": settings.SITE_NAME,
            "date": timezone.localdate(edition.released_at).isoformat(),
            "link": link,
        }
