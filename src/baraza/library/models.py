"""Resources shared in the library: case studies, policy notes, evidence syntheses and more.

A resource is one document in one language: an uploaded file, or a link (a web address and/or
a DOI). Its title and abstract are written in that language, so they need no per-language
columns; the same document in another language is a separate resource, linked to this one as
its translation. A resource belongs to a community's library, or to the global library when it
has no community.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.communities.models import Community
from baraza.discussions.models import Topic
from baraza.library.validators import EARLIEST_YEAR, validate_web_address
from baraza.taxonomy.models import Country, Language, Theme


class ResourceType(models.TextChoices):
    CASE_STUDY = "case-study", _("Case study")
    POLICY_NOTE = "policy-note", _("Policy note")
    EVIDENCE_SYNTHESIS = "evidence-synthesis", _("Evidence synthesis")
    TOOL = "tool", _("Tool or guideline")
    REPORT = "report", _("Report")
    COLLABORATIVE_STUDY = "collaborative-study", _("Collaborative study")
    DISCUSSION_SUMMARY = "discussion-summary", _("Discussion summary")
    OTHER = "other", _("Other")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("CC BY 4.0 (reuse with credit)")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0 (reuse with credit, share alike)")
    CC_BY_NC = "cc-by-nc-4.0", _("CC BY-NC 4.0 (reuse with credit, not commercially)")
    CC0 = "cc0", _("CC0 (public domain)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")
    OTHER = "other", _("Other licence")


def _file_path(resource: Resource, filename: str) -> str:
    """A path nobody can guess; the readable name is kept in ``file_name`` for downloads."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"library/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Resource(models.Model):
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the global library."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=ResourceType.choices)
    title = models.CharField(_("title"), max_length=300)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(EARLIEST_YEAR)]
    )
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="+"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    url = models.URLField(
        _("web address"), max_length=1000, blank=True, validators=[validate_web_address]
    )
    abstract = models.TextField(_("abstract"), blank=True)

    file = models.FileField(_("file"), upload_to=_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_kind = models.CharField(_("file kind"), max_length=16, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    text = models.TextField(_("extracted text"), blank=True)

    translations = models.ManyToManyField(
        "self", verbose_name=_("translations"), symmetrical=True, blank=True
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("discussion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="", url="", doi=""), name="resource_has_file_or_link"
            ),
            models.CheckConstraint(
                condition=Q(file="") | Q(url=""), name="resource_is_file_or_link_not_both"
            ),
        ]
        indexes = [models.Index(fields=["community", "-created_at"], name="resource_list_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def link(self) -> str:
        """Where a link resource points: its web address, else its DOI."""
        return self.url or self.doi_url

    @property
    def file_format(self) -> str:
        """What people recognise a file by: PDF, DOCX, PNG…"""
        return PurePath(self.file_name).suffix.lstrip(".").upper()

    @property
    def size_display(self) -> str:
        from baraza.core.uploads import human_size

        return human_size(self.file_size) if self.file_size is not None else ""
