"""Library resources in the search index: their title, authors, abstract and the text of their
file, in the resource's own language.

The global library is public; a community's resources are found by whoever may read the
community (checked when searching, so a community that turns private hides them at once).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from baraza.library.models import Resource
from baraza.search import registry
from baraza.search.documents import Access, Entry, Text, path_of

KIND = "resource"


def _resources() -> QuerySet[Resource]:
    return Resource.objects.select_related("language").prefetch_related("themes", "countries")


def entry(resource: Resource) -> Entry | None:
    """The entry of ``resource`` as it is now in the database (``None`` once it is gone)."""
    current = _resources().filter(pk=resource.pk).first()
    return _entry(current) if current is not None else None


def entries() -> Iterator[Entry]:
    # Small chunks: a resource's extracted text can be long.
    for resource in _resources().order_by("pk").iterator(chunk_size=100):
        yield _entry(resource)


def _entry(resource: Resource) -> Entry:
    language = resource.language.code if resource.language_id else "en"
    # A discussion's summary is both the abstract and the text: index it once.
    text = resource.text if resource.text != resource.abstract else ""
    body = "\n\n".join(part for part in (resource.abstract, resource.authors, text) if part)
    meta: dict = {"resource_kind": resource.kind}
    if resource.year:
        meta["year"] = resource.year
    return Entry(
        kind=KIND,
        object_id=str(resource.pk),
        texts={language: Text(title=resource.title, body=body, summary=resource.abstract)},
        original_language=language,
        path=path_of("library:detail", resource.pk),
        date=resource.created_at,
        access=Access.PUBLIC if resource.community_id is None else Access.COMMUNITY,
        community_id=resource.community_id,
        tags=(
            *(("theme", theme.slug) for theme in resource.themes.all()),
            *(("country", country.code) for country in resource.countries.all()),
        ),
        meta=meta,
    )


def register() -> None:
    registry.register(
        KIND,
        label=_("Library resource"),
        plural=_("Library resources"),
        order=30,
        entry=entry,
        entries=entries,
        count=lambda: _resources().count(),
    )
