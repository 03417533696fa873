"""Read endpoints of open reference data: vocabularies, the public library, public communities."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Path
from ninja.errors import HttpError

from baraza.api import queries, schemas
from baraza.api.core import absolute, api, paginate
from baraza.api.endpoints_records import PAGE, PAGE_SIZE, READ
from baraza.compendium.models import Label
from baraza.editions.queries import vocabulary_snapshot
from baraza.taxonomy.models import WHORegion


def _choices(choices) -> list[dict]:
    terms = []
    for value, _label in choices:
        names = {}
        for language in ("en", "fr"):
            with translation.override(language):
                names[language] = str(dict(choices)[value])
        terms.append({"code": value, **names})
    return terms


def _vocabularies() -> tuple[dict, str]:
    data, version = vocabulary_snapshot()
    data["who_regions"] = _choices(WHORegion.choices)
    data["labels"] = _choices(Label.choices)
    return data, version


@api.get(
    "/vocabularies/",
    response={200: schemas.Vocabularies, **READ},
    url_name="vocabularies",
    tags=["vocabularies"],
    summary=gettext_lazy("List every vocabulary"),
    description=gettext_lazy(
        "The terms the experience filters and records use, with their names in English and "
        "French, and the countries with their WHO region."
    ),
)
def vocabularies(request):
    data, version = _vocabularies()
    return {"version": version, "vocabularies": data}


@api.get(
    "/vocabularies/{name}",
    response={200: schemas.Vocabulary, 404: schemas.Error, **READ},
    url_name="vocabulary",
    tags=["vocabularies"],
    summary=gettext_lazy("Read one vocabulary"),
    description=gettext_lazy("One vocabulary's terms, e.g. phases or countries."),
)
def vocabulary(request, name: str):
    data, _version = _vocabularies()
    if name not in data:
        raise HttpError(404, _("There is no vocabulary “%(name)s”.") % {"name": name[:40]})
    return {"name": name, "terms": data[name]}


# --- The library -----------------------------------------------------------------------------


def _resource(r) -> dict:
    file = None
    if r.file:
        file = {
            "name": r.file_name,
            "size": r.file_size,
            "content_type": r.content_type,
            "download_url": absolute(reverse("library:download", args=[r.pk])),
        }
    return {
        "id": r.pk,
        "kind": r.kind,
        "title": r.title,
        "authors": r.authors,
        "year": r.year,
        "language": r.language.code,
        "countries": [c.code for c in r.countries.all()],
        "themes": [t.slug for t in r.themes.all()],
        "licence": r.licence,
        "doi": r.doi,
        "link": r.link,
        "abstract": r.abstract,
        "file": file,
        "community": r.community.slug if r.community_id else None,
        "created_at": r.created_at,
        "url": absolute(reverse("api:resource", args=[r.pk])),
        "web_url": absolute(reverse("library:detail", args=[r.pk])),
    }


@api.get(
    "/library/resources/",
    response={200: schemas.ResourcePage, **READ},
    url_name="resources",
    tags=["library"],
    summary=gettext_lazy("List library resources"),
    description=gettext_lazy(
        "The global library and the libraries of public communities, the newest first."
    ),
)
def resources(request, page: int = PAGE, page_size: int = PAGE_SIZE):
    found = paginate(request, queries.resources(), page=page, page_size=page_size)
    found["results"] = [_resource(r) for r in found["results"]]
    return found


@api.get(
    "/library/resources/{resource_id}",
    response={200: schemas.Resource, 404: schemas.Error, **READ},
    url_name="resource",
    tags=["library"],
    summary=gettext_lazy("Read a library resource"),
)
def resource(request, resource_id: int = Path(..., ge=1, le=2**62)):
    found = queries.resources().filter(pk=resource_id).first()
    if found is None:
        raise HttpError(404, _("Not found."))
    return _resource(found)


# --- Communities -----------------------------------------------------------------------------


def _community(c) -> dict:
    return {
        "slug": c.slug,
        "name": {"en": c.name_en or "", "fr": c.name_fr or ""},
        "description": {"en": c.description_en or "", "fr": c.description_fr or ""},
        "original_language": c.original_language,
        "member_count": c.member_count,
        "created_at": c.created_at,
        "url": absolute(reverse("api:community", args=[c.slug])),
        "web_url": absolute(reverse("communities:detail", args=[c.slug])),
    }


@api.get(
    "/communities/",
    response={200: schemas.CommunityPage, **READ},
    url_name="communities",
    tags=["communities"],
    summary=gettext_lazy("List public communities"),
    description=gettext_lazy(
        "Communities anyone can read, with their member counts. Members-only and private "
        "communities are not listed."
    ),
)
def communities(request, page: int = PAGE, page_size: int = PAGE_SIZE):
    found = paginate(request, queries.communities(), page=page, page_size=page_size)
    found["results"] = [_community(c) for c in found["results"]]
    return found


@api.get(
    "/communities/{slug}",
    response={200: schemas.CommunityDetail, 404: schemas.Error, **READ},
    url_name="community",
    tags=["communities"],
    summary=gettext_lazy("Read a public community"),
    description=gettext_lazy("A public community and the titles of its latest discussions."),
)
def community(request, slug: str):
    found = queries.community(slug)
    if found is None:
        raise HttpError(404, _("Not found."))
    return {
        **_community(found),
        "discussions": [
            {
                "title": t.title,
                "language": t.language,
                "created_at": t.created_at,
                "last_post_at": t.last_post_at,
                "post_count": t.post_count,
            }
            for t in queries.discussions(found)
        ],
    }
