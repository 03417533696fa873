"""Writes to the search index. Apps call ``index(kind, obj)`` from their services, inside the
same transaction as the write it follows, so the index never disagrees with the data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from django.db import connection, transaction

from baraza.search import analysis, backends, registry
from baraza.search.documents import Entry
from baraza.search.models import Document, Tag

BATCH = 500


def index(kind: str, obj) -> None:
    """Bring the document of ``obj`` up to date, or remove it if nobody should find it now."""
    registered = registry.get(kind)
    entry = registered.entry(obj)
    if entry is None:
        remove(kind, [registered.key(obj)])
    else:
        write([entry])


def remove(kind: str, object_ids: Iterable[str]) -> None:
    object_ids = [str(i) for i in object_ids]
    for start in range(0, len(object_ids), BATCH):
        chunk = object_ids[start : start + BATCH]
        marks = ", ".join(["%s"] * len(chunk))
        _delete(f"d.kind = %s AND d.object_id IN ({marks})", [kind, *chunk])


def remove_community(community_id: int) -> None:
    """Remove every document of a community that is being deleted."""
    _delete("d.community_id = %s", [community_id])


def _delete(where: str, params: list) -> None:
    """Delete the documents ``search_document d`` that satisfy ``where``, with their tags and
    their backend index (in SQL, so that rebuilding a million documents stays cheap)."""
    chosen = f"SELECT d.id FROM search_document d WHERE {where}"
    with transaction.atomic(), connection.cursor() as cursor:
        backends.for_connection().forget(cursor, chosen, params)
        cursor.execute(f"DELETE FROM search_tag WHERE document_id IN ({chosen})", params)
        cursor.execute(f"DELETE FROM search_document WHERE id IN ({chosen})", params)


def _fields(entry: Entry) -> dict:
    texts = {
        language: {
            "title": text.title,
            "body": text.body[: analysis.MAX_INDEXED_CHARS],
            "summary": text.summary,
        }
        for language, text in entry.texts.items()
        if text.title or text.body
    }
    return {
        "access": entry.access,
        "community_id": entry.community_id,
        "original_language": entry.original_language,
        "in_en": "en" in texts,
        "in_fr": "fr" in texts,
        "texts": texts,
        "path": entry.path,
        "date": entry.date,
        "meta": entry.meta,
    }


def _terms(entry: Entry) -> tuple[list[str], list[str]]:
    title: list[str] = []
    body: list[str] = []
    for language, text in entry.texts.items():
        title += analysis.analyse(text.title, language)
        body += analysis.analyse(text.body, language)
    return title, body


@transaction.atomic
def write(entries: list[Entry], *, fresh: bool = False) -> None:
    """Index ``entries``, replacing their documents. ``fresh`` says none of them is indexed yet
    (a rebuild), which saves looking for them."""
    if not entries:
        return
    documents: list[Document] = []
    if fresh:
        documents = Document.objects.bulk_create(
            [Document(kind=e.kind, object_id=e.object_id, **_fields(e)) for e in entries]
        )
    else:
        for entry in entries:
            document, _ = Document.objects.update_or_create(
                kind=entry.kind, object_id=entry.object_id, defaults=_fields(entry)
            )
            documents.append(document)
        Tag.objects.filter(document__in=documents).delete()
    Tag.objects.bulk_create(
        [
            Tag(document=document, facet=facet, value=value[:64])
            for document, entry in zip(documents, entries, strict=True)
            for facet, value in dict.fromkeys(entry.tags)
        ]
    )
    with connection.cursor() as cursor:
        backends.for_connection().store(
            cursor, [(d.pk, *_terms(e)) for d, e in zip(documents, entries, strict=True)]
        )


def reindex(
    kinds: list[str] | None = None, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Rebuild the documents of ``kinds`` (all by default) from their apps. Each kind is
    rebuilt in one transaction: searches meanwhile see the old documents until it commits.
    ``progress(kind, n)`` is told each time ``n`` more documents are written."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        backends.for_connection().tidy(cursor)
    for kind in registry.kinds():
        if kinds and kind.name not in kinds:
            continue
        with transaction.atomic():
            _delete("d.kind = %s", [kind.name])
            counts[kind.name] = 0
            entries = iter(kind.entries())
            while batch := list(islice(entries, BATCH)):
                write(batch, fresh=True)
                counts[kind.name] += len(batch)
                if progress:
                    progress(kind.name, len(batch))
    return counts
