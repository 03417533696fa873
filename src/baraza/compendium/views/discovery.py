"""Discovery: ``/sitemap.xml``, the Atom feeds of new experiences and new editions, and the
statistics page with its CSV files.

Everything here is public, and lists only what anyone may read: published records (their
current version), released editions, the global library and public communities' libraries,
and public communities. Drafts, records under review and withdrawn records appear nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import F, Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from baraza.compendium import citation, statistics
from baraza.compendium.models import Experience, ExperienceVersion, Status, reader_language
from baraza.core.xmltext import xml_text

LANGUAGES = ("en", "fr")
# A sitemap file holds at most 50,000 addresses; each record, resource and community gives one
# per language: 2 × (12,000 + 5,000 + 5,000) + the fixed pages and editions stays below.
# Past these, the newest are listed (a sitemap index would be the next step).
MAX_RECORDS = 12_000
MAX_OTHERS = 5_000
FEED_SIZE = 30


def _url(name: str, *args, language: str) -> str:
    """The absolute address of a page in ``language``."""
    with translation.override(language):
        path = reverse(name, args=args)
    return settings.SITE_URL.rstrip("/") + path


# --- sitemap.xml ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page, with its address in each language (each language's entry lists them all)."""

    urls: dict[str, str]  # language -> absolute address
    lastmod: datetime | None = None

    @property
    def entries(self) -> list[tuple[str, dict[str, str]]]:
        return [(url, self.urls) for url in self.urls.values()]


def _page(name: str, *args, lastmod=None) -> Page:
    return Page({language: _url(name, *args, language=language) for language in LANGUAGES}, lastmod)


def _pages(name: str, sample, rows) -> list[Page]:
    """A page per ``(value, lastmod)`` row: each language's address is reversed once, with a
    ``sample`` value that appears nowhere else in it, then filled in (tens of thousands of
    reverses would be slow)."""
    patterns = {
        language: _url(name, sample, language=language).replace(str(sample), "{}")
        for language in LANGUAGES
    }
    return [
        Page({language: p.format(value) for language, p in patterns.items()}, at)
        for value, at in rows
    ]


def _sitemap_pages() -> list[Page]:
    """Every public page worth indexing: four queries, whatever the numbers of records."""
    from baraza.communities.queries import readable_by as communities_readable
    from baraza.editions.models import Edition
    from baraza.library.queries import readable_by as resources_readable

    anyone = AnonymousUser()
    records = (
        Experience.objects.filter(status=Status.PUBLISHED)
        .annotate(lastmod=Max("versions__published_at"))
        .order_by("-lastmod", "identifier")
        .values_list("identifier", "lastmod")[:MAX_RECORDS]
    )
    editions = Edition.objects.order_by("-year", "-sequence").values_list("number", "released_at")
    resources = (
        resources_readable(anyone)
        .order_by("-updated_at", "-pk")
        .values_list("pk", "updated_at")[:MAX_OTHERS]
    )
    communities = (
        communities_readable(anyone).order_by("slug").values_list("slug", "created_at")[:MAX_OTHERS]
    )
    newest = records[0][1] if records else None
    pages = [
        _page("home"),
        _page("compendium:index", lastmod=newest),
        _page("compendium:statistics", lastmod=newest),
        _page("compendium:map", lastmod=newest),
        *_pages("compendium:detail", "CE-0000-0000", records),
        *(_page("editions:detail", number, lastmod=at) for number, at in editions),
        *_pages("library:detail", 918273645, resources),
        *_pages("communities:detail", "zz-sample-zz", communities),
    ]
    return pages


@require_GET
@cache_control(public=True, max_age=3600)
def sitemap(request):
    return render(
        request,
        "compendium/discovery/sitemap.xml",
        {"pages": _sitemap_pages()},
        content_type="application/xml; charset=utf-8",
    )


# --- Atom feeds -----------------------------------------------------------------------------


class _AtomFeed(Feed):
    feed_type = Atom1Feed

    # One instance serves every request: the language is read from the request's thread
    # (the URL's prefix), never stored on the instance.
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=900"
        return response

    def feed_url(self):
        return _url(self.url_name, language=reader_language())

    def link(self):
        return _url("compendium:index", language=reader_language())

    def feed_guid(self):
        return self.feed_url()

    def author_name(self):
        return settings.SITE_NAME


class ExperiencesFeed(_AtomFeed):
    """The records published or updated most recently: each one's current version."""

    url_name = "compendium:feed_experiences"

    def title(self):
        return _("New experiences in the %(site)s compendium") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return _("Community engagement experiences, as they are published or updated.")

    def items(self):
        return (
            ExperienceVersion.objects.filter(
                experience__status=Status.PUBLISHED, number=F("experience__version_number")
            )
            .select_related("experience")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def _citation(self, item):
        if not hasattr(item, "_citation"):
            item._citation = citation.of(item, reader_language())
        return item._citation

    def item_title(self, item):
        return xml_text(self._citation(item).title or item.experience.identifier)

    def item_description(self, item):
        # Atom summaries are HTML: the record's plain text is escaped, never interpreted.
        return linebreaks(xml_text(self._citation(item).summary), autoescape=True)

    def item_link(self, item):
        return self._citation(item).url

    def item_guid(self, item):
        return self._citation(item).url

    def item_pubdate(self, item):
        return item.experience.published_at or item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [xml_text(keyword) for keyword in self._citation(item).keywords]


class EditionsFeed(_AtomFeed):
    """Released editions, the latest first."""

    url_name = "compendium:feed_editions"

    def title(self):
        return _("New editions of the %(site)s compendium") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return _("Frozen, citable releases of the compendium, with their downloads.")

    def items(self):
        from baraza.editions.models import Edition

        return Edition.objects.order_by("-released_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return _("Edition %(number)s") % {"number": item.number}

    def item_description(self, item):
        notes = linebreaks(xml_text(item.notes), autoescape=True)
        changes = _("Records added: %(added)s; updated: %(updated)s; withdrawn: %(withdrawn)s.") % {
            "added": item.count("added"),
            "updated": item.count("updated"),
            "withdrawn": item.count("withdrawn"),
        }
        return f"{notes}\n<p>{changes}</p>" if notes else f"<p>{changes}</p>"

    def item_link(self, item):
        return _url("editions:detail", item.number, language=reader_language())

    def item_guid(self, item):
        # The same entry in both languages' feeds: the English page's address.
        return _url("editions:detail", item.number, language="en")

    def item_pubdate(self, item):
        return item.released_at

    def item_updateddate(self, item):
        return item.released_at


# --- Statistics -----------------------------------------------------------------------------


@require_GET
def statistics_page(request):
    language = reader_language()
    found = statistics.statistics(language)
    return render(
        request,
        "compendium/statistics/index.html",
        {"total": found.total, "charts": found.charts},
    )


@require_GET
def statistics_csv(request, chart: str):
    if chart not in statistics.SPECS:
        raise Http404
    language = reader_language()
    spec = statistics.SPECS[chart]
    response = HttpResponse(
        statistics.csv_text(chart, language), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{spec.filename}.csv"
    )
    return response
