"""Editions of the compendium: frozen, citable releases of the published records.

An ``Edition`` (``2026.1``) is an immutable manifest: one ``EditionEntry`` per published
experience *version* at release time, the criteria set then active, a snapshot of every
vocabulary (with a hash, the vocabulary version), the release notes in both languages and the
change log against the previous edition (added, updated, withdrawn), computed at release. Only
the DOI can be set later, once a registration agency has given one.

Each edition has ``EditionFile``s: the PDF and the EPUB in each language, the offline HTML
bundle and the dataset, built by background tasks. A file's build can fail and be retried
without touching the edition or the files of other editions.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# A build of 500 records takes about a minute; one not done after this has stalled.
STALLED_AFTER = timedelta(minutes=30)

EDITION_NUMBER = RegexValidator(
    r"^[0-9]{4}\.[1-9][0-9]{0,2}$",
    _("Give the edition number as a year, a dot and a number, e.g. 2026.1."),
    code="edition_number",
)


class Edition(models.Model):
    number = models.CharField(_("edition"), max_length=8, unique=True, validators=[EDITION_NUMBER])
    # (year, sequence) of the number, for ordering: "2026.10" comes after "2026.9".
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveSmallIntegerField(editable=False)
    notes_en = models.TextField(_("release notes (English)"), blank=True)
    notes_fr = models.TextField(_("release notes (French)"), blank=True)
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        help_text=_("The edition's DOI, once a registration agency has given one."),
    )
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next"
    )
    criteria_set = models.ForeignKey(
        "compendium.CriteriaSet", on_delete=models.PROTECT, null=True, related_name="+"
    )
    vocabularies = models.JSONField(_("vocabularies"), default=dict)
    vocabulary_version = models.CharField(_("vocabulary version"), max_length=16)
    # {"added": [identifier, ...], "updated": [...], "withdrawn": [...]}
    changes = models.JSONField(_("changes"), default=dict)
    released_at = models.DateTimeField(_("released"), default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year", "-sequence"]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None and list(kwargs.get("update_fields") or ()) != ["doi"]:
            raise ValueError("A released edition is immutable: only its DOI can be saved.")
        year, _dot, sequence = self.number.partition(".")
        self.year, self.sequence = int(year), int(sequence)
        super().save(*args, **kwargs)

    @property
    def notes(self) -> str:
        language = (get_language() or "en")[:2]
        own = self.notes_fr if language == "fr" else self.notes_en
        return own or self.notes_en or self.notes_fr

    def count(self, kind: str) -> int:
        return len(self.changes.get(kind, ()))


class EditionEntry(models.Model):
    """One published version in an edition's manifest."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="entries")
    version = models.ForeignKey(
        "compendium.ExperienceVersion", on_delete=models.PROTECT, related_name="edition_entries"
    )
    experience = models.ForeignKey(
        "compendium.Experience", on_delete=models.PROTECT, related_name="edition_entries"
    )
    identifier = models.CharField(max_length=40)
    number = models.PositiveIntegerField()  # the version's number

    class Meta:
        ordering = ["edition", "identifier"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "experience"], name="edition_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.edition.number}: {self.identifier}.v{self.number}"


class FileKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    EPUB = "epub", _("EPUB e-book")
    OFFLINE = "offline", _("Offline website (zip)")
    DATASET = "dataset", _("Dataset: CSV, JSON Lines and Data Package (zip)")


class BuildState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    BUILDING = "building", _("building")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class EditionFile(models.Model):
    """One output of an edition: a file per kind and language ("" for both languages)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=8, choices=FileKind.choices)
    language = models.CharField(_("language"), max_length=2, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=BuildState.choices, default=BuildState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="editions/", max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("edition file")
        verbose_name_plural = _("edition files")
        ordering = ["edition", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind", "language"], name="edition_file_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition.number} {self.kind} {self.language}".strip()

    @property
    def stalled(self) -> bool:
        """Waiting or building for longer than any build takes: its worker has gone (a restart,
        a lack of memory), so curators may build it again."""
        if self.state not in (BuildState.QUEUED, BuildState.BUILDING):
            return False
        since = self.started_at or self.edition.released_at
        return since < timezone.now() - STALLED_AFTER

    @property
    def filename(self) -> str:
        suffix = {"pdf": "pdf", "epub": "epub", "offline": "zip", "dataset": "zip"}[self.kind]
        name = {"offline": "offline", "dataset": "dataset"}.get(self.kind, "")
        parts = ["ce-compendium", self.edition.number, name, self.language]
        return "-".join(p for p in parts if p) + f".{suffix}"
