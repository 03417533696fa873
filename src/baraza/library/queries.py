"""Reads of the library, with permission filtering and eager loading built in."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from baraza.communities import queries as community_queries
from baraza.communities.models import Community, Visibility
from baraza.communities.policies import is_site_facilitator
from baraza.library.models import Resource
from baraza.taxonomy.models import Country, Language, Theme


@dataclass(frozen=True)
class LibraryFilters:
    kind: str = ""
    theme: str = ""
    language: str = ""
    country: str = ""
    year: int | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return any((self.kind, self.theme, self.language, self.country, self.year, self.q))


def readable_by(user) -> QuerySet[Resource]:
    """Every resource ``user`` may read: the global library, public communities' libraries,
    and those of the communities they belong to (all of them for the site's facilitators).
    Mirrors ``policies.can(user, "read", resource)``."""
    resources = Resource.objects.all()
    if is_site_facilitator(user):
        return resources
    readable = Q(community__isnull=True) | Q(community__visibility=Visibility.PUBLIC)
    if user.is_authenticated:
        readable |= Q(community__in=community_queries.communities_of(user))
    return resources.filter(readable)


def added_between(since, until) -> QuerySet[Resource]:
    """Resources added in ``(since, until]``, oldest first, with their community: the email
    digests' library section (which keeps, for each member, the ones they may read)."""
    return (
        Resource.objects.filter(created_at__gt=since, created_at__lte=until)
        .select_related("community")
        .defer("text")
        .order_by("created_at", "pk")
    )


def library(user, filters: LibraryFilters, *, community: Community | None = None):
    """The library page: everything ``user`` may read, or one community's library."""
    resources = readable_by(user)
    if community is not None:
        resources = resources.filter(community=community)
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.theme:
        resources = resources.filter(themes__slug=filters.theme)
    if filters.language:
        resources = resources.filter(language__code=filters.language)
    if filters.country:
        resources = resources.filter(countries__code=filters.country)
    if filters.year:
        resources = resources.filter(year=filters.year)
    if filters.q:
        resources = resources.filter(
            Q(title__icontains=filters.q)
            | Q(authors__icontains=filters.q)
            | Q(abstract__icontains=filters.q)
            | Q(text__icontains=filters.q)
        )
    return (
        resources.select_related("community", "language")
        .prefetch_related("themes")
        .defer("text", "abstract")
        .order_by("-created_at", "-pk")
    )


def filter_choices(user, *, community: Community | None = None) -> dict:
    """The values worth offering in the filters: only the languages, countries and years that
    resources the viewer may read actually have, so the selects stay short."""
    resources = readable_by(user)
    if community is not None:
        resources = resources.filter(community=community)
    return {
        "languages": Language.objects.filter(pk__in=resources.values("language")),
        "countries": Country.objects.filter(pk__in=resources.values("countries")),
        "themes": Theme.objects.all(),
        "years": resources.exclude(year=None).order_by().values_list("year", flat=True).distinct(),
    }


def visible_resource(user, pk: int) -> Resource:
    """The resource with this id if ``user`` may read it; 404 otherwise (not 403: a private
    community's resources don't exist for outsiders)."""
    resource = (
        readable_by(user)
        .select_related("community", "language", "added_by", "topic__community")
        .prefetch_related("countries", "themes")
        .filter(pk=pk)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def translations(user, resource: Resource) -> QuerySet[Resource]:
    """The versions of ``resource`` in other languages that ``user`` may read."""
    return (
        readable_by(user)
        .filter(translations=resource)
        .select_related("language")
        .defer("text")
        .order_by("language__code")
    )


def find_readable(user, pk: int) -> Resource | None:
    return readable_by(user).select_related("language").filter(pk=pk).first()


def translation_languages(other: Resource, *, excluding: Resource | None = None) -> set[int]:
    """The languages (ids) of ``other`` and its translations, and of ``excluding``'s own
    translations, leaving ``excluding`` out: the languages a resource joining both groups
    must not be in."""
    group = Resource.objects.filter(Q(pk=other.pk) | Q(translations=other))
    if excluding is not None and excluding.pk:
        group = (group | Resource.objects.filter(translations=excluding)).exclude(pk=excluding.pk)
    return set(group.values_list("language_id", flat=True))
