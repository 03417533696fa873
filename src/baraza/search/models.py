"""The search index: one ``Document`` per searchable thing, whatever its kind.

The text a document is found by lives in the backend's own structure (an FTS5 table on SQLite,
a ``tsvector`` column with a GIN index on PostgreSQL; see ``backends``). This table holds what
the results page shows and what the permission and facet filters read.
"""

from __future__ import annotations

from django.db import models


class Document(models.Model):
    kind = models.CharField(max_length=24)
    object_id = models.CharField(max_length=64)
    access = models.CharField(max_length=12)
    # Not a foreign key: the search app depends on no other app's tables. Documents of a deleted
    # community are removed by the communities service, and never shown meanwhile, as no one
    # can read a community that does not exist.
    community_id = models.BigIntegerField(null=True, blank=True)
    original_language = models.CharField(max_length=8)
    in_en = models.BooleanField(default=False)
    in_fr = models.BooleanField(default=False)
    # {"en": {"title": ..., "body": ..., "summary": ...}, "fr": {...}}: what results show.
    texts = models.JSONField(default=dict)
    path = models.CharField(max_length=300)
    date = models.DateTimeField()
    meta = models.JSONField(default=dict, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]
        indexes = [
            models.Index(fields=["kind", "date"], name="search_document_kind_date"),
            models.Index(fields=["date"], name="search_document_date"),
            models.Index(fields=["community_id"], name="search_document_community"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class Tag(models.Model):
    """A facet value of a document: ("theme", "immunisation"), ("country", "SN")."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="tags")
    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "facet", "value"], name="search_tag_unique")
        ]
        indexes = [models.Index(fields=["facet", "value"], name="search_tag_facet_value")]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"
