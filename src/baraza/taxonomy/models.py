"""Controlled vocabularies, in English and French.

Names are editorial content: django-modeltranslation gives each translated field one column per
language (``name_en``, ``name_fr``), so each language can be indexed with its own configuration.
The vocabularies are loaded by data migrations and curated in the admin.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WHORegion(models.TextChoices):
    AFR = "AFR", _("African Region")
    AMR = "AMR", _("Region of the Americas")
    SEAR = "SEAR", _("South-East Asia Region")
    EUR = "EUR", _("European Region")
    EMR = "EMR", _("Eastern Mediterranean Region")
    WPR = "WPR", _("Western Pacific Region")


class Country(models.Model):
    code = models.CharField(
        _("ISO 3166-1 code"), max_length=2, unique=True, help_text=_("Two capital letters.")
    )
    name = models.CharField(_("name"), max_length=100)
    who_region = models.CharField(
        _("WHO region"), max_length=4, choices=WHORegion.choices, blank=True
    )
    timezone = models.CharField(
        _("usual time zone"),
        max_length=64,
        default="UTC",
        help_text=_("Suggested to members from this country when they sign up."),
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A entry of a short, ordered vocabulary."""

    slug = models.SlugField(_("identifier"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class StakeholderType(Term):
    class Meta(Term.Meta):
        verbose_name = _("stakeholder type")
        verbose_name_plural = _("stakeholder types")


class Theme(Term):
    """A theme of the community health learning agenda."""

    description = models.TextField(_("description"), blank=True)

    class Meta(Term.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


# --- The vocabularies of the Community Engagement Compendium --------------------------------


class Setting(Term):
    class Meta(Term.Meta):
        verbose_name = _("setting")
        verbose_name_plural = _("settings")


class Phase(Term):
    """Prevention, preparedness, readiness, response, recovery, routine primary health care."""

    class Meta(Term.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")


class HealthArea(Term):
    class Meta(Term.Meta):
        verbose_name = _("health area")
        verbose_name_plural = _("health areas")


class EngagementApproach(Term):
    class Meta(Term.Meta):
        verbose_name = _("community engagement approach")
        verbose_name_plural = _("community engagement approaches")


class EngagementLevel(Term):
    """A level of the IAP2 spectrum of public participation, from inform to empower."""

    description = models.TextField(_("description"), blank=True)

    class Meta(Term.Meta):
        verbose_name = _("level of engagement")
        verbose_name_plural = _("levels of engagement")


class EvidenceType(Term):
    """How an experience's results are known, from an anecdote to a systematic review."""

    class Meta(Term.Meta):
        verbose_name = _("type of evidence")
        verbose_name_plural = _("types of evidence")


class PopulationGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("population group")
        verbose_name_plural = _("population groups")


class PartnerType(Term):
    class Meta(Term.Meta):
        verbose_name = _("implementing-partner type")
        verbose_name_plural = _("implementing-partner types")


class Language(models.Model):
    code = models.CharField(_("ISO 639-1 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
