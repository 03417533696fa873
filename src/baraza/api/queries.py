"""What the API reads: only public things, with eager loading built in.

Public means: published experiences (a withdrawn one only as a tombstone), their versions,
editions, the vocabularies, the global library and public communities' libraries, and public
communities. Drafts, curation, members-only and private communities never appear.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from baraza.communities import queries as community_queries
from baraza.communities.models import Community, Visibility
from baraza.compendium import queries as compendium_queries
from baraza.compendium.models import Experience, ExperienceVersion, Status
from baraza.discussions.queries import topics_in
from baraza.editions import queries as edition_queries
from baraza.editions.models import Edition, EditionEntry
from baraza.library import queries as library_queries
from baraza.library.models import Resource
from baraza.taxonomy.models import Country, Theme

ANONYMOUS = AnonymousUser()
PUBLIC_STATES = (Status.PUBLISHED, Status.WITHDRAWN)
DISCUSSIONS_SHOWN = 10


def filter_problems(params: QueryDict) -> list[str]:
    """What is wrong with the list's filters: each value that is not known, by parameter."""
    terms = compendium_queries.vocabularies()
    problems = []
    for facet in compendium_queries.FACETS:
        for value in params.getlist(facet.key)[: compendium_queries.MAX_VALUES]:
            one = QueryDict(mutable=True)
            one[facet.key] = value
            if value.strip() and compendium_queries.parse(one, terms).problems:
                problems.append(
                    _("“%(value)s” is not a known value of the filter “%(name)s”.")
                    % {"value": value[:40], "name": facet.key}
                )
    return problems


def experiences(params) -> QuerySet[Experience]:
    """The list's records with their countries and phases (``for_list`` loads them)."""
    records = compendium_queries.for_list(compendium_queries.published_filtered(params))
    return records.only(
        *compendium_queries.LIST_FIELDS,
        "who_region",
        "version_number",
        "engagement_level__slug",
        "engagement_level__name_en",
        "engagement_level__name_fr",
    )


def public_experience(identifier: str) -> Experience | None:
    """A published or withdrawn record; None for any other (it doesn't exist publicly)."""
    experience = compendium_queries.experience_by_identifier(identifier[:40])
    if experience is None or experience.status not in PUBLIC_STATES:
        return None
    return experience


def versions(experience: Experience) -> QuerySet[ExperienceVersion]:
    return experience.versions.order_by("number").defer("data")


def latest_version(experience: Experience) -> ExperienceVersion | None:
    return experience.versions.order_by("-number").first()


def version(experience: Experience, number: int) -> ExperienceVersion | None:
    return experience.versions.filter(number=number).first()


def editions() -> QuerySet[Edition]:
    return edition_queries.with_counts()


def edition(number: str) -> Edition | None:
    return (
        editions()
        .select_related("previous", "criteria_set")
        .prefetch_related("files")
        .filter(number=number[:20])
        .first()
    )


def edition_entries(edition: Edition) -> QuerySet[EditionEntry]:
    return edition_queries.entries(edition)


def resources() -> QuerySet[Resource]:
    """The global library and public communities' libraries: what an anonymous visitor reads."""
    return (
        library_queries.readable_by(ANONYMOUS)
        .select_related("community", "language")
        .prefetch_related(
            Prefetch("countries", Country.objects.only("pk", "code").order_by("code")),
            Prefetch("themes", Theme.objects.only("pk", "slug").order_by("slug")),
        )
        .defer("text")
        .order_by("-created_at", "-pk")
    )


def communities() -> QuerySet[Community]:
    return community_queries.explore(ANONYMOUS).filter(visibility=Visibility.PUBLIC)


def community(slug: str) -> Community | None:
    return communities().filter(slug=slug[:80]).first()


def discussions(community: Community):
    return topics_in(community, viewer=ANONYMOUS)[:DISCUSSIONS_SHOWN]
